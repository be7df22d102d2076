/**
 * The browser side of an export: starts Chromium, opens Slidev's print view of the built deck
 * and waits until every requested slide is rendered with its fonts and images. The formats
 * then print, capture or read that one page.
 */
import type { BrowserContext, Page, Request } from 'playwright-chromium'
import { findChromium, launchChromium } from '../../shared/chromium'
import type { Deck } from '../../shared/deck'
import { CliError, firstLine } from '../../shared/errors'
import { FORMULA_MARK, inPageKeepOnly, inPageLinkSlides, inPageLoadFonts, inPageNameGraphics, inPageSteps, inPageProgress, inPageRedrawMarks, inPageSettle, inPageSteady, printViewInitScript, unsteadyReason } from './print-in-page'
import type { FontReport, SettledView } from './print-in-page'
import type { RunControl } from '../run'
import { faultError, inPageOverflow, inPageSlideFaults } from './slide-faults'
import { inPageRemoteLoads, isRemote, placeRemoteLoads, remoteLoadLines, remoteLoadsError } from './remote-loads'
import type { RemoteLoad } from './remote-loads'

export interface PrintPage {
  context: BrowserContext
  page: Page
  /** Slides whose code the page failed to load. */
  failedSlides: Set<number>
  /** Requests still in flight. */
  inflight: Set<Request>
  /** The pages the print view shows, in order: one per slide, or one per click step with --with-clicks. */
  steps: Array<{ slide: number, step: number }>
  /** Requests to other hosts that failed, by URL, with the kind of request (`image`, `font`, …). */
  remoteFailed: Map<string, string>
}

// Shared by the slide PDF and the handout: edge-to-edge pages with a structure tree; the
// outline is written afterwards from the slide titles, not from every heading on the page.
export const PRINT_OPTIONS = {
  margin: { top: '0', right: '0', bottom: '0', left: '0' },
  printBackground: true,
  tagged: true,
  outline: false,
  preferCSSPageSize: false,
} as const

/** Vertical pitch of slides while capturing: whole device pixels, so every slide starts on the pixel grid. */
export function captureStride(boxHeight: number, scale: number): number {
  return Math.ceil(boxHeight * scale) / scale
}

/** Device pixels of window height to stay well within what a software compositor handles. */
const MAX_VIEWPORT_DEVICE_PX = 8000

export function slidesPerViewport(boxHeight: number, scale: number): number {
  return Math.max(1, Math.floor(MAX_VIEWPORT_DEVICE_PX / (captureStride(boxHeight, scale) * scale)))
}

/** Starts the browser and opens an empty page set up for the print view. */
export async function openPrintPage(run: RunControl, deck: Deck, numbers: number[], options: { browser?: string, scale: number }): Promise<PrintPage> {
  const found = findChromium(options.browser)
  const { browser } = await launchChromium({
    found,
    // Nothing an export renders may come from the network.
    args: ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  })
  run.defer(() => browser.close())
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
  context.setDefaultTimeout(run.timeoutMs * 2)
  context.setDefaultNavigationTimeout(run.timeoutMs * 2)
  const page = await context.newPage()
  const opened: PrintPage = { context, page, failedSlides: new Set(), inflight: new Set(), steps: [], remoteFailed: new Map() }
  page.on('pageerror', error => run.pageErrors.push(firstLine(error)))
  page.on('console', (message) => {
    if (message.type() !== 'error')
      return
    const text = message.text()
    run.pageErrors.push(firstLine(text))
    // Slidev logs this when a slide's module cannot be loaded, then shows an error placeholder.
    const failed = /Failed to load slide (\d+)/.exec(text)
    if (failed)
      opened.failedSlides.add(Number(failed[1]))
  })
  // Requests still in flight mean a slide's code (or something it imports) is on its way.
  page.on('request', request => opened.inflight.add(request))
  page.on('requestfinished', request => opened.inflight.delete(request))
  // The font service's stylesheet has its own report (the fonts to install); anything else
  // from another host is a file the slides lack, placed on its slide once they are loaded.
  const fontService = deck.webFonts?.host
  page.on('requestfailed', (request) => {
    opened.inflight.delete(request)
    const url = request.url()
    if (isRemote(url) && new URL(url).host !== fontService)
      opened.remoteFailed.set(url, request.resourceType())
  })
  await page.addInitScript({ content: printViewInitScript() })
  await page.emulateMedia({ media: 'screen', colorScheme: 'light' })
  return opened
}

/**
 * The guard before each print, screenshot or reading pass: the page must have rendered two
 * frames without changing, with no font still loading, and, given `expected`, every slide
 * exactly where it was. Returns the slides' boxes; fails naming the slide and the step rather
 * than use a page that is still moving.
 */
export async function ensureSteady(run: RunControl, page: Page, before: string, expected?: SettledView['boxes']): Promise<SettledView['boxes']> {
  const step = `waiting for the page to settle before ${before}`
  // Half the step's time, so the page reports what it was waiting for before the step times out.
  const view = await run.step({ step }, () => page.evaluate(inPageSteady, Math.max(1, run.timeoutMs / 2)))
  const fault = unsteadyReason(view, expected)
  if (fault) {
    run.at({ step, slide: fault.slide })
    throw new CliError(`${fault.slide === undefined ? '' : `slide ${fault.slide}: `}not fit for ${before}: ${fault.reason}`, {
      hint: 'Something on the slide keeps changing (an animation, a timer, a late font); open it in `npm run dev` to see what moves.',
    })
  }
  return view.boxes
}

export function checkFonts(report: FontReport, where: string): void {
  const hint = 'Check the @font-face sources the deck uses; exports embed the fonts, so every face must load.'
  if (report.failed.length)
    throw new CliError(`${where}: font ${report.failed[0]} failed to load`, { hint })
  if (report.missing.length) {
    const m = report.missing[0]!
    throw new CliError(`${where}: fonts for "${m.sample}" (${m.font}) did not load`, { hint })
  }
}

/** Waits until every requested slide is mounted and none shows Slidev's loading placeholder. */
async function waitForSlides(run: RunControl, opened: PrintPage, deck: Deck, numbers: number[]): Promise<void> {
  const deadline = Date.now() + run.timeoutMs
  run.at({ step: 'rendering the slides' })
  let last = { present: [] as number[], pending: [] as number[] }
  let readySince: number | undefined
  for (;;) {
    try {
      last = await opened.page.evaluate(inPageProgress)
    // With clicks a slide has a container per click step; the slides are what must all be there.
    last.present = last.present.filter((n, i, all) => all[i - 1] !== n)
    }
    catch (error) {
      throw new CliError(`rendering the slides failed: ${firstLine(error)}`)
    }
    const failed = numbers.find(n => opened.failedSlides.has(n))
    if (failed !== undefined)
      throw new CliError(`slide ${failed}: failed to load in the browser`, { hint: run.pageHint() })
    // A build whose print view ignores the range renders every slide; the extra ones are hidden later.
    const expected = last.present.length === numbers.length ? numbers : deck.slides.map(s => s.number)
    const ready = last.present.join(',') === expected.join(',') && !last.pending.length && opened.inflight.size === 0
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
      const hint = run.pageHint() ?? 'Raise --timeout if the machine is just slow.'
      if (stuck !== undefined)
        throw new CliError(`slide ${stuck}: still loading after ${run.timeoutMs} ms`, { hint })
      if (opened.inflight.size)
        throw new CliError(`rendering the slides: ${opened.inflight.size} request(s) still pending after ${run.timeoutMs} ms, e.g. ${[...opened.inflight][0]!.url()}`, { hint })
      throw new CliError(`the print view shows ${last.present.length} slides, expected ${numbers.length}`, { hint })
    }
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}

/** How the print view is asked for: a range of slides, a page per click step, placeholders for remote loads. */
export interface PrintViewOptions {
  ranged: boolean
  withClicks: boolean
  placeholders: boolean
}

/**
 * Loads the print view of the deck served at `url` and waits for slides, images and fonts.
 * Returns the remote loads a placeholder stands in for (none unless `view.placeholders`).
 */
export async function loadPrintView(run: RunControl, opened: PrintPage, url: string, deck: Deck, numbers: number[], view: PrintViewOptions): Promise<RemoteLoad[]> {
  const { page } = opened
  const query = new URLSearchParams({ print: view.withClicks ? 'clicks' : 'true' })
  if (view.ranged)
    query.set('range', numbers.join(','))
  await run.step({ step: 'loading the print view' }, () => page.goto(`${url}?${query}#/print`, { waitUntil: 'load' }))
  await waitForSlides(run, opened, deck, numbers)
  run.mark('print view loaded')
  const settled = await run.step({ step: 'waiting for images' }, () => page.evaluate(inPageSettle))
  const slidesOf = (list: number[]) => list.filter((n, i, all) => all[i - 1] !== n)
  let order = slidesOf(settled.boxes.map(b => b.slide))
  if (order.join(',') !== numbers.join(','))
    order = slidesOf(await page.evaluate(inPageKeepOnly, numbers))
  if (order.join(',') !== numbers.join(','))
    throw new CliError(`the print view shows slides ${order.join(',')} but ${numbers.join(',')} were expected`)
  const fault = faultError(await page.evaluate(inPageSlideFaults, numbers), n => deck.slides[n - 1]?.source)
  if (fault)
    throw fault
  for (const { slide, below } of await page.evaluate(inPageOverflow, deck.canvasHeight)) {
    if (numbers.includes(slide))
      run.warn(`slide ${slide} (${deck.slides[slide - 1]?.title}) is ${below} px taller than the canvas; it is cut at the bottom edge, on one page`)
  }
  await page.evaluate(inPageNameGraphics, FORMULA_MARK)
  await page.evaluate(inPageLinkSlides)
  const fonts = await run.step({ step: 'loading fonts' }, () => page.evaluate(inPageLoadFonts, '.print-slide-container'))
  // Fonts are asked for only now, so this is when every remote load has been tried.
  const placeholders = await remoteLoads(run, opened, deck, numbers, view.placeholders)
  const broken = settled.brokenImages.find(b => numbers.includes(b.slide) && !isRemote(new URL(b.src, url).href))
  if (broken)
    throw new CliError(`slide ${broken.slide}: image ${broken.src} did not load`, { hint: 'Check that the file exists in public/ or next to the slides, and that it is a picture a browser can open (PNG, JPEG, GIF, WebP, AVIF or SVG).' })
  // Placeholders and faces taken out change what the slides' text needs.
  checkFonts(placeholders.length ? await run.step({ step: 'loading fonts after the placeholders' }, () => page.evaluate(inPageLoadFonts, '.print-slide-container')) : fonts, 'slides')
  await run.step({ step: 'redrawing the v-marks' }, () => page.evaluate(inPageRedrawMarks))
  await ensureSteady(run, page, 'counting the pages')
  opened.steps = await page.evaluate(inPageSteps)
  if (!view.withClicks && opened.steps.length !== numbers.length)
    throw new CliError(`the print view shows ${opened.steps.length} pages for ${numbers.length} slides`)
  run.mark('fonts and images')
  return placeholders
}

/**
 * Every remote load that failed, placed on its slide: fails the export listing them all, or,
 * with `placeholders`, draws a placeholder in each place on a slide, warns, and returns them.
 */
async function remoteLoads(run: RunControl, opened: PrintPage, deck: Deck, numbers: number[], placeholders: boolean): Promise<RemoteLoad[]> {
  if (!opened.remoteFailed.size)
    return []
  const urls = [...opened.remoteFailed.keys()]
  const found = await opened.page.evaluate(inPageRemoteLoads, { urls, draw: placeholders })
  const loads = placeRemoteLoads(opened.remoteFailed, found, n => deck.slides[n - 1]?.source, deck.slides.length)
    .filter(l => l.slide === undefined || numbers.includes(l.slide))
  if (loads.length && !placeholders)
    throw remoteLoadsError(loads)
  for (const line of remoteLoadLines(loads)) {
    const instead = / font "/.test(line) ? 'its text is set in the fallback font' : line.startsWith('the deck') ? 'the slides do without it' : 'a placeholder stands in its place'
    run.warn(`${line} did not load; ${instead}`)
  }
  return loads
}
