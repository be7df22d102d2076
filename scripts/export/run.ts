/**
 * What one export run keeps track of besides its outputs: where it is (step and slide, for
 * error messages and interruptions), the --timeout limit on browser steps, clean-up to run on
 * the way out, progress lines and phase timings, and files written into the staging folder.
 */
import { createHash } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import process from 'node:process'
import { CliError, firstLine } from '../shared/errors'
import { NO_COUNTER, terminalCounter } from './progress'
import type { SlideCounter } from './progress'

/** Where the run is, so a failure or an interruption can say what it was doing. */
export interface Where {
  step: string
  slide?: number
}

export interface StoredFile {
  path: string
  bytes: number
  sha256: string
}

class StepTimeout extends Error {}

export class RunControl {
  /** Where the run is now; moved on by `at` and by each `step` */
  private where: Where = { step: 'start' }
  private readonly t0 = performance.now()
  /** Phase end times (ms since start), printed with DECK_EXPORT_TIMINGS=1 for profiling. */
  readonly timings: Array<[string, number]> = []
  private readonly cleanups: Array<() => Promise<unknown>> = []
  /** Errors the page reported, the first of which is given as a hint when a step fails. */
  readonly pageErrors: string[] = []
  private readonly stored = new Map<string, Promise<StoredFile>>()
  stagingDir?: string

  constructor(readonly timeoutMs: number, readonly quiet: boolean) {}

  get tty(): boolean {
    return !this.quiet && process.stdout.isTTY === true
  }

  mark(phase: string): void {
    this.timings.push([phase, Math.round(performance.now() - this.t0)])
  }

  progress(line: string): void {
    if (this.tty)
      process.stdout.write(`${line}\n`)
  }

  /** Counts a format's slides on one line of the terminal; counts nothing without one. */
  counter(label: string, total: number): SlideCounter {
    return this.tty ? terminalCounter(text => process.stdout.write(text), label, total) : NO_COUNTER
  }

  /** A warning on stderr, with what to do about it on the line below when `hint` is given. */
  warn(line: string, hint?: string): void {
    if (!this.quiet)
      process.stderr.write(`export: ${line}\n${hint ? `  ${hint}\n` : ''}`)
  }

  defer(fn: () => Promise<unknown>): void {
    this.cleanups.push(fn)
  }

  async cleanup(): Promise<void> {
    while (this.cleanups.length) {
      const fn = this.cleanups.pop()!
      await fn().catch(() => {})
    }
  }

  /** Records that the run has reached `where`, for the messages of a failure or an interruption. */
  at(where: Where): void {
    this.where = where
  }

  label(where: Where = this.where): string {
    return `${where.slide !== undefined ? `slide ${where.slide}: ` : ''}${where.step}`
  }

  pageHint(): string | undefined {
    return this.pageErrors.length ? `The page reported: ${this.pageErrors[0]}` : undefined
  }

  /**
   * Runs one browser step under the --timeout limit. A step that overruns is reported by name;
   * the browser is closed by the clean-up, which also ends the abandoned operation.
   */
  async step<T>(where: Where, run: () => Promise<T>, timeoutMs = this.timeoutMs): Promise<T> {
    this.at(where)
    let timer: NodeJS.Timeout | undefined
    try {
      return await Promise.race([
        run(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new StepTimeout()), timeoutMs)
        }),
      ])
    }
    catch (error) {
      if (error instanceof CliError)
        throw error
      if (error instanceof StepTimeout || (error instanceof Error && error.name === 'TimeoutError'))
        throw new CliError(`${this.label(where)} timed out after ${timeoutMs} ms`, { hint: this.pageHint() ?? 'Raise --timeout if the machine is just slow.' })
      throw new CliError(`${this.label(where)} failed: ${firstLine(error)}`, { hint: this.pageHint(), cause: error })
    }
    finally {
      clearTimeout(timer)
    }
  }

  /**
   * Work that finishes in this process while the browser goes on (pdf-lib, pptxgenjs). A failure
   * is reported where the result is awaited, named by `step` unless it already names its place.
   */
  inBackground<T>(step: string, work: Promise<T>): Promise<T> {
    const wrapped = work.catch((error: unknown) => {
      throw error instanceof CliError ? error : new CliError(`${step} failed: ${firstLine(error)}`, { cause: error })
    })
    // Reported where it is awaited; this only keeps an early failure from going unhandled.
    wrapped.catch(() => {})
    return wrapped
  }

  /** Writes a file into the staging folder and hashes it; each path is written once. */
  store(rel: string, bytes?: Uint8Array): Promise<StoredFile> {
    let pending = this.stored.get(rel)
    if (!pending) {
      if (!bytes)
        throw new Error(`${rel} was listed but never written`)
      const full = path.join(this.stagingDir!, rel)
      pending = (async () => {
        await mkdir(path.dirname(full), { recursive: true })
        await writeFile(full, bytes)
        return { path: rel, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }
      })()
      pending.catch(() => {})
      this.stored.set(rel, pending)
    }
    return pending
  }
}

export function formatBytes(n: number): string {
  if (n < 1024)
    return `${n} B`
  if (n < 1024 * 1024)
    return `${(n / 1024).toFixed(0)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}
