/**
 * Long decks: this project's deck with its body repeated until it has about N slides, exported
 * one format at a time and PDF + PNG together, against the deck itself (24 slides) in the same
 * run. For each: wall time, time a slide beyond the short deck, the peak resident memory of
 * the largest Node process and of all Chromium processes together (the export's process tree,
 * sampled every 0.3 s), and the export's own phase marks as a breakdown.
 *
 *   npm run bench -- --slides 1000
 */
import { spawn } from 'node:child_process'
import { mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import path from 'node:path'
import process from 'node:process'
import { CliError } from '../shared/errors'

const run = promisify(execFile)

/** What the issue of long decks asks for, at about 1,000 slides. */
export const SCALE_TARGETS = {
  nodeMb: 400,
  chromiumMb: 2048,
  /** PDF + PNG, per slide beyond the 24-slide deck. */
  perSlideMs: 80,
}

/** What the repeated deck does not take from the project: its own slides, and what is not the deck. */
const NOT_THE_DECK = new Set(['slides.md', 'node_modules', 'exports', 'dist', 'test', '.git', '.ci'])

/**
 * Writes the repeated deck under the project's cache: its slides.md holds the headmatter once
 * and the body as many times as it takes to reach `slides`; everything else the deck reads
 * (components, data, styles, setup, the Vite config and what it imports) is a link to the
 * project's own. Returns the path of the deck file and its slide count.
 */
export function writeRepeatedDeck(root: string, source: string, perCopy: number, slides: number): { entry: string, count: number } {
  const end = source.indexOf('\n---', source.indexOf('---') + 3)
  const head = source.slice(0, end + 4)
  const body = source.slice(end + 4)
  const copies = Math.max(1, Math.round(slides / perCopy))
  const dir = path.join(root, 'node_modules', '.cache', 'deck-export-decks', `repeated-${copies * perCopy}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  for (const name of readdirSync(root)) {
    if (!NOT_THE_DECK.has(name) && !name.startsWith('.'))
      symlinkSync(path.join(root, name), path.join(dir, name))
  }
  // Each copy starts on a slide of its own: the body's first slide follows the headmatter directly.
  const copy = body.replace(/^\s*\n/, '')
  const entry = path.join(dir, 'slides.md')
  writeFileSync(entry, `${head}\n${Array.from({ length: copies }, () => copy.trimEnd()).join('\n\n---\n\n')}\n`)
  return { entry, count: copies * perCopy }
}

export interface Measured {
  ms: number
  nodeMb: number
  chromiumMb: number
  /** The export's phase marks (DECK_EXPORT_TIMINGS): phase and ms since start. */
  phases: Array<[string, number]>
}

/** RSS in MB of the process tree under `pid`: the largest Node process, and all Chromium processes together. */
async function treeMemory(pid: number): Promise<{ node: number, chromium: number }> {
  const { stdout } = await run('ps', ['-eo', 'pid=,ppid=,rss=,comm='])
  const rows = stdout.trim().split('\n').map((line) => {
    const [p, pp, rss, ...comm] = line.trim().split(/\s+/)
    return { pid: Number(p), ppid: Number(pp), mb: Number(rss) / 1024, comm: comm.join(' ') }
  })
  const inTree = new Set([pid])
  for (let grew = true; grew;) {
    grew = false
    for (const r of rows) {
      if (!inTree.has(r.pid) && inTree.has(r.ppid)) {
        inTree.add(r.pid)
        grew = true
      }
    }
  }
  const mine = rows.filter(r => inTree.has(r.pid))
  return {
    node: Math.max(0, ...mine.filter(r => /^node\b/.test(r.comm)).map(r => r.mb)),
    chromium: mine.filter(r => /chrom|headless_shell/i.test(r.comm)).reduce((sum, r) => sum + r.mb, 0),
  }
}

/** Runs one export with its phase marks on, sampling its memory; a failure stops the bench with the export's last lines. */
export async function measureExport(cwd: string, command: string, args: string[]): Promise<Measured> {
  const started = performance.now()
  const child = spawn(command, args, { cwd, env: { ...process.env, DECK_EXPORT_TIMINGS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (d: Buffer) => { output += d })
  child.stderr.on('data', (d: Buffer) => { output += d })
  const peak = { node: 0, chromium: 0 }
  let sampling = true
  const sampler = (async () => {
    while (sampling) {
      const m = await treeMemory(child.pid!).catch(() => ({ node: 0, chromium: 0 }))
      peak.node = Math.max(peak.node, m.node)
      peak.chromium = Math.max(peak.chromium, m.chromium)
      await new Promise(resolve => setTimeout(resolve, 300))
    }
  })()
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', resolve)
  })
  sampling = false
  await sampler
  const ms = performance.now() - started
  if (code !== 0)
    throw new CliError(`export ${args.slice(-4).join(' ')} failed (exit ${code})`, { hint: output.trim().split('\n').slice(-6).join('\n  ') })
  const phases = [...output.matchAll(/^\s*(\d+) ms {2}(.+)$/gm)].map(m => [m[2]!, Number(m[1])] as [string, number])
  return { ms, nodeMb: Math.round(peak.node), chromiumMb: Math.round(peak.chromium), phases }
}

/** The time between consecutive phase marks, as `phase 1.2 s` pairs. */
export function phaseBreakdown(phases: Array<[string, number]>): string {
  return phases.map(([name, at], i) => `${name} ${((at - (phases[i - 1]?.[1] ?? 0)) / 1000).toFixed(1)} s`).join(', ')
}

/** The formats measured one at a time, then the pair the per-slide target is about. */
const RUNS: Array<{ label: string, args: string[] }> = [
  { label: 'pdf', args: ['--format', 'pdf'] },
  { label: 'png', args: ['--format', 'png'] },
  { label: 'handout', args: ['--format', 'handout'] },
  { label: 'pptx', args: ['--format', 'pptx'] },
  { label: 'html', args: ['--format', 'html'] },
  { label: 'pdf + png', args: ['--format', 'pdf,png'] },
]

export interface ScaleContext {
  root: string
  tmp: string
  chromium: string
  /** The command that runs one export: node and its arguments up to the export's own. */
  exportCommand: [string, ...string[]]
  log: (line: string) => void
}

/** Exports the short deck and the repeated one in each format and prints the figures and the targets. */
export async function benchScale(ctx: ScaleContext, short: { entry: string, count: number }, long: { entry: string, count: number }): Promise<void> {
  const [command, ...lead] = ctx.exportCommand
  const once = (entry: string, out: string, args: string[]) => measureExport(ctx.root, command, [...lead, entry, '--out', out, '--quiet', '--browser', ctx.chromium, ...args])
  // Builds first, so no measured run pays for one (the single file has a build of its own).
  for (const deck of [short, long]) {
    ctx.log(`  building ${deck.count} slides …`)
    await once(deck.entry, path.join(ctx.tmp, `scale-prime-${deck.count}`), ['--format', 'pdf,html', '--range', '1'])
  }
  const rows: Array<{ label: string, short: Measured, long: Measured }> = []
  for (const r of RUNS) {
    const a = await once(short.entry, path.join(ctx.tmp, `scale-${short.count}-${r.label}`), r.args)
    const b = await once(long.entry, path.join(ctx.tmp, `scale-${long.count}-${r.label}`), r.args)
    rows.push({ label: r.label, short: a, long: b })
    const per = (b.ms - a.ms) / (long.count - short.count)
    ctx.log(`  ${r.label.padEnd(10)} ${short.count} slides ${(a.ms / 1000).toFixed(1)} s, ${long.count} slides ${(b.ms / 1000).toFixed(1)} s, ${per.toFixed(0)} ms a slide beyond ${short.count}; peak Node ${b.nodeMb} MB, Chromium ${b.chromiumMb} MB`)
    ctx.log(`             phases at ${long.count}: ${phaseBreakdown(b.phases)}`)
    rmSync(path.join(ctx.tmp, `scale-${long.count}-${r.label}`), { recursive: true, force: true })
  }
  const pair = rows.find(r => r.label === 'pdf + png')!
  const per = (pair.long.ms - pair.short.ms) / (long.count - short.count)
  const node = Math.max(...rows.map(r => r.long.nodeMb))
  const chromium = Math.max(...rows.map(r => r.long.chromiumMb))
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met')
  ctx.log(`  targets at ${long.count} slides:`)
  ctx.log(`    largest Node process ${node} MB (target ≤ ${SCALE_TARGETS.nodeMb} MB: ${verdict(node <= SCALE_TARGETS.nodeMb)})`)
  ctx.log(`    all Chromium processes ${chromium} MB (target ≤ ${SCALE_TARGETS.chromiumMb} MB: ${verdict(chromium <= SCALE_TARGETS.chromiumMb)})`)
  ctx.log(`    pdf + png, ${per.toFixed(0)} ms a slide beyond ${short.count} (target ≤ ${SCALE_TARGETS.perSlideMs} ms: ${verdict(per <= SCALE_TARGETS.perSlideMs)})`)
}
