/**
 * Exports the deck to a PDF, one PNG per slide, a handout PDF (slide + notes
 * per page) and a manifest, from one build and one browser session.
 *
 *   npm run export -- [options]      (see --help)
 *
 * Outputs are written to a private folder beside --out and moved into place
 * only after they have been checked, so a failed or interrupted run never
 * leaves a half-written export behind.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import type { BrowserContext, CDPSession, Page, Request } from 'playwright-chromium'
import { abandonBuilds, ensureBuild } from './lib/build'
import type { BuildResult } from './lib/build'
import { findChromium, launchChromium } from './lib/chromium'
import { parseRange, readDeck } from './lib/deck'
import type { Deck } from './lib/deck'
import { CliError, errorText, parseCli, reportCliError, UsageError } from './lib/errors'
import { HANDOUT_PAGE, layoutHandout, undoHandout } from './lib/handout'
import { notesToHtml } from './lib/notes'
import type { PdfMetadata } from './lib/pdf'
import { pngFacts } from './lib/png'
import { inPageDescribeSlides } from './lib/pptx-view'
import { inPageAlignForCapture, inPageKeepOnly, inPageLoadFonts, inPageProgress, inPageSettle, inPageSteady, printViewInitScript, unsteadyReason } from './lib/print-view'
import type { FontReport, SettledView } from './lib/print-view'
import { serveDir } from './lib/serve'
import type { StaticServer } from './lib/serve'
import { discardStaging, prepareStaging, publishStaging } from './lib/staging'
import type { Staging } from './lib/staging'

const FORMATS = ['pdf', 'png', 'handout', 'pptx'] as const
type Format = typeof FORMATS[number]

const DEFAULT_TIMEOUT_MS = 30_000
const MAX_SCALE = 8
/** 1980-01-01T00:00:00Z: the date used when neither SOURCE_DATE_EPOCH nor git history says otherwise. */
const FALLBACK_EPOCH = 315_532_800

const USAGE = `Usage: npm run export -- [options]

Builds the deck (or reuses an up-to-date build) and exports it with headless
Chromium into the output folder:
  <name>.pdf            one page per slide at the canvas size; tagged, with
                        bookmarks, metadata and embedded fonts
  png/NN.png            one image per slide at --scale
  <name>-handout.pdf    A4 pages: each slide with its speaker notes below
  manifest.json         titles, files, sizes and SHA-256 of everything above
<name> is the deck's exportFilename (else the slides file name).

Options:
  --out DIR          output folder (default: exports)
  --format LIST      comma-separated: pdf,png,handout (default: all three)
  --scale N          device scale factor for PNGs, 0 < N <= ${MAX_SCALE} (default: 2)
  --range SPEC       slides to export, e.g. 1,3-5 (default: all)
  --browser PATH     Chromium/Chrome to use (default: $CHROMIUM_PATH, Playwright's
                     download, then chromium/google-chrome on PATH)
  --fresh            rebuild the deck even if the cached build is up to date
  --timeout T        limit for each browser step (page load, fonts, each slide's
                     screenshot; printing a PDF gets twice as long): milliseconds,
                     or with a unit: 45s, 1500ms (default: ${DEFAULT_TIMEOUT_MS} ms)
  --quiet            print nothing but errors
  -h, --help         show this help

Files are written to a temporary folder beside the output folder and moved in
only once checked; files of formats not exported this time are left as they
were. The build is cached in node_modules/.cache/deck-export, keyed by a hash
of the deck's sources. Same input gives byte-identical files: PDF dates come
from SOURCE_DATE_EPOCH, else the last git commit, else 1980-01-01.
The deck is light-only (colorSchema: light), so there is no --dark.
Exit codes: 0 done, 1 export failed, 2 bad options, 130/143 interrupted.`

interface Options {
  out: string
  formats: Format[]
  scale: number
  range?: string
  browser?: string
  fresh: boolean
  timeoutMs: number
  quiet: boolean
  help: boolean
}

function parseTimeout(raw: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/i.exec(raw)
  if (!m)
    throw new UsageError(`--timeout ${raw}: expected milliseconds or a number with s/ms, e.g. 30000, 45s`)
  const value = Number(m[1]) * ((m[2] ?? 'ms').toLowerCase() === 's' ? 1000 : 1)
  if (!(value >= 1))
    throw new UsageError(`--timeout ${raw}: must be at least 1 ms`)
  return Math.round(value)
}

// Shared by the slide PDF and the handout: edge-to-edge pages with a structure tree; the
// outline is written afterwards from the slide titles, not from every heading on the page.
const PRINT_OPTIONS = {
  margin: { top: '0', right: '0', bottom: '0', left: '0' },
  printBackground: true,
  tagged: true,
  outline: false,
  preferCSSPageSize: false,
} as const

export function parseOptions(argv: string[]): Options {
  if (argv.some(a => a === '--dark' || a.startsWith('--dark=')))
    throw new UsageError('--dark is not offered: the deck forces a light colour schema (colorSchema: light)')
  const values = parseCli(argv, {
    'out': { type: 'string' },
    'format': { type: 'string' },
    'scale': { type: 'string' },
    'range': { type: 'string' },
    'browser': { type: 'string' },
    'fresh': { type: 'boolean' },
    'timeout': { type: 'string' },
    'quiet': { type: 'boolean' },
    'help': { type: 'boolean', short: 'h' },
  })

  const formats: Format[] = []
  if (values.format !== undefined) {
    const parts = values.format.split(',').map(s => s.trim().toLowerCase())
    if (parts.every(p => !p))
      throw new UsageError('--format: give at least one of pdf, png, handout')
    for (const part of parts) {
      if (!part)
        continue
      if (!(FORMATS as readonly string[]).includes(part))
        throw new UsageError(`--format ${values.format}: unknown format "${part}"; choose from ${FORMATS.join(', ')}`)
      if (!formats.includes(part as Format))
        formats.push(part as Format)
    }
  }
  else {
    formats.push(...FORMATS)
  }

  let scale = 2
  if (values.scale !== undefined) {
    scale = Number(values.scale)
    if (!values.scale.trim() || !Number.isFinite(scale) || scale <= 0)
      throw new UsageError(`--scale ${values.scale}: expected a positive number, e.g. 2`)
    if (scale > MAX_SCALE)
      throw new UsageError(`--scale ${values.scale}: at most ${MAX_SCALE}`)
  }

  if (values.out !== undefined && !values.out.trim())
    throw new UsageError('--out: give a folder')
  if (values.browser !== undefined && !values.browser.trim())
    throw new UsageError('--browser: give the path of a Chromium or Chrome executable')

  return {
    out: values.out ?? 'exports',
    formats,
    scale,
    range: values.range,
    browser: values.browser,
    fresh: values.fresh ?? false,
    timeoutMs: values.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseTimeout(values.timeout),
    quiet: values.quiet ?? false,
    help: values.help ?? false,
  }
}

/** Seconds since the epoch for PDF dates: SOURCE_DATE_EPOCH, else the last commit, else a fixed date. */
export function sourceDateEpoch(root: string): number {
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

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

function formatBytes(n: number): string {
  if (n < 1024)
    return `${n} B`
  if (n < 1024 * 1024)
    return `${(n / 1024).toFixed(0)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

function firstLine(error: unknown): string {
  return errorText(error).split('\n').map(l => l.trim()).find(Boolean) ?? 'unknown error'
}

class StepTimeout extends Error {}

/** pdf-lib takes a quarter of a second to load, so it is loaded while the browser works. */
type PdfModule = typeof import('./lib/pdf')

/** Text the handout adds around the slides, whose fonts may not be loaded yet. */
const HANDOUT_TEXT = '#handout-root header, #handout-root h2, #handout-root .handout-notes'

/** A path as the user would write it: relative when under the current folder. */
function shown(file: string): string {
  const rel = path.relative(process.cwd(), file)
  return !rel ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? file : rel
}

/** Vertical pitch of slides while capturing: whole device pixels, so every slide starts on the pixel grid. */
function captureStride(boxHeight: number, scale: number): number {
  return Math.ceil(boxHeight * scale) / scale
}

/** Device pixels of window height to stay well within what a software compositor handles. */
const MAX_VIEWPORT_DEVICE_PX = 8000

function slidesPerViewport(boxHeight: number, scale: number): number {
  return Math.max(1, Math.floor(MAX_VIEWPORT_DEVICE_PX / (captureStride(boxHeight, scale) * scale)))
}

/** Where the run is, so a failure or an interruption can say what it was doing. */
interface Where {
  step: string
  slide?: number
}

interface ManifestFile {
  path: string
  bytes: number
  sha256: string
}

interface Produced {
  pdf?: { file: string, bytes: Uint8Array, pages: number }
  handout?: { file: string, bytes: Uint8Array, pages: number, pageOfSlide: Map<number, number> }
  pptx?: { file: string, bytes: Uint8Array }
  pngs: Map<number, { file: string, bytes: Uint8Array, width: number, height: number }>
}

/** The print view, opened while the deck builds. */
interface PrintPage {
  context: BrowserContext
  page: Page
}

class Exporter {
  private where: Where = { step: 'start' }
  private readonly t0 = performance.now()
  /** Phase end times (ms since start), printed with DECK_EXPORT_TIMINGS=1 for profiling. */
  readonly timings: Array<[string, number]> = []
  private readonly cleanups: Array<() => Promise<unknown>> = []
  private readonly pageErrors: string[] = []
  private readonly failedSlides = new Set<number>()
  private readonly inflight = new Set<Request>()
  private committing = false
  private stagingDir?: string
  /** Files already on their way into the staging folder, by relative path. */
  private readonly stored = new Map<string, Promise<ManifestFile>>()
  private signalled?: NodeJS.Signals
  /** Set once a signal is being handled; the process exits from there. */
  aborting?: Promise<never>

  constructor(
    private readonly options: Options,
    private readonly root: string,
  ) {}

  private get tty(): boolean {
    return !this.options.quiet && process.stdout.isTTY === true
  }

  private mark(phase: string): void {
    this.timings.push([phase, Math.round(performance.now() - this.t0)])
  }

  private progress(line: string): void {
    if (this.tty)
      process.stdout.write(`${line}\n`)
  }

  private defer(fn: () => Promise<unknown>): void {
    this.cleanups.push(fn)
  }

  async cleanup(): Promise<void> {
    while (this.cleanups.length) {
      const fn = this.cleanups.pop()!
      await fn().catch(() => {})
    }
  }

  private label(where: Where): string {
    return `${where.slide !== undefined ? `slide ${where.slide}: ` : ''}${where.step}`
  }

  private pageHint(): string | undefined {
    return this.pageErrors.length ? `The page reported: ${this.pageErrors[0]}` : undefined
  }

  /**
   * Runs one browser step under the --timeout limit. A step that overruns is
   * reported by name; the browser is closed by the caller's cleanup, which
   * also ends the abandoned operation.
   */
  private async step<T>(where: Where, run: () => Promise<T>, timeoutMs = this.options.timeoutMs): Promise<T> {
    this.where = where
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

  onSignal(signal: NodeJS.Signals): void {
    if (this.signalled)
      return
    this.signalled = signal
    // A signal while the outputs are being moved into place waits for that to finish.
    if (!this.committing)
      this.aborting = this.abort(signal)
  }

  private async abort(signal: NodeJS.Signals, published = false): Promise<never> {
    const state = published
      ? `the export had just been completed in ${this.options.out}`
      : `${this.options.out} was left as it was`
    process.stderr.write(`export: interrupted by ${signal} during ${this.label(this.where)}; ${state}\n`)
    await this.cleanup()
    await abandonBuilds(this.root).catch(() => {})
    process.exit(signal === 'SIGINT' ? 130 : 143)
  }

  async run(): Promise<string | undefined> {
    const started = performance.now()
    const { options, root } = this

    this.where = { step: 'reading the deck' }
    const entry = path.join(root, 'slides.md')
    let deck: Deck
    try {
      deck = await readDeck(entry)
    }
    catch (error) {
      throw new CliError(`cannot read ${shown(entry)}: ${firstLine(error)}`)
    }
    if (!deck.slides.length)
      throw new CliError(`${shown(entry)} has no slides to export`)

    let numbers: number[]
    try {
      numbers = options.range === undefined ? deck.slides.map(s => s.number) : parseRange(options.range, deck.slides.length)
    }
    catch (error) {
      throw new UsageError(`--range ${firstLine(error)}`)
    }
    // A browser named by --browser or CHROMIUM_PATH is checked now, before anything is written.
    if (options.browser || process.env.CHROMIUM_PATH)
      findChromium(options.browser)

    const staging: Staging = await prepareStaging(options.out)
    this.stagingDir = staging.dir
    let published = false
    this.defer(async () => {
      if (!published)
        await discardStaging(staging)
    })
    this.mark('options, deck, staging')

    // The build (a child process when one is needed) and the browser start
    // together; the browser waits until the build is under way, since loading
    // Playwright would otherwise hold up starting it.
    this.where = { step: 'build and browser start-up' }
    let decided!: () => void
    const buildDecided = new Promise<void>((resolve) => {
      decided = resolve
    })
    // Stops a build child still running if the run fails or is interrupted.
    this.defer(() => abandonBuilds(root))
    const buildPromise = ensureBuild({
      root,
      entry,
      markdownFiles: deck.markdownFiles,
      fresh: options.fresh,
      log: line => this.progress(`export: ${line}`),
      onDecided: () => decided(),
    })
    buildPromise.catch(() => decided())
    const browserPromise = buildDecided.then(() => this.openPrintPage(deck, numbers))
    // Loads while the browser starts up.
    const pdfModule = buildDecided.then(() => import('./lib/pdf'))
    for (const p of [buildPromise, browserPromise, pdfModule])
      p.catch(() => {})
    // Whichever fails first is reported at once (a missing browser does not wait for the build).
    const [build, opened, pdf]: [BuildResult, PrintPage, PdfModule] = await Promise.all([buildPromise, browserPromise, pdfModule])
    this.mark(build.reused ? 'build reused, browser ready' : 'build made, browser ready')

    const server: StaticServer = await serveDir(build.dir)
    this.defer(() => server.close())

    const produced = await this.render(deck, numbers, opened, server, pdf)

    this.where = { step: 'writing files' }
    await this.write(staging.dir, deck, numbers, produced)
    this.mark('write + hash')

    if (this.signalled)
      return this.aborting ??= this.abort(this.signalled)
    this.committing = true
    this.where = { step: 'publishing' }
    try {
      await publishStaging(staging, 'manifest.json')
      published = true
      this.mark('publish')
    }
    catch (error) {
      throw new CliError(`could not move the export into ${options.out}: ${firstLine(error)}`, { hint: `The finished files are in ${staging.dir}.` })
    }
    finally {
      this.committing = false
    }
    if (this.signalled)
      return this.aborting ??= this.abort(this.signalled, true)

    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    const parts: string[] = []
    if (produced.pdf)
      parts.push(`${produced.pdf.file} ${formatBytes(produced.pdf.bytes.length)}`)
    if (produced.pngs.size) {
      const total = [...produced.pngs.values()].reduce((n, p) => n + p.bytes.length, 0)
      parts.push(`${produced.pngs.size} PNG${produced.pngs.size === 1 ? '' : 's'} at ${options.scale}x ${formatBytes(total)}`)
    }
    if (produced.handout)
      parts.push(`${produced.handout.file} ${formatBytes(produced.handout.bytes.length)}`)
    const count = numbers.length === deck.slides.length ? `${numbers.length} slides` : `${numbers.length} of ${deck.slides.length} slides`
    return `export: ${count} → ${shown(staging.out)}/ (${parts.join(', ')}) in ${seconds} s, build ${build.reused ? 'reused' : `made in ${(build.ms / 1000).toFixed(1)} s`}`
  }

  /** Starts the browser and opens an empty page set up for the print view. */
  private async openPrintPage(deck: Deck, numbers: number[]): Promise<PrintPage> {
    const { options } = this
    const found = findChromium(options.browser)
    const { browser } = await launchChromium({
      found,
      // Nothing an export renders may come from the network.
      args: ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
    })
    this.defer(() => browser.close())
    const boxHeight = Math.ceil(deck.canvasHeight)
    const perView = slidesPerViewport(boxHeight, options.scale)
    const context = await browser.newContext({
      // Tall enough for several slides, so screenshots need few scrolls (Slidev's
      // own exporter sizes the print view's window to the whole deck).
      viewport: { width: deck.canvasWidth, height: Math.ceil(Math.min(numbers.length, perView) * captureStride(boxHeight, options.scale)) },
      deviceScaleFactor: options.scale,
      colorScheme: 'light',
      reducedMotion: 'reduce',
      timezoneId: 'UTC',
      locale: 'en-US',
      serviceWorkers: 'block',
    })
    context.setDefaultTimeout(options.timeoutMs * 2)
    context.setDefaultNavigationTimeout(options.timeoutMs * 2)
    const page = await context.newPage()
    page.on('pageerror', error => this.pageErrors.push(firstLine(error)))
    page.on('console', (message) => {
      if (message.type() !== 'error')
        return
      const text = message.text()
      this.pageErrors.push(firstLine(text))
      // Slidev logs this when a slide's module cannot be loaded, then shows an error placeholder.
      const failed = /Failed to load slide (\d+)/.exec(text)
      if (failed)
        this.failedSlides.add(Number(failed[1]))
    })
    // Requests still in flight mean a slide's code (or something it imports) is on its way.
    page.on('request', request => this.inflight.add(request))
    page.on('requestfinished', request => this.inflight.delete(request))
    page.on('requestfailed', request => this.inflight.delete(request))
    await page.addInitScript({ content: printViewInitScript() })
    await page.emulateMedia({ media: 'screen', colorScheme: 'light' })
    return { context, page }
  }

  private async render(deck: Deck, numbers: number[], { context, page }: PrintPage, server: StaticServer, pdf: PdfModule): Promise<Produced> {
    const { options } = this
    const width = deck.canvasWidth
    const height = deck.canvasHeight
    const boxHeight = Math.ceil(height)

    const query = new URLSearchParams({ print: 'true' })
    if (options.range !== undefined)
      query.set('range', numbers.join(','))
    await this.step({ step: 'loading the print view' }, () => page.goto(`${server.url}?${query}#/print`, { waitUntil: 'load' }))
    await this.waitForSlides(page, deck, numbers)
    this.mark('print view loaded')
    const settled: SettledView = await this.step({ step: 'waiting for images' }, () => page.evaluate(inPageSettle))
    let order = settled.boxes.map(b => b.slide)
    if (order.join(',') !== numbers.join(','))
      order = await page.evaluate(inPageKeepOnly, numbers)
    if (order.join(',') !== numbers.join(','))
      throw new CliError(`the print view shows slides ${order.join(',')} but ${numbers.join(',')} were expected`)
    const broken = settled.brokenImages.find(b => numbers.includes(b.slide))
    if (broken)
      throw new CliError(`slide ${broken.slide}: image ${broken.src} did not load`, { hint: 'Check that the file exists in public/ or next to the slides.' })
    this.checkFonts(await this.step({ step: 'loading fonts' }, () => page.evaluate(inPageLoadFonts, '.print-slide-container')), 'slides')
    this.mark('fonts and images')

    const produced: Produced = { pngs: new Map() }
    const metadata: PdfMetadata = {
      title: deck.title,
      author: deck.author,
      subject: deck.subject,
      keywords: deck.keywords,
      lang: deck.lang,
      creator: `${deck.title} (Slidev deck)`,
      date: new Date(sourceDateEpoch(this.root) * 1000),
    }
    const titleOf = (n: number) => deck.slides[n - 1]!.title

    // Both PDFs are printed first (the handout borrows the rendered slides and
    // gives them back); finishing them (pdf-lib, in this process) then
    // overlaps the screenshots, which keep the browser busy.
    const finishing: Array<Promise<void>> = []
    const finishInBackground = (step: string, work: Promise<void>) => {
      const wrapped = work.catch((error: unknown) => {
        throw error instanceof CliError ? error : new CliError(`${step} failed: ${firstLine(error)}`, { cause: error })
      })
      // Reported where it is awaited; this only keeps an early failure from going unhandled.
      wrapped.catch(() => {})
      finishing.push(wrapped)
    }

    if (options.formats.includes('handout')) {
      const slidesAt = await this.ensureSteady(page, 'laying out the handout')
      const layout = await this.step({ step: 'laying out the handout' }, () => page.evaluate(layoutHandout, {
        deckTitle: deck.title,
        total: deck.slides.length,
        paper: HANDOUT_PAGE.paper,
        pageWidth: HANDOUT_PAGE.width,
        pageHeight: HANDOUT_PAGE.height,
        margin: HANDOUT_PAGE.margin,
        slideWidth: width,
        slideHeight: height,
        slides: numbers.map(n => ({ number: n, title: titleOf(n), notesHtml: notesToHtml(deck.slides[n - 1]!.note) })),
      }))
      // The slides' own fonts are loaded already; the handout adds its header, titles and notes.
      this.checkFonts(await this.step({ step: 'loading fonts for the handout' }, () => page.evaluate(inPageLoadFonts, HANDOUT_TEXT)), 'handout')
      await this.ensureSteady(page, 'printing the handout')
      const raw = await this.step({ step: 'printing the handout' }, () => page.pdf({
        width: HANDOUT_PAGE.paper.width,
        height: HANDOUT_PAGE.paper.height,
        ...PRINT_OPTIONS,
      }), options.timeoutMs * 2)
      const restored = await this.step({ step: 'restoring the print view' }, () => page.evaluate(undoHandout))
      if (restored !== numbers.length)
        throw new CliError(`restoring the print view after the handout moved ${restored} slides, expected ${numbers.length}`)
      // The deck's PDF is printed next: every slide must be back where it was, and rendered there.
      await this.ensureSteady(page, 'printing the PDF', slidesAt)
      this.mark('handout printed')
      const pageOfSlide = new Map<number, number>()
      let next = 0
      numbers.forEach((n, i) => {
        pageOfSlide.set(n, next)
        next += layout.pages[i] ?? 1
      })
      finishInBackground('finishing the handout', pdf.finishPdf(raw, {
        metadata: { ...metadata, title: `${deck.title} — handout` },
        outline: numbers.map(n => ({ title: titleOf(n), pageIndex: pageOfSlide.get(n)! })),
      }).then((done) => {
        if (done.pages !== next)
          throw new CliError(`the handout has ${done.pages} pages, expected ${next}`)
        produced.handout = { file: `${deck.exportName}-handout.pdf`, bytes: done.bytes, pages: done.pages, pageOfSlide }
        this.store(produced.handout.file, done.bytes)
      }))
      const long = numbers.filter((_, i) => (layout.pages[i] ?? 1) > 1)
      if (long.length && !options.quiet)
        process.stderr.write(`export: notes of slide${long.length > 1 ? 's' : ''} ${long.join(', ')} did not fit on one handout page and continue on the next\n`)
    }

    if (options.formats.includes('pdf')) {
      if (!options.formats.includes('handout'))
        await this.ensureSteady(page, 'printing the PDF')
      const raw = await this.step({ step: 'printing the PDF' }, () => page.pdf({
        // One pixel of slack each way: Chromium rounds paper sizes, and a page
        // even a fraction smaller than the slide would push it onto two pages.
        width: `${width + 1}px`,
        height: `${boxHeight + 1}px`,
        ...PRINT_OPTIONS,
      }), options.timeoutMs * 2)
      this.mark('pdf printed')
      finishInBackground('finishing the PDF', pdf.finishPdf(raw, {
        metadata,
        outline: numbers.map((n, i) => ({ title: titleOf(n), pageIndex: i })),
        pageSize: { width: width * 0.75, height: height * 0.75 },
      }).then((done) => {
        if (done.pages !== numbers.length)
          throw new CliError(`the PDF has ${done.pages} pages for ${numbers.length} slides`, { hint: 'A slide is probably taller than the canvas; check its layout.' })
        if (!done.tagged)
          throw new CliError('the PDF came out untagged (no /StructTreeRoot)', { hint: 'Use a newer Chromium (tagged PDFs need Chromium 120 or later).' })
        produced.pdf = { file: `${deck.exportName}.pdf`, bytes: done.bytes, pages: done.pages }
        this.store(produced.pdf.file, done.bytes)
      }))
    }

    if (options.formats.includes('pptx')) {
      const views = await this.step({ step: 'reading the slides for the PowerPoint' }, () => page.evaluate(inPageDescribeSlides, numbers))
      finishInBackground('building the PowerPoint', import('./lib/pptx-build').then(m => m.buildPptx({
        title: deck.title,
        author: deck.author,
        subject: deck.subject,
        lang: deck.lang,
        canvasWidth: width,
        canvasHeight: height,
        date: metadata.date!,
        slides: views.map(view => ({ number: view.number, title: titleOf(view.number), notes: deck.slides[view.number - 1]!.note, view })),
      })).then((bytes) => {
        produced.pptx = { file: `${deck.exportName}.pptx`, bytes }
        this.store(produced.pptx.file, bytes)
      }))
    }

    if (options.formats.includes('png')) {
      await this.capturePngs(page, context, deck, numbers, produced)
      this.mark('png')
    }
    else {
      numbers.forEach((n, i) => this.progress(`[${String(i + 1).padStart(String(numbers.length).length)}/${numbers.length}] slide ${n}: ${titleOf(n)}`))
    }
    this.where = { step: 'finishing the PDFs' }
    await Promise.all(finishing)
    this.mark('pdfs finished')

    this.where = { step: 'closing the browser' }
    await context.close().catch(() => {})
    return produced
  }

  /**
   * The guard before each print and screenshot pass: the page must have
   * rendered two frames without changing, with no font still loading, and,
   * given `expected`, every slide exactly where it was. Returns the slides'
   * boxes; fails naming the slide and the step rather than capture a page
   * that is still moving.
   */
  private async ensureSteady(page: Page, before: string, expected?: SettledView['boxes']): Promise<SettledView['boxes']> {
    const step = `waiting for the page to settle before ${before}`
    // Half the step's time, so the page reports what it was waiting for before the step times out.
    const view = await this.step({ step }, () => page.evaluate(inPageSteady, Math.max(1, this.options.timeoutMs / 2)))
    const fault = unsteadyReason(view, expected)
    if (fault) {
      this.where = { step, slide: fault.slide }
      throw new CliError(`${fault.slide === undefined ? '' : `slide ${fault.slide}: `}not fit for ${before}: ${fault.reason}`, {
        hint: 'Something on the slide keeps changing (an animation, a timer, a late font); open it in `npm run dev` to see what moves.',
      })
    }
    return view.boxes
  }

  private checkFonts(report: FontReport, where: string): void {
    const hint = 'Check the @font-face sources the deck uses; exports embed the fonts, so every face must load.'
    if (report.failed.length)
      throw new CliError(`${where}: font ${report.failed[0]} failed to load`, { hint })
    if (report.missing.length) {
      const m = report.missing[0]!
      throw new CliError(`${where}: fonts for "${m.sample}" (${m.font}) did not load`, { hint })
    }
  }

  /** Waits until every requested slide is mounted and none shows Slidev's loading placeholder. */
  private async waitForSlides(page: Page, deck: Deck, numbers: number[]): Promise<void> {
    const deadline = Date.now() + this.options.timeoutMs
    this.where = { step: 'rendering the slides' }
    let last = { present: [] as number[], pending: [] as number[] }
    let readySince: number | undefined
    for (;;) {
      try {
        last = await page.evaluate(inPageProgress)
      }
      catch (error) {
        throw new CliError(`rendering the slides failed: ${firstLine(error)}`)
      }
      const failed = numbers.find(n => this.failedSlides.has(n))
      if (failed !== undefined)
        throw new CliError(`slide ${failed}: failed to load in the browser`, { hint: this.pageErrors.length ? `The page reported: ${this.pageErrors[0]}` : undefined })
      // A build whose print view ignores the range renders every slide; the extra ones are hidden later.
      const expected = last.present.length === numbers.length ? numbers : deck.slides.map(s => s.number)
      const ready = last.present.join(',') === expected.join(',') && !last.pending.length && this.inflight.size === 0
      // Slidev shows nothing for a slide whose code is still loading (its placeholder
      // only appears after 300 ms), so readiness must hold with the network quiet
      // for a moment, not just once.
      if (!ready)
        readySince = undefined
      else if (readySince === undefined)
        readySince = Date.now()
      else if (Date.now() - readySince >= 60)
        return
      if (Date.now() > deadline) {
        const missing = numbers.filter(n => !last.present.includes(n))
        const stuck = last.pending[0] ?? missing[0]
        const hint = this.pageErrors.length ? `The page reported: ${this.pageErrors[0]}` : 'Raise --timeout if the machine is just slow.'
        if (stuck !== undefined)
          throw new CliError(`slide ${stuck}: still loading after ${this.options.timeoutMs} ms`, { hint })
        if (this.inflight.size)
          throw new CliError(`rendering the slides: ${this.inflight.size} request(s) still pending after ${this.options.timeoutMs} ms, e.g. ${[...this.inflight][0]!.url()}`, { hint })
        throw new CliError(`the print view shows ${last.present.length} slides, expected ${numbers.length}`, { hint })
      }
      await new Promise(resolve => setTimeout(resolve, 20))
    }
  }

  /**
   * One screenshot per slide from the print view. Each capture is taken over
   * a private DevTools session (plain Page.captureScreenshot of a clip at the
   * device scale: no per-shot font or animation round-trips), and the check of
   * one image overlaps the capture of the next.
   */
  private async capturePngs(page: Page, context: BrowserContext, deck: Deck, numbers: number[], produced: Produced): Promise<void> {
    const { scale } = this.options
    const pxWidth = Math.round(deck.canvasWidth * scale)
    const pxHeight = Math.round(deck.canvasHeight * scale)
    const boxHeight = Math.ceil(deck.canvasHeight)
    const stride = captureStride(boxHeight, scale)
    const boxes = await this.step({ step: 'preparing screenshots' }, () => page.evaluate(inPageAlignForCapture, stride))
    await this.ensureSteady(page, 'the screenshots', boxes)
    const cdp: CDPSession = await context.newCDPSession(page)
    const digits = Math.max(2, String(deck.slides.length).length)

    const check = (n: number, bytes: Buffer) => {
      const facts = pngFacts(bytes)
      if (facts.width !== pxWidth || facts.height !== pxHeight)
        throw new CliError(`slide ${n}: png is ${facts.width}×${facts.height}, expected ${pxWidth}×${pxHeight}`)
      if (facts.uniform)
        throw new CliError(`slide ${n}: png is blank (every pixel the same colour)`, { hint: 'The slide did not render; open it in `npm run dev` to see why.' })
      const file = `png/${String(n).padStart(digits, '0')}.png`
      produced.pngs.set(n, { file, bytes, width: facts.width, height: facts.height })
      // Written now, while the browser works on the next slide.
      this.store(file, bytes)
      const i = numbers.indexOf(n)
      this.progress(`[${String(i + 1).padStart(String(numbers.length).length)}/${numbers.length}] slide ${n}: ${deck.slides[n - 1]!.title}  (${file} ${formatBytes(bytes.length)})`)
    }

    // Captures go one at a time (Chromium positions each clip itself, so
    // overlapping requests would capture the same region), with one scroll per
    // viewport-full of slides. The next capture is requested before the last
    // image is checked, so the browser encodes while this process checks.
    const perView = slidesPerViewport(boxHeight, scale)
    const capture = (box: typeof boxes[number]) => {
      const shot = cdp.send('Page.captureScreenshot', {
        format: 'png',
        clip: { x: box.left, y: box.top, width: pxWidth / scale, height: pxHeight / scale, scale },
        fromSurface: true,
        // Chromium's faster PNG settings: the same pixels, in files about a
        // quarter larger, captured noticeably quicker.
        optimizeForSpeed: true,
      })
      shot.catch(() => {})
      return shot
    }
    let scrolledFor = -1
    let pending: { box: typeof boxes[number], shot: ReturnType<typeof capture> } | undefined
    for (let i = 0; i <= boxes.length; i++) {
      let next: typeof pending
      const box = boxes[i]
      if (box) {
        const view = Math.floor(i / perView)
        if (view !== scrolledFor) {
          if (pending) {
            // Scrolling moves the page under an unfinished capture; let it land first.
            await this.step({ step: 'png screenshot', slide: pending.box.slide }, () => pending!.shot)
          }
          await this.step({ step: 'png scroll', slide: box.slide }, () =>
            cdp.send('Runtime.evaluate', { expression: `window.scrollTo(0, ${box.top})`, returnByValue: true }))
          scrolledFor = view
        }
      }
      if (pending) {
        const result = await this.step({ step: 'png screenshot', slide: pending.box.slide }, () => pending!.shot)
        if (box) {
          next = { box, shot: capture(box) }
          // Let the request go out before this process gets busy checking.
          await new Promise(resolve => setImmediate(resolve))
        }
        this.where = { step: 'png check', slide: pending.box.slide }
        check(pending.box.slide, Buffer.from(result.data, 'base64'))
      }
      else if (box) {
        next = { box, shot: capture(box) }
      }
      pending = next
    }
    await cdp.detach().catch(() => {})
  }

  /** Writes a file into the staging folder and hashes it; each path is written once. */
  private store(rel: string, bytes: Uint8Array): Promise<ManifestFile> {
    let pending = this.stored.get(rel)
    if (!pending) {
      const full = path.join(this.stagingDir!, rel)
      pending = (async () => {
        await mkdir(path.dirname(full), { recursive: true })
        await writeFile(full, bytes)
        return { path: rel, bytes: bytes.length, sha256: sha256(bytes) }
      })()
      pending.catch(() => {})
      this.stored.set(rel, pending)
    }
    return pending
  }

  private async write(dir: string, deck: Deck, numbers: number[], produced: Produced): Promise<ManifestFile[]> {
    const files: Array<ManifestFile & { kind: string, pages?: number }> = []
    const record = (rel: string, bytes: Uint8Array) => this.store(rel, bytes)
    if (produced.pdf)
      files.push({ ...await record(produced.pdf.file, produced.pdf.bytes), kind: 'pdf', pages: produced.pdf.pages })
    if (produced.handout)
      files.push({ ...await record(produced.handout.file, produced.handout.bytes), kind: 'handout', pages: produced.handout.pages })
    if (produced.pptx)
      files.push({ ...await record(produced.pptx.file, produced.pptx.bytes), kind: 'pptx', pages: numbers.length })
    const slides = []
    for (const [i, n] of numbers.entries()) {
      const slide = deck.slides[n - 1]!
      const png = produced.pngs.get(n)
      const slideFiles = png ? [{ ...await record(png.file, png.bytes), kind: 'png', width: png.width, height: png.height }] : []
      slides.push({
        number: n,
        title: slide.title,
        ...(produced.pdf ? { pdfPage: i + 1 } : {}),
        ...(produced.handout ? { handoutPage: produced.handout.pageOfSlide.get(n)! + 1 } : {}),
        hasNotes: Boolean(slide.note),
        files: slideFiles,
      })
    }
    const manifest = {
      title: deck.title,
      slideCount: deck.slides.length,
      exported: numbers,
      canvas: { width: deck.canvasWidth, height: deck.canvasHeight },
      scale: this.options.scale,
      formats: this.options.formats,
      files,
      slides,
    }
    await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
    return [...files, ...slides.flatMap(s => s.files)]
  }
}

export async function main(argv: string[]): Promise<number> {
  let exporter: Exporter | undefined
  const handlers: Array<[NodeJS.Signals, () => void]> = (['SIGINT', 'SIGTERM', 'SIGHUP'] as NodeJS.Signals[]).map(s => [s, () => {
    if (exporter)
      exporter.onSignal(s)
    else
      process.exit(s === 'SIGINT' ? 130 : 143)
  }])
  for (const [s, h] of handlers)
    process.on(s, h)
  try {
    const options = parseOptions(argv)
    if (options.help) {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
    if (!existsSync(path.join(root, 'slides.md')))
      throw new CliError(`no slides.md in ${root}`)
    exporter = new Exporter(options, root)
    const summary = await exporter.run()
    await exporter.cleanup()
    if (process.env.DECK_EXPORT_TIMINGS)
      process.stderr.write(`${exporter.timings.map(([p, ms]) => `${String(ms).padStart(6)} ms  ${p}`).join('\n')}\n`)
    if (summary && !options.quiet)
      process.stdout.write(`${summary}\n`)
    return 0
  }
  catch (error) {
    // An interrupted run fails its pending steps as the browser goes away;
    // the signal handler reports and exits, so stay quiet here.
    if (exporter?.aborting)
      return exporter.aborting
    await exporter?.cleanup()
    if (error instanceof CliError)
      return reportCliError('export', error)
    process.stderr.write(`export: unexpected error: ${firstLine(error)}\n`)
    if (error instanceof Error && error.stack)
      process.stderr.write(`${error.stack}\n`)
    return 1
  }
  finally {
    for (const [s, h] of handlers)
      process.off(s, h)
  }
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (invokedDirectly) {
  const code = await main(process.argv.slice(2))
  process.exit(code)
}
