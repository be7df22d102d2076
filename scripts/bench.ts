/**
 * Times the export against Slidev's own `slidev export`, in one process,
 * alternating the tools run by run so a busy machine slows both alike.
 *
 *   npm run bench -- [--runs N] [--only compare,marginal,open,features] [--browser PATH]
 *   npm run bench -- --determinism N [--load K]
 *
 * Prints figures and whether each target is met; it is not a test and always
 * exits 0 once the measurements ran. Each section is one function in
 * SECTIONS, so more can be added without touching the others.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import { findChromium } from './shared/chromium'
import type { FoundChromium } from './shared/chromium'
import { readDeck } from './shared/deck'
import type { Deck } from './shared/deck'
import { formatOpenSection, measureOpen } from './bench/bench-open'
import { formatDeterminism, runDeterminism } from './bench/bench-determinism'
import { benchScale, writeRepeatedDeck } from './bench/bench-scale'
import { parseCli } from './shared/cli'
import { CliError, errorText, reportCliError, UsageError } from './shared/errors'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const NODE = process.execPath
const SLIDEV = path.join(ROOT, 'node_modules', '@slidev', 'cli', 'bin', 'slidev.mjs')
const EXPORT = path.join(ROOT, 'scripts', 'export.ts')

export const TARGETS = {
  /** Our cold export (fresh build; PDF, PNG, handout, PPTX) over Slidev's PDF run plus PNG run. */
  coldRatio: 0.35,
  /** Our warm export (build up to date) over the same. */
  warmRatio: 0.2,
  /** Our warm export (PDF, PNG, handout, PPTX) over Slidev's PDF, PNG and pptx-editable runs. */
  fullWarmRatio: 0.35,
  /** The features fixture: our warm PDF + PNG over `slidev export` PDF then PNG of the same deck. */
  featuresWarmRatio: 0.3,
  /** Extra time for one more slide, PDF + PNG, PNGs at scale 2. */
  marginalMs: 100,
  /** Everything transferred until slide 1 of the static build is shown, fonts included. */
  firstSlideBytes: 1_500_000,
}

export interface BenchContext {
  runs: number
  root: string
  /** Scratch folder for outputs, removed at the end. */
  tmp: string
  chromium: FoundChromium
  deck: Deck
  log: (line: string) => void
}

export interface Section {
  name: string
  title: string
  run: (ctx: BenchContext) => Promise<void>
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met')

/** Runs a command to completion and returns its wall-clock time; a failure aborts the bench with its output. */
export async function timed(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  const started = performance.now()
  const { code, output } = await new Promise<{ code: number | null, output: string }>((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d: Buffer) => { output += d })
    child.stderr.on('data', (d: Buffer) => { output += d })
    child.on('error', reject)
    child.on('close', code => resolve({ code, output }))
  })
  const ms = performance.now() - started
  if (code !== 0)
    throw new CliError(`${label} failed (exit ${code})`, { hint: output.trim().split('\n').slice(-4).join('\n  ') })
  return ms
}

/** Runs both, swapping which goes first on odd runs so neither always gets the warmer machine. */
async function alternate(run: number, first: () => Promise<unknown>, second: () => Promise<unknown>): Promise<void> {
  for (const step of run % 2 === 0 ? [first, second] : [second, first])
    await step()
}

function ourExport(ctx: BenchContext, out: string, extra: string[] = []): Promise<number> {
  return timed(`export ${extra.join(' ')}`.trim(), NODE, ['--import', 'tsx', EXPORT, '--out', out, '--quiet', '--browser', ctx.chromium.path, ...extra])
}

async function slidevExport(ctx: BenchContext, out: string): Promise<{ pdf: number, png: number, pptx: number }> {
  const common = ['export', 'slides.md', '--executable-path', ctx.chromium.path, '--with-clicks', 'false', '--timeout', '120000']
  const pdf = await timed('slidev export --format pdf', NODE, [SLIDEV, ...common, '--format', 'pdf', '--output', path.join(out, 'slidev.pdf')])
  const png = await timed('slidev export --format png', NODE, [SLIDEV, ...common, '--format', 'png', '--scale', '2', '--output', path.join(out, 'slidev-png')])
  const pptx = await timed('slidev export --format pptx-editable', NODE, [SLIDEV, ...common, '--format', 'pptx-editable', '--output', path.join(out, 'slidev.pptx')])
  return { pdf, png, pptx }
}

/**
 * Cold and warm export (every format) against `slidev export`: a PDF run and a PNG run at
 * scale 2 (the older targets), and with its editable PowerPoint run added (the full target).
 */
const compare: Section = {
  name: 'compare',
  title: 'export vs slidev export',
  async run(ctx) {
    const cold: number[] = []
    const warm: number[] = []
    const slidev: number[] = []
    const slidevPdf: number[] = []
    const slidevPng: number[] = []
    const slidevPptx: number[] = []
    for (let i = 0; i < ctx.runs; i++) {
      const out = path.join(ctx.tmp, `compare-${i}`)
      const ours = async () => {
        // The four formats the ratios have always been about; the single-file HTML has a build of its own.
        cold.push(await ourExport(ctx, path.join(out, 'cold'), ['--fresh', '--format', 'pdf,png,handout,pptx']))
        warm.push(await ourExport(ctx, path.join(out, 'warm'), ['--format', 'pdf,png,handout,pptx']))
      }
      const theirs = async () => {
        const t = await slidevExport(ctx, path.join(out, 'slidev'))
        slidevPdf.push(t.pdf)
        slidevPng.push(t.png)
        slidevPptx.push(t.pptx)
        slidev.push(t.pdf + t.png)
      }
      await alternate(i, ours, theirs)
      ctx.log(`  run ${i + 1}/${ctx.runs}: cold ${seconds(cold.at(-1)!)}, warm ${seconds(warm.at(-1)!)}, slidev pdf ${seconds(slidevPdf.at(-1)!)} + png ${seconds(slidevPng.at(-1)!)} + pptx-editable ${seconds(slidevPptx.at(-1)!)}`)
    }
    const full = slidev.map((t, i) => t + slidevPptx[i]!)
    const m = { cold: median(cold), warm: median(warm), slidev: median(slidev), full: median(full) }
    const coldRatio = m.cold / m.slidev
    const warmRatio = m.warm / m.slidev
    const fullRatio = m.warm / m.full
    ctx.log(`  medians over ${ctx.runs} run(s), ${ctx.deck.slides.length} slides:`)
    ctx.log(`    ours, cold (--fresh build):  ${seconds(m.cold)}   [pdf + png + handout + pptx]`)
    ctx.log(`    ours, warm (build reused):   ${seconds(m.warm)}`)
    ctx.log(`    slidev export, pdf + png:    ${seconds(m.slidev)}   (pdf ${seconds(median(slidevPdf))}, png ${seconds(median(slidevPng))})`)
    ctx.log(`    cold ratio ours/slidev: ${coldRatio.toFixed(3)}  (target ≤ ${TARGETS.coldRatio}: ${verdict(coldRatio <= TARGETS.coldRatio)})`)
    ctx.log(`    warm ratio ours/slidev: ${warmRatio.toFixed(3)}  (target ≤ ${TARGETS.warmRatio}: ${verdict(warmRatio <= TARGETS.warmRatio)})`)
    ctx.log(`    slidev export, pdf + png + pptx-editable: ${seconds(m.full)}   (pptx-editable ${seconds(median(slidevPptx))})`)
    ctx.log(`    full warm ratio ours (pdf + png + handout + pptx) / slidev (pdf + png + pptx-editable): ${fullRatio.toFixed(3)}  (target ≤ ${TARGETS.fullWarmRatio}: ${verdict(fullRatio <= TARGETS.fullWarmRatio)})`)
  },
}

/**
 * What one more slide costs: the full deck against `--range 1`, warm, PNGs at scale 2. Measured
 * for PDF + PNG (what `slidev export` produces, and what the target is about) and for every
 * format, since the handout adds a page per slide that Slidev does not make.
 */
const marginal: Section = {
  name: 'marginal',
  title: 'marginal cost of one more slide (scale 2)',
  async run(ctx) {
    const n = ctx.deck.slides.length
    if (n < 2) {
      ctx.log('  skipped: the deck has a single slide')
      return
    }
    // Make sure the build is current, so neither side pays for it.
    await ourExport(ctx, path.join(ctx.tmp, 'marginal-prime'), ['--range', '1'])
    const variants = [
      { label: 'pdf + png', target: true, args: ['--format', 'pdf,png'] },
      { label: 'pdf + png + handout + pptx', target: false, args: ['--format', 'pdf,png,handout,pptx'] },
    ]
    for (const variant of variants) {
      const one: number[] = []
      const full: number[] = []
      for (let i = 0; i < ctx.runs; i++) {
        const out = path.join(ctx.tmp, `marginal-${variant.target ? 'target' : 'all'}-${i}`)
        const a = () => ourExport(ctx, path.join(out, 'one'), ['--range', '1', '--scale', '2', ...variant.args]).then(ms => one.push(ms))
        const b = () => ourExport(ctx, path.join(out, 'full'), ['--scale', '2', ...variant.args]).then(ms => full.push(ms))
        await alternate(i, a, b)
        ctx.log(`  ${variant.label}, run ${i + 1}/${ctx.runs}: 1 slide ${seconds(one.at(-1)!)}, ${n} slides ${seconds(full.at(-1)!)}`)
      }
      const perSlide = (median(full) - median(one)) / (n - 1)
      const judged = variant.target ? `  (target ≤ ${TARGETS.marginalMs} ms: ${verdict(perSlide <= TARGETS.marginalMs)})` : '  (no target: Slidev makes no handout or editable PowerPoint of this kind)'
      ctx.log(`  ${variant.label}: medians --range 1 ${seconds(median(one))}, full deck (${n}) ${seconds(median(full))}`)
      ctx.log(`  ${variant.label}: per extra slide ${perSlide.toFixed(0)} ms${judged}`)
    }
  },
}

/** How fast the static build opens in a browser: time and bytes until slide 1 is shown. */
const open: Section = {
  name: 'open',
  title: 'opening the built deck',
  async run(ctx) {
    const dir = path.join(ctx.tmp, 'open-build')
    await timed('slidev build', NODE, [SLIDEV, 'build', '--out', dir])
    const result = await measureOpen({ dir, runs: Math.max(3, ctx.runs), chromium: ctx.chromium.path })
    for (const line of formatOpenSection(result, TARGETS.firstSlideBytes).slice(1))
      ctx.log(line)
  },
}

/** The features fixture: a deck of its own folder, with every kind of slide content (see its README entry). */
const FEATURES = path.join(ROOT, 'test', 'fixtures', 'features', 'slides.md')

/**
 * A deck other than this project's (test/fixtures/features): ours warm in the two formats
 * `slidev export` writes (PDF, then PNG at scale 2), against the same two runs of it, and
 * the same with click steps; then ours cold and warm in all four formats. `slidev export`
 * exports every feature of that deck offline, so the bench deck is the fixture as it is.
 */
const features: Section = {
  name: 'features',
  title: 'a deck of its own: test/fixtures/features',
  async run(ctx) {
    const cold: number[] = []
    const warm: number[] = []
    const plain: number[] = []
    const clicks: number[] = []
    const slidev: number[] = []
    const slidevClicks: number[] = []
    const common = ['export', FEATURES, '--executable-path', ctx.chromium.path, '--timeout', '120000']
    const slidevPdfPng = async (out: string, extra: string[]) => {
      const pdf = await timed('slidev export (features) --format pdf', NODE, [SLIDEV, ...common, ...extra, '--format', 'pdf', '--output', path.join(out, 'slidev.pdf')])
      const png = await timed('slidev export (features) --format png', NODE, [SLIDEV, ...common, ...extra, '--format', 'png', '--scale', '2', '--output', path.join(out, 'slidev-png')])
      return pdf + png
    }
    for (let i = 0; i < ctx.runs; i++) {
      const out = path.join(ctx.tmp, `features-${i}`)
      const ours = async () => {
        // The four formats every deck gets: the single file needs the deck's fonts bundled, and
        // this one asks Google Fonts for the default theme's (see test/any-deck.test.ts).
        cold.push(await ourExport(ctx, path.join(out, 'cold'), [FEATURES, '--fresh', '--format', 'pdf,png,handout,pptx']))
        warm.push(await ourExport(ctx, path.join(out, 'warm'), [FEATURES, '--format', 'pdf,png,handout,pptx']))
        plain.push(await ourExport(ctx, path.join(out, 'plain'), [FEATURES, '--format', 'pdf,png']))
        clicks.push(await ourExport(ctx, path.join(out, 'clicks'), [FEATURES, '--with-clicks']))
      }
      const theirs = async () => {
        slidev.push(await slidevPdfPng(path.join(out, 'slidev'), []))
        slidevClicks.push(await slidevPdfPng(path.join(out, 'slidev-clicks'), ['--with-clicks', 'true']))
      }
      await alternate(i, ours, theirs)
      ctx.log(`  run ${i + 1}/${ctx.runs}: ours pdf + png warm ${seconds(plain.at(-1)!)}, slidev pdf + png ${seconds(slidev.at(-1)!)}; with clicks ${seconds(clicks.at(-1)!)} and ${seconds(slidevClicks.at(-1)!)}; ours all formats cold ${seconds(cold.at(-1)!)}, warm ${seconds(warm.at(-1)!)}`)
    }
    const m = { cold: median(cold), warm: median(warm), plain: median(plain), clicks: median(clicks), slidev: median(slidev), slidevClicks: median(slidevClicks) }
    ctx.log(`  medians over ${ctx.runs} run(s):`)
    ctx.log(`    ours, warm, pdf + png:             ${seconds(m.plain)}`)
    ctx.log(`    slidev export, pdf then png:       ${seconds(m.slidev)}`)
    ctx.log(`    ours, warm, --with-clicks pdf+png: ${seconds(m.clicks)}`)
    ctx.log(`    slidev export, pdf + png, clicks:  ${seconds(m.slidevClicks)}`)
    ctx.log(`    ours, cold, all four formats:      ${seconds(m.cold)}`)
    ctx.log(`    ours, warm, all four formats:      ${seconds(m.warm)}`)
    ctx.log(`    warm ratio ours/slidev, pdf + png: ${(m.plain / m.slidev).toFixed(3)}  (target ≤ ${TARGETS.featuresWarmRatio}: ${verdict(m.plain / m.slidev <= TARGETS.featuresWarmRatio)})`)
    ctx.log(`    warm ratio with clicks:            ${(m.clicks / m.slidevClicks).toFixed(3)}  (target ≤ ${TARGETS.featuresWarmRatio}: ${verdict(m.clicks / m.slidevClicks <= TARGETS.featuresWarmRatio)})`)
    ctx.log(`    cold ratio, all four formats / slidev pdf + png: ${(m.cold / m.slidev).toFixed(3)}  (target ≤ ${TARGETS.coldRatio}: ${verdict(m.cold / m.slidev <= TARGETS.coldRatio)})`)
  },
}

export const SECTIONS: Section[] = [compare, marginal, open, features]

const USAGE = `Usage: npm run bench -- [options]

Times the export (scripts/export.ts) against \`slidev export\` and prints medians,
ratios, the cost of one more slide, and time and bytes to open the built deck. Sections: ${SECTIONS.map(s => s.name).join(', ')}.

Options:
  --runs N         runs per measurement (default 3)
  --only LIST      comma-separated sections to run (default: all)
  --browser PATH   Chromium for both tools (default: as the export finds it)
  --determinism N  instead of timing, run N pairs of concurrent exports (cold and
                   warm, with and without the handout) and count the pairs whose
                   files differ; differing exports are kept in test/.output/determinism/
  --load K         with --determinism: keep K busy processes running alongside (default 0)
  --slides N       instead of the sections, the deck's body repeated to about N slides,
                   each format exported alone and PDF + PNG together, against the deck
                   itself: wall time, ms a slide, peak memory of Node and Chromium
  -h, --help       show this help`

async function main(argv: string[]): Promise<number> {
  let tmp: string | undefined
  try {
    const values = parseCli(argv, {
      runs: { type: 'string' },
      only: { type: 'string' },
      browser: { type: 'string' },
      determinism: { type: 'string' },
      load: { type: 'string' },
      slides: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    })
    if (values.help) {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    const whole = (name: string, raw: string | undefined, min: number) => {
      const n = Number(raw)
      if (!Number.isInteger(n) || n < min)
        throw new UsageError(`--${name} ${raw}: expected a whole number ≥ ${min}`)
      return n
    }
    const runs = values.runs === undefined ? 3 : whole('runs', values.runs, 1)
    const pairs = values.determinism === undefined ? undefined : whole('determinism', values.determinism, 1)
    const load = values.load === undefined ? 0 : whole('load', values.load, 0)
    const slides = values.slides === undefined ? undefined : whole('slides', values.slides, 2)
    if (values.load !== undefined && pairs === undefined)
      throw new UsageError('--load goes with --determinism')
    const names = values.only?.split(',').map(s => s.trim()).filter(Boolean) ?? SECTIONS.map(s => s.name)
    const unknown = names.filter(n => !SECTIONS.some(s => s.name === n))
    if (unknown.length)
      throw new UsageError(`--only: unknown section ${unknown.join(', ')}; choose from ${SECTIONS.map(s => s.name).join(', ')}`)

    const chromium = findChromium(values.browser)
    const deck = await readDeck(path.join(ROOT, 'slides.md'))
    tmp = await mkdtemp(path.join(os.tmpdir(), 'deck-bench-'))
    const log = (line: string) => process.stdout.write(`${line}\n`)
    log(`bench: ${deck.slides.length} slides, ${runs} run(s) each, Chromium ${chromium.path} (${chromium.how}), ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(2)}`)
    const ctx: BenchContext = { runs, root: ROOT, tmp, chromium, deck, log }
    if (slides !== undefined) {
      const long = writeRepeatedDeck(ROOT, await readFile(path.join(ROOT, 'slides.md'), 'utf8'), deck.slides.length, slides)
      log(`\nlong decks: ${long.count} slides (the deck's body ${long.count / deck.slides.length} times) against ${deck.slides.length}`)
      await benchScale({ root: ROOT, tmp, chromium: chromium.path, exportCommand: [NODE, '--import', 'tsx', EXPORT], log }, { entry: path.join(ROOT, 'slides.md'), count: deck.slides.length }, long)
      return 0
    }
    if (pairs !== undefined) {
      log(`\nconcurrent exports: ${pairs} pair(s), slides 1-3`)
      const results = await runDeterminism({
        pairs,
        load,
        root: ROOT,
        tmp,
        keepDir: path.join(ROOT, 'test', '.output', 'determinism'),
        runExport: (out, args) => ourExport(ctx, out, args),
        log,
      })
      for (const line of formatDeterminism(results, load))
        log(line)
      return 0
    }
    for (const section of SECTIONS.filter(s => names.includes(s.name))) {
      log(`\n${section.title}`)
      await section.run(ctx)
    }
    return 0
  }
  catch (error) {
    if (error instanceof CliError)
      return reportCliError('bench', error)
    process.stderr.write(`bench: unexpected error: ${errorText(error)}\n`)
    return 1
  }
  finally {
    if (tmp)
      await rm(tmp, { recursive: true, force: true }).catch(() => {})
  }
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (invokedDirectly)
  process.exit(await main(process.argv.slice(2)))
