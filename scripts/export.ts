/**
 * Exports the deck from one build and one browser session: a PDF, one PNG per slide, a handout
 * (slide + notes per page), an editable PowerPoint, and a manifest.
 *
 *   npm run export -- [options]      (see --help, or scripts/shared/cli.ts)
 *
 * The steps: read the deck and the options; let each chosen format refuse a deck it cannot be
 * made from; make a private staging folder beside --out (and
 * remove those left by killed runs); build the deck (or reuse the cached build) while Chromium
 * starts; open the print view; let each chosen format render from it, in the order of the
 * registry (export/formats.ts), which also keeps the page fit for each; check and
 * store what they made; write manifest.json; move everything into --out. A failed or
 * interrupted run leaves --out as it was and names the slide and step.
 *
 * `main` runs one export and keeps its state (RunState) and signal handlers to that run, so it can
 * be called again in the same process; importing this file runs nothing.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import { abandonBuilds, deckCacheDir, ensureBuild, themeFolder } from './export/build/build-cache'
import { missingPackagesError } from './export/build/deck-packages'
import { parseOptions, usage } from './shared/cli'
import type { ExportOptions } from './shared/cli'
import { findChromium } from './shared/chromium'
import { parseRange, readDeck } from './shared/deck'
import { buildFonts } from './shared/fontsource'
import type { Deck } from './shared/deck'
import { CliError, firstLine, reportCliError, UsageError } from './shared/errors'
import { deckRefusals, FORMATS, renderFormats } from './export/formats'
import type { Format, LeftOut } from './export/formats'
import type { BuildRequest, FormatContext, FormatResult } from './export/format-types'
import { loadPrintView, openPrintPage } from './export/print/print-page'
import { remoteSummary } from './export/print/remote-loads'
import type { RemoteLoad } from './export/print/remote-loads'
import { RunControl } from './export/run'
import { serveDir } from './shared/serve'
import { discardStaging, prepareStaging, publishStaging, removeStaleStaging } from './export/staging'

/** 1980-01-01T00:00:00Z: the date used when neither SOURCE_DATE_EPOCH nor git history says otherwise. */
const FALLBACK_EPOCH = 315_532_800

/** Seconds since the epoch for document dates: SOURCE_DATE_EPOCH, else the last commit, else a fixed date. */
function sourceDateEpoch(root: string): number {
  const fromEnv = process.env.SOURCE_DATE_EPOCH
  if (fromEnv !== undefined && /^\d+$/.test(fromEnv.trim()))
    return Number(fromEnv.trim())
  try {
    const out = execFileSync('git', ['log', '-1', '--format=%ct'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).toString().trim()
    if (/^\d+$/.test(out))
      return Number(out)
  }
  catch {}
  return FALLBACK_EPOCH
}

/** A path as the user would write it: relative when under the current folder. */
function shown(file: string): string {
  const rel = path.relative(process.cwd(), file)
  return !rel ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? file : rel
}

/** manifest.json: what was exported, and every file with its size and SHA-256. */
async function writeManifest(run: RunControl, dir: string, deck: Deck, numbers: number[], options: ExportOptions, results: Map<string, FormatResult>, leftOut: LeftOut[], placeholders: RemoteLoad[]): Promise<void> {
  // In the registry's order: the whole deck's files first, then each slide's own (the PNGs).
  const all = FORMATS.flatMap(f => results.get(f.name) ?? [])
  const facts = async (f: FormatResult['files'][number]) => {
    const { path: rel, bytes, sha256 } = await run.store(f.file, f.bytes)
    return { path: rel, bytes, sha256 }
  }
  const files = []
  for (const f of all.flatMap(r => r.files).filter(f => f.slide === undefined))
    files.push({ ...await facts(f), kind: f.kind, pages: f.pages })
  const perSlide = all.flatMap(r => r.files).filter(f => f.slide !== undefined)
  const slides = []
  for (const [i, n] of numbers.entries()) {
    const slide = deck.slides[n - 1]!
    const own = perSlide.filter(f => f.slide === n)
    slides.push({
      number: n,
      title: slide.title,
      ...Object.assign({}, ...all.map(r => r.slideFields?.(n, i) ?? {})),
      hasNotes: Boolean(slide.note),
      files: await Promise.all(own.map(async f => ({ ...await facts(f), kind: f.kind, width: f.width, height: f.height }))),
    })
  }
  const manifest = {
    title: deck.title,
    slideCount: deck.slides.length,
    exported: numbers,
    canvas: { width: deck.canvasWidth, height: deck.canvasHeight },
    scale: options.scale,
    formats: options.formats.filter(f => results.has(f)),
    // Only when a default format could not be made: what it was, why, and how to get it.
    ...(leftOut.length ? { leftOut: leftOut.map(l => ({ format: l.format, reason: l.refusal.message, fix: l.refusal.hint })) } : {}),
    // Only with --placeholders: each remote file that did not load, and the slide it is on (none for the whole deck's).
    ...(placeholders.length ? { placeholders: placeholders.map(p => ({ slide: p.slide ?? null, what: p.what, url: p.url })) } : {}),
    files,
    slides,
  }
  await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
}

/** Where the export's own code lives, and the deck it exports: its entry, its root folder and its build cache. */
interface Paths {
  tool: string
  entry: string
  root: string
  cacheDir: string
}

/**
 * One call of `main`: what it has learnt so far (options, paths, its RunControl once the export
 * starts) and how far publishing got, which an interruption needs to clean up and report.
 * Made afresh for every call, so that `main` can run again in the same process.
 */
interface RunState {
  options?: ExportOptions
  paths?: Paths
  control?: RunControl
  /** The outputs have been moved into --out */
  published: boolean
  /** The outputs are being moved into --out; a signal now waits for that to finish */
  committing: boolean
  /** The first signal received, if any */
  signalled?: NodeJS.Signals
  /** The interruption under way, once one has started */
  aborting?: Promise<never>
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']

const signalExitCode = (signal: NodeJS.Signals): number => signal === 'SIGINT' ? 130 : 143

/** Reports the interruption, cleans up, and ends the process with the signal's exit code. */
async function abort(state: RunState, signal: NodeJS.Signals, options: ExportOptions, paths: Paths): Promise<never> {
  const outcome = state.published ? `the export had just been completed in ${options.out}` : `${options.out} was left as it was`
  process.stderr.write(`export: interrupted by ${signal} during ${state.control?.label() ?? 'start-up'}; ${outcome}\n`)
  await state.control?.cleanup()
  await abandonBuilds(paths.root, paths.cacheDir).catch(() => {})
  process.exit(signalExitCode(signal))
}

/** The interruption of the run, started now if a signal came while it could not stop at once. */
function abortPending(state: RunState, options: ExportOptions, paths: Paths): Promise<never> | undefined {
  if (!state.signalled)
    return undefined
  return state.aborting ??= abort(state, state.signalled, options, paths)
}

/**
 * Listens for SIGINT, SIGTERM and SIGHUP for the length of the run; returns the function that
 * stops listening. Before the export has started, a signal ends the process at once.
 */
function listenForSignals(state: RunState): () => void {
  const handlers = SIGNALS.map((signal): [NodeJS.Signals, () => void] => [signal, () => {
    const { control, options, paths } = state
    if (!control || !options || !paths)
      process.exit(signalExitCode(signal))
    if (state.signalled)
      return
    state.signalled = signal
    // A signal while the outputs are being moved into place waits for that to finish.
    if (!state.committing)
      state.aborting = abort(state, signal, options, paths)
  }])
  for (const [signal, handler] of handlers)
    process.on(signal, handler)
  return () => {
    for (const [signal, handler] of handlers)
      process.off(signal, handler)
  }
}

/**
 * The formats to make of the deck, and how one that cannot be made is left out. What the deck
 * already rules out (fonts the single file would fetch) is known before a build: a format named
 * by --format fails now, one of the defaults is left out with a warning (and so, later, is one
 * whose render refuses it; `leaveOut` records and reports it).
 */
function chooseFormats(run: RunControl, deck: Deck, options: ExportOptions): { formats: Format[], leftOut: LeftOut[], leaveOut: (left: LeftOut) => void } {
  const leftOut: LeftOut[] = []
  const leaveOut = (left: LeftOut) => {
    leftOut.push(left)
    run.warn(`${left.format} left out: ${left.refusal.message}`, left.refusal.hint)
  }
  const refusals = deckRefusals(deck, options.formats)
  if (refusals.length && (options.formatsNamed || refusals.length === options.formats.length))
    throw refusals[0]!.refusal
  refusals.forEach(leaveOut)
  return { formats: options.formats.filter(f => !refusals.some(r => r.format === f)), leftOut, leaveOut }
}

/**
 * The deck and the slides to export (--range), once it is known that the deck can be built:
 * a theme, addon or icon collection it lacks is named with its install line now, not found by
 * Slidev halfway through a build.
 */
async function readSlides(entry: string, options: ExportOptions, tool: string): Promise<{ deck: Deck, numbers: number[] }> {
  const deck = await readDeck(entry).catch((error) => {
    throw new CliError(`cannot read ${shown(entry)}: ${firstLine(error)}`)
  })
  if (!deck.slides.length)
    throw new CliError(`${shown(entry)} has no slides to export`)
  let numbers: number[]
  try {
    numbers = options.range === undefined ? deck.slides.map(s => s.number) : parseRange(options.range, deck.slides.length)
  }
  catch (error) {
    throw new UsageError(`--range ${firstLine(error)}`)
  }
  const lacking = missingPackagesError(deck, tool)
  if (lacking)
    throw lacking
  return { deck, numbers }
}

async function exportDeck(state: RunState, run: RunControl, options: ExportOptions, paths: Paths): Promise<string> {
  const started = performance.now()
  run.at({ step: 'reading the deck' })
  const { entry, root } = paths
  const { deck, numbers } = await readSlides(entry, options, paths.tool)
  const { leftOut, leaveOut, formats } = chooseFormats(run, deck, options)
  options = { ...options, formats }
  // A browser named by --browser or CHROMIUM_PATH is checked now, before anything is written.
  if (options.browser || process.env.CHROMIUM_PATH)
    findChromium(options.browser)

  const staging = await prepareStaging(options.out)
  run.stagingDir = staging.dir
  run.defer(async () => {
    if (!state.published)
      await discardStaging(staging)
  })
  const stale = await removeStaleStaging(staging)
  if (stale.length)
    run.warn(`removed ${stale.length} staging folder${stale.length === 1 ? '' : 's'} left by an interrupted run: ${stale.map(shown).join(', ')}`)
  run.mark('options, deck, staging')

  // The build (a child process when one is needed) and the browser start together; the
  // browser waits until the build is under way, since loading Playwright would otherwise
  // hold up starting it.
  run.at({ step: 'build and browser start-up' })
  let decided!: () => void
  const buildDecided = new Promise<void>(resolve => (decided = resolve))
  run.defer(() => abandonBuilds(root, paths.cacheDir))
  // A deck with a folder of its own is still built with this project's packages: their versions count too.
  const markdownFiles = root === paths.tool ? deck.markdownFiles : [...deck.markdownFiles, path.join(paths.tool, 'package-lock.json')]
  const theme = root === paths.tool ? undefined : themeFolder(root, paths.tool, deck.theme)
  // Web fonts installed as fontsource packages are bundled into both builds, in place of the font service.
  const fonts = buildFonts(deck.webFonts, deck.localFonts)
  const packageFolders = deck.packages.flatMap(p => p.folder && !p.folder.split(path.sep).includes('node_modules') ? [p.folder] : [])
  const request: BuildRequest = { root, entry, markdownFiles, cacheDir: paths.cacheDir, theme, packageFolders, fonts, fresh: options.fresh, log: line => run.progress(`export: ${line}`) }
  const building = ensureBuild({ ...request, onDecided: () => decided() })
  building.catch(() => decided())
  const chosen = FORMATS.filter(f => options.formats.includes(f.name))
  const opening = buildDecided.then(() => openPrintPage(run, deck, numbers, options))
  const preloading = buildDecided.then(() => Promise.all(chosen.map(f => f.preload?.())))
  for (const p of [building, opening, preloading])
    p.catch(() => {})
  // Whichever fails first is reported at once (a missing browser does not wait for the build).
  const [build, print] = await Promise.all([building, opening, preloading])
  // A format's own build (the single file's) comes second, so that it overlaps the browser's
  // work on the other formats rather than the print build.
  const builds = new Map(chosen.flatMap(f => f.build ? [[f.name, f.build(request)] as const] : []))
  for (const own of builds.values())
    own.catch(() => {})
  run.mark(build.reused ? 'build reused, browser ready' : 'build made, browser ready')
  const server = await serveDir(build.dir)
  run.defer(() => server.close())
  const placeholders = await loadPrintView(run, print, server.url, deck, numbers, { ranged: options.range !== undefined, withClicks: options.withClicks, placeholders: options.placeholders })

  const ctx: FormatContext = {
    run,
    print,
    deck,
    numbers,
    options,
    titleOf: n => deck.slides[n - 1]!.title,
    metadata: {
      title: deck.title,
      author: deck.author,
      subject: deck.subject,
      keywords: deck.keywords,
      lang: deck.lang,
      creator: `${deck.title} (Slidev deck)`,
      date: new Date(sourceDateEpoch(root) * 1000),
    },
  }
  const finishing = await renderFormats(ctx, options.formats, { builds, ...options.formatsNamed ? {} : { leaveOut } })
  run.at({ step: 'finishing the files' })
  const results = new Map<string, FormatResult>()
  for (const [name, result] of finishing)
    results.set(name, await result)
  run.mark('files finished')
  run.at({ step: 'closing the browser' })
  await print.context.close().catch(() => {})

  run.at({ step: 'writing the manifest' })
  await writeManifest(run, staging.dir, deck, numbers, options, results, leftOut, placeholders)
  run.mark('manifest')

  const early = abortPending(state, options, paths)
  if (early)
    return early
  state.committing = true
  run.at({ step: 'publishing' })
  try {
    await publishStaging(staging, 'manifest.json')
    state.published = true
    run.mark('publish')
  }
  catch (error) {
    throw new CliError(`could not move the export into ${options.out}: ${firstLine(error)}`, { hint: `The finished files are in ${staging.dir}.` })
  }
  finally {
    state.committing = false
  }
  const late = abortPending(state, options, paths)
  if (late)
    return late

  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  const parts = [...FORMATS.flatMap(f => results.get(f.name)?.summary ?? []), ...leftOut.map(l => `${l.format} left out: ${l.refusal.reason}`), ...remoteSummary(placeholders)]
  const count = numbers.length === deck.slides.length ? `${numbers.length} slides` : `${numbers.length} of ${deck.slides.length} slides`
  return `export: ${count} → ${shown(staging.out)}/ (${parts.join(', ')}) in ${seconds} s, build ${build.reused ? 'reused' : `made in ${(build.ms / 1000).toFixed(1)} s`}`
}

/**
 * Runs one export as `npm run export -- <argv>` would and returns its exit code; an interruption
 * ends the process. Each call keeps its state to itself, so calls can follow one another.
 */
export async function main(argv: string[]): Promise<number> {
  const state: RunState = { published: false, committing: false }
  const tool = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  const stopListening = listenForSignals(state)
  try {
    const options = state.options = parseOptions(argv, FORMATS)
    if (options.help) {
      process.stdout.write(`${usage(FORMATS)}\n`)
      return 0
    }
    const entry = options.deck === undefined ? path.join(tool, 'slides.md') : path.resolve(options.deck)
    if (!existsSync(entry))
      throw new CliError(`${options.deck === undefined ? `no slides.md in ${tool}` : `${options.deck}: no such deck file`}`, { exitCode: options.deck === undefined ? 1 : 2 })
    const paths = state.paths = { tool, entry, root: path.dirname(entry), cacheDir: deckCacheDir(tool, entry) }
    const control = state.control = new RunControl(options.timeoutMs, options.quiet)
    const summary = await exportDeck(state, control, options, paths)
    await control.cleanup()
    if (process.env.DECK_EXPORT_TIMINGS)
      process.stderr.write(`${control.timings.map(([p, ms]) => `${String(ms).padStart(6)} ms  ${p}`).join('\n')}\n`)
    if (!options.quiet)
      process.stdout.write(`${summary}\n`)
    return 0
  }
  catch (error) {
    // An interrupted run fails its pending steps as the browser goes away;
    // the signal handler reports and exits, so stay quiet here.
    if (state.aborting)
      return state.aborting
    await state.control?.cleanup()
    if (error instanceof CliError)
      return reportCliError('export', error)
    process.stderr.write(`export: unexpected error: ${firstLine(error)}\n`)
    if (error instanceof Error && error.stack)
      process.stderr.write(`${error.stack}\n`)
    return 1
  }
  finally {
    stopListening()
  }
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (invokedDirectly) {
  const code = await main(process.argv.slice(2))
  process.exit(code)
}
