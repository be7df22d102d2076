/**
 * One export per deck and set of options, and one static build, for the whole test run, shared
 * by every test file that reads it: the first file to ask makes it, later ones read what it wrote. The
 * exports live under the run's own folder (set by test/global-setup.ts), so a run never reads
 * an earlier run's files.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { runExport } from '../export-helpers'
import type { RunResult } from '../export-helpers'
import { buildDeck } from './browser-deck'

export interface SharedExport {
  /** The export's --out folder. */
  out: string
  result: RunResult
}

/** The folder this run's shared exports go in. */
export const EXPORTS_ENV = 'DECK_TEST_EXPORTS'

function runFolder(): string {
  const dir = process.env[EXPORTS_ENV]
  if (dir)
    return dir
  // A test file run on its own, without the global setup: a folder of its own process.
  const own = path.join(os.tmpdir(), `deck-test-exports-${process.pid}`)
  process.env[EXPORTS_ENV] = own
  return own
}

/**
 * Makes something once per run under `name`: the first caller runs `make` with a folder of its
 * own and records what it returns; later callers wait for that record and get the same. A
 * failure is recorded too, and every caller gets it.
 */
export async function sharedOnce<T>(name: string, make: (dir: string) => Promise<T>): Promise<{ dir: string, value: T }> {
  const dir = path.join(runFolder(), name)
  const done = path.join(dir, '.shared.json')
  mkdirSync(path.dirname(dir), { recursive: true })
  // Making the folder is the claim: only one file can make it.
  let mine = true
  try {
    mkdirSync(dir)
  }
  catch {
    mine = false
  }
  let record: { value?: T, error?: string }
  if (mine) {
    try {
      record = { value: await make(dir) }
    }
    catch (error) {
      record = { error: error instanceof Error ? error.message : String(error) }
    }
    writeFileSync(done, JSON.stringify(record))
  }
  else {
    const deadline = Date.now() + 300_000
    while (!existsSync(done)) {
      if (Date.now() > deadline)
        throw new Error(`shared "${name}": another test file started it and it has not finished in 300 s`)
      await sleep(250)
    }
    record = JSON.parse(readFileSync(done, 'utf8')) as typeof record
  }
  if (record.error !== undefined)
    throw new Error(`shared "${name}" failed: ${record.error}`)
  return { dir, value: record.value as T }
}

/**
 * Exports with `args` (without --out) and `env` once per run, under `name`; returns where it
 * went and what the export printed. Throws, naming the export, if it did not succeed, unless
 * `allowFailure` is set.
 */
export async function sharedExport(name: string, args: string[], options: { env?: NodeJS.ProcessEnv, allowFailure?: boolean } = {}): Promise<SharedExport> {
  const key = createHash('sha256').update(JSON.stringify([args, options.env ?? {}])).digest('hex').slice(0, 12)
  const { dir, value: result } = await sharedOnce(`${name}-${key}`, dir => runExport([...args, '--out', path.join(dir, 'out')], { env: options.env, timeoutMs: 280_000 }))
  if (result.code !== 0 && !options.allowFailure)
    throw new Error(`shared export "${name}" (${args.join(' ')}) failed with code ${result.code}:\n${result.stderr}${result.stdout}`)
  return { out: path.join(dir, 'out'), result }
}

/** The deck built by `slidev build` as a reader's copy is (under DECK_BASE), once per run; returns its folder. */
export async function sharedStaticBuild(): Promise<string> {
  const { dir } = await sharedOnce('static-build', async (dir) => {
    await buildDeck(path.join(dir, 'site'))
    return true
  })
  return path.join(dir, 'site')
}

/** 2023-11-14T22:13:20Z: a date no commit has, so tests see where a file's dates come from. */
export const TEST_EPOCH = 1_700_000_000

/** This project's deck in every format (the export's defaults), dated from `TEST_EPOCH`. */
export function deckExport(): Promise<SharedExport> {
  return sharedExport('deck', [], { env: { SOURCE_DATE_EPOCH: String(TEST_EPOCH) } })
}

/** The features fixture: a deck of its own that uses every kind of slide content. */
export const FEATURES_ENTRY = path.join(import.meta.dirname, '..', 'fixtures', 'features', 'slides.md')

/** The features fixture in the four formats every deck gets, dated from `TEST_EPOCH`. */
export function featuresExport(): Promise<SharedExport> {
  return sharedExport('features', [FEATURES_ENTRY, '--format', 'pdf,png,handout,pptx'], { env: { SOURCE_DATE_EPOCH: String(TEST_EPOCH) } })
}

/** The features fixture with one PDF page and one PNG per click step. */
export function featuresClicksExport(): Promise<SharedExport> {
  return sharedExport('features-clicks', [FEATURES_ENTRY, '--with-clicks', '--quiet'], { env: { SOURCE_DATE_EPOCH: String(TEST_EPOCH) } })
}
