/**
 * The determinism check behind `npm run bench -- --determinism N`: runs N
 * pairs of exports at the same time, the way two people (or a test suite)
 * would, and counts the pairs whose files differ from each other or from a
 * reference export made alone. Pairs alternate between a cold start (no
 * cached build: one run builds while the other waits for it) and a warm one,
 * and between a pair where one side leaves out the handout and a pair where
 * both make every format. `--load K` keeps K busy processes running
 * throughout, to shift the timing the way a loaded machine does.
 */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { cp, rm } from 'node:fs/promises'
import path from 'node:path'
import process from 'node:process'
import { treeDigest } from '../shared/digest'

export interface DeterminismOptions {
  pairs: number
  /** Busy processes to run alongside the exports. */
  load: number
  root: string
  tmp: string
  /** Where differing exports are copied for inspection. */
  keepDir: string
  /** Runs the export with these arguments into `out`; resolves when it succeeded. */
  runExport: (out: string, args: string[]) => Promise<number>
  log: (line: string) => void
}

export interface PairResult {
  index: number
  cold: boolean
  variant: 'without-handout' | 'both-full'
  /** Files that differ between the two runs or from the reference, by path. */
  differing: string[]
}

const RANGE = ['--range', '1-3']
const VARIANTS = {
  'without-handout': [['--format', 'pdf,png'], []],
  'both-full': [[], []],
} as const

/** Starts `count` processes that keep a core busy until stopped. */
function startLoad(count: number): ChildProcess[] {
  return Array.from({ length: count }, () => spawn(process.execPath, ['-e', 'const end = Date.now() + 3_600_000; while (Date.now() < end);'], { stdio: 'ignore' }))
}

/** Files present in both trees whose bytes differ, plus files only one of them has. */
function compare(a: Record<string, string>, b: Record<string, string>, only?: (file: string) => boolean): string[] {
  const names = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...names].filter(f => (!only || only(f)) && a[f] !== b[f]).sort()
}

export async function runDeterminism(options: DeterminismOptions): Promise<PairResult[]> {
  const { log, tmp } = options
  const cacheDir = path.join(options.root, 'node_modules', '.cache', 'deck-export')
  // PDF dates come from the last commit unless this is set; a commit made while
  // the check runs must not count as a difference.
  process.env.SOURCE_DATE_EPOCH ??= String(Math.floor(Date.now() / 1000))
  const load = startLoad(options.load)
  try {
    // The reference: every format, alone, on a warm build.
    await options.runExport(path.join(tmp, 'det-reference'), RANGE)
    const reference = treeDigest(path.join(tmp, 'det-reference'))
    const results: PairResult[] = []
    for (let i = 0; i < options.pairs; i++) {
      const cold = i % 2 === 0
      const variant = (Math.floor(i / 2) % 2 === 0 ? 'without-handout' : 'both-full') as PairResult['variant']
      if (cold)
        await rm(cacheDir, { recursive: true, force: true })
      const dirs = [0, 1].map(side => path.join(tmp, `det-${i}-${side}`))
      const [argsA, argsB] = VARIANTS[variant]
      await Promise.all([
        options.runExport(dirs[0]!, [...RANGE, ...argsA]),
        options.runExport(dirs[1]!, [...RANGE, ...argsB]),
      ])
      const [a, b] = dirs.map(d => treeDigest(d))
      // manifest.json lists the formats asked for, so it legitimately differs when they do.
      const shared = (f: string) => f in a! && f in b! && (variant === 'both-full' || f !== 'manifest.json')
      const differing = [...new Set([
        ...compare(a!, b!, shared),
        ...compare(reference, a!, f => f in a! && (variant === 'both-full' || f !== 'manifest.json')),
        ...compare(reference, b!),
      ])].sort()
      results.push({ index: i, cold, variant, differing })
      if (differing.length) {
        const kept = path.join(options.keepDir, `pair-${i}`)
        await rm(kept, { recursive: true, force: true })
        await Promise.all([
          ...dirs.map((d, side) => cp(d, path.join(kept, `side-${side}`), { recursive: true })),
          cp(path.join(tmp, 'det-reference'), path.join(kept, 'reference'), { recursive: true }),
        ])
      }
      await Promise.all(dirs.map(d => rm(d, { recursive: true, force: true })))
      log(`  pair ${i + 1}/${options.pairs} (${cold ? 'cold' : 'warm'}, ${variant}): ${differing.length ? `DIFFER in ${differing.join(', ')} (kept in ${path.relative(options.root, path.join(options.keepDir, `pair-${i}`))}/)` : 'identical'}`)
    }
    return results
  }
  finally {
    for (const child of load)
      child.kill('SIGKILL')
  }
}

export function formatDeterminism(results: PairResult[], load: number): string[] {
  const count = (cold: boolean) => {
    const of = results.filter(r => r.cold === cold)
    return `${of.filter(r => r.differing.length).length} of ${of.length}`
  }
  const total = results.filter(r => r.differing.length).length
  return [
    `  differing pairs: ${total} of ${results.length} (cold ${count(true)}, warm ${count(false)}; ${load} busy process(es) alongside)`,
    `  target 0: ${total === 0 ? 'met' : 'NOT met'}`,
  ]
}
