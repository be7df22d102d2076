/**
 * The bench's measure of opening the built deck: time and bytes until slide 1 is shown with its fonts.
 */
import path from 'node:path'
import process from 'node:process'
import type { Browser, Request } from 'playwright-chromium'
import { launchChromium } from '../shared/chromium'
import { serveDir } from '../shared/serve'

export interface OpenRun {
  /** From the start of navigation until slide 1 is laid out with every font it needs loaded. */
  msToFirstSlide: number
  /** Response bodies of every request made by then (fonts included), as sent over the wire. */
  bytesToFirstSlide: number
  /** How many requests that took. */
  requests: number
}

export interface OpenResource {
  /** Path under the served base, e.g. `assets/index-abc.js`. */
  path: string
  bytes: number
  type: string
}

export interface OpenMeasurement extends OpenRun {
  /** Every run, in order; the top-level figures are their medians. */
  runs: OpenRun[]
  /** What the first run fetched, largest first. */
  resources: OpenResource[]
}

export interface MeasureOpenOptions {
  /** A built deck (the folder holding index.html). */
  dir: string
  /** URL prefix to serve it under, as it was built with `--base`; default `/`. */
  base?: string
  /** Default 5. Each run uses a fresh browser context with the cache disabled. */
  runs?: number
  /** Reuse a running browser; otherwise one is launched with `launchChromium` and closed. */
  browser?: Browser
  /** Browser executable, as for `launchChromium`, when none is passed. */
  chromium?: string
  /** Default 980×552: the deck's canvas at scale 1. */
  viewport?: { width: number, height: number }
}

// Page code is passed as source text: whatever compiles this module (tsx, vitest) may wrap
// named functions in helpers that do not exist inside the page.
const FIRST_SLIDE_SHOWN = `(() => {
  const page = document.querySelector('#slide-content .slidev-page-1')
  if (!page || getComputedStyle(page).display === 'none' || !page.querySelector('.slidev-layout'))
    return false
  // Laying the slide out is what starts the downloads of the fonts its text needs. Give that a
  // frame to register, then wait until no font is still loading, so the slide counts as shown
  // only once it is drawn in its own fonts rather than a fallback.
  if (page.getBoundingClientRect().width === 0)
    return false
  window.__firstLayoutFrame ??= performance.now()
  if (performance.now() === window.__firstLayoutFrame || document.fonts.status !== 'loaded')
    return false
  return { at: performance.timeOrigin + performance.now(), ms: performance.now() }
})()`

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

async function openOnce(browser: Browser, url: string, base: string, viewport: { width: number, height: number }) {
  const context = await browser.newContext({ viewport, serviceWorkers: 'block' })
  try {
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    const seen: Request[] = []
    page.on('request', request => seen.push(request))
    await page.goto(url, { waitUntil: 'commit' })
    const handle = await page.waitForFunction(FIRST_SLIDE_SHOWN, undefined, { polling: 'raf', timeout: 60_000 })
    const shown = await handle.jsonValue() as { at: number, ms: number }
    // Requests the page had already started count, even if they finish later; anything started
    // afterwards (Slidev preloads the rest of the deck a few seconds in) does not.
    const resources: OpenResource[] = []
    let bytes = 0
    let count = 0
    for (const request of [...seen]) {
      const response = await request.response()
      if (response)
        await response.finished()
      if (request.timing().startTime > shown.at)
        continue
      const { responseBodySize } = response ? await request.sizes() : { responseBodySize: 0 }
      bytes += responseBodySize
      count++
      const pathname = new URL(request.url()).pathname
      resources.push({
        path: (pathname.startsWith(base) ? pathname.slice(base.length) : pathname) || 'index.html',
        bytes: responseBodySize,
        type: request.resourceType(),
      })
    }
    resources.sort((a, b) => b.bytes - a.bytes)
    return { run: { msToFirstSlide: shown.ms, bytesToFirstSlide: bytes, requests: count }, resources }
  }
  finally {
    await context.close()
  }
}

/**
 * Serves a built deck on loopback and opens it `runs` times from cold, measuring how long slide
 * 1 takes to appear and how many bytes it costs. Figures are medians over the runs.
 *
 *   const open = await measureOpen({ dir: 'dist', runs: 5 })
 *   printOpenSection(open, { budgetBytes: 1_500_000 })
 *
 * Pass `base` when the deck was built with `--base` for a sub-path.
 */
export async function measureOpen(options: MeasureOpenOptions): Promise<OpenMeasurement> {
  const runs = Math.max(1, Math.floor(options.runs ?? 5))
  const server = await serveDir(path.resolve(options.dir), { base: options.base ?? '/' })
  const base = new URL(server.url).pathname
  const launched = options.browser ? undefined : await launchChromium({ browser: options.chromium })
  const browser = options.browser ?? launched!.browser
  try {
    const results: OpenRun[] = []
    let resources: OpenResource[] = []
    for (let i = 0; i < runs; i++) {
      const once = await openOnce(browser, `${server.url}#/1`, base, options.viewport ?? { width: 980, height: 552 })
      results.push(once.run)
      if (i === 0)
        resources = once.resources
    }
    return {
      msToFirstSlide: median(results.map(r => r.msToFirstSlide)),
      bytesToFirstSlide: median(results.map(r => r.bytesToFirstSlide)),
      requests: median(results.map(r => r.requests)),
      runs: results,
      resources,
    }
  }
  finally {
    await launched?.browser.close()
    await server.close()
  }
}

function kB(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`
}

/** The report section for `measureOpen`, as lines of plain text. */
export function formatOpenSection(result: OpenMeasurement, budgetBytes?: number): string[] {
  const fonts = result.resources.filter(r => r.type === 'font')
  const budget = budgetBytes ? ` (budget ${kB(budgetBytes)}${result.bytesToFirstSlide > budgetBytes ? ', OVER' : ''})` : ''
  return [
    'Opening the deck (slide 1, cold, cache disabled)',
    `  time to first slide   ${Math.round(result.msToFirstSlide)} ms (median of ${result.runs.length}: ${result.runs.map(r => Math.round(r.msToFirstSlide)).join(', ')})`,
    `  bytes to first slide  ${kB(result.bytesToFirstSlide)}${budget}`,
    `  requests              ${result.requests}`,
    `  fonts                 ${fonts.length} files, ${kB(fonts.reduce((sum, f) => sum + f.bytes, 0))}: ${fonts.map(f => path.basename(f.path)).join(', ') || 'none'}`,
    `  largest               ${result.resources.slice(0, 3).map(r => `${path.basename(r.path)} ${kB(r.bytes)}`).join(', ')}`,
  ]
}

/** Writes the section to stdout (or `out`). */
export function printOpenSection(result: OpenMeasurement, options: { budgetBytes?: number, out?: NodeJS.WritableStream } = {}): void {
  const out = options.out ?? process.stdout
  out.write(`${formatOpenSection(result, options.budgetBytes).join('\n')}\n`)
}
