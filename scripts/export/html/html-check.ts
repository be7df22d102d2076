/**
 * Checks of the single-file HTML deck: references its markup still makes to other files
 * (a picture or font that was not inlined), and a visit of every slide opened from file://
 * with every request but the file itself refused, which finds a slide that loads something
 * from the network and any console error. Used by the export and by test/html.test.ts.
 */
import type { Browser, Page } from 'playwright-chromium'

/** The most the single file may weigh for this deck. */
export const HTML_BUDGET_BYTES = 3_000_000

/** A URL that needs nothing outside the page: a data: URL, a fragment (`#id`, or `%23id` as written inside a data: URL's SVG). */
export function isInline(url: string): boolean {
  return /^(?:data:|blob:|about:|#|%23|javascript:)/i.test(url.trim()) || url.trim() === ''
}

/**
 * The CSS with its quoted data: URLs taken out: an icon's SVG inside one names its own parts
 * (`fill='url(%23a)'`), which are no files, and would otherwise be read as url()s of the page.
 */
function withoutDataUrls(css: string): string {
  return css.replace(/url\(\s*(["'])data:[\s\S]*?\1\s*\)/gi, 'url(data:)')
}

/**
 * References in the page's own markup and styles (not its scripts) to anything but itself:
 * `src`/`href` of elements that fetch, and `url()` in <style> blocks and style attributes.
 */
export function externalReferences(html: string): string[] {
  const found = new Set<string>()
  // Script bodies are code, not markup; their strings are checked by visiting the slides.
  const markup = html.replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/gi, '$1</script>')
  for (const m of markup.matchAll(/<(?:img|script|link|source|video|audio|iframe|embed|object|image|use)\b[^>]*?\s(?:src|href|srcset|data|xlink:href)\s*=\s*["']([^"']*)["']/gi)) {
    if (!isInline(m[1]!))
      found.add(m[1]!)
  }
  const styles = [...markup.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map(m => m[1]!)
  styles.push(...[...markup.matchAll(/\sstyle\s*=\s*"([^"]*)"/gi)].map(m => m[1]!))
  for (const css of styles.map(withoutDataUrls)) {
    for (const m of css.matchAll(/url\(\s*(['"]?)([^'")]*)\1\s*\)/gi)) {
      if (!isInline(m[2]!))
        found.add(m[2]!)
    }
    for (const m of css.matchAll(/@import\s+(?:url\()?\s*['"]?([^'");\s]+)/gi))
      found.add(m[1]!)
  }
  return [...found].sort()
}

export interface SlideVisit {
  slide: number
  /** Requests refused while the slide was shown (anything but the file itself). */
  refused: string[]
  consoleErrors: string[]
}

export interface FileVisit {
  slides: SlideVisit[]
  /** Refused requests and console errors while loading and in the presenter view. */
  other: SlideVisit
  presenterNotes: string
}

/** The file's own URL, to which every request but the first is refused. */
export function fileUrlOf(page: string): string {
  return page.split('#')[0]!
}

/**
 * Opens the file, refusing every other request, and records what each slide asked for.
 * `onSlide` runs with the slide shown (a screenshot, a probe), `slides` is the deck's length.
 */
export async function visitSingleFile(browser: Browser, url: string, slides: number, options: {
  timeoutMs: number
  onSlide?: (page: Page, n: number) => Promise<void>
  notesSlide?: number
}): Promise<FileVisit> {
  const context = await browser.newContext({ viewport: { width: 980, height: 552 }, colorScheme: 'light', reducedMotion: 'reduce' })
  context.setDefaultTimeout(options.timeoutMs)
  const other: SlideVisit = { slide: 0, refused: [], consoleErrors: [] }
  let current = other
  try {
    const page = await context.newPage()
    const own = fileUrlOf(url)
    const foreign = (requested: string) => fileUrlOf(requested) !== own && !/^(?:data|blob):/.test(requested)
    await context.route('**/*', route => foreign(route.request().url()) ? route.abort('blockedbyclient') : route.continue())
    // Counted from the page's own requests, so that one the router does not see (another
    // file:// path) counts as well.
    page.on('request', (request) => {
      if (foreign(request.url()))
        current.refused.push(request.url())
    })
    page.on('console', (m) => {
      if (m.type() === 'error')
        current.consoleErrors.push(m.text())
    })
    page.on('pageerror', error => current.consoleErrors.push(error.message))
    await page.goto(`${own}#/1`)
    const visits: SlideVisit[] = []
    for (let n = 1; n <= slides; n++) {
      current = { slide: n, refused: [], consoleErrors: [] }
      visits.push(current)
      await page.evaluate(no => (location.hash = `#/${no}`), n)
      await showing(page, `#slide-content .slidev-page-${n}`)
      await options.onSlide?.(page, n)
    }
    current = other
    const notesSlide = options.notesSlide ?? 1
    await page.goto(`${own}#/presenter/${notesSlide}`)
    await showing(page, `.grid-section.main .slidev-page-${notesSlide}`)
    const notes = page.locator('.grid-section.note .slidev-note')
    await notes.first().waitFor()
    const presenterNotes = (await notes.first().innerText()).replace(/\s+/g, ' ').trim()
    return { slides: visits, other, presenterNotes }
  }
  finally {
    await context.close().catch(() => {})
  }
}

/**
 * Waits until the slide at `selector` is laid out, every font has loaded and two frames have been
 * drawn. A slide counts as rendered once its layout is there: Slidev's layouts carry
 * `.slidev-layout`, a theme's need not (any element drawn inside the slide will do).
 */
export async function showing(page: Page, selector: string): Promise<void> {
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel)
    const layout = el?.querySelector('.slidev-layout') ?? el?.firstElementChild
    return !!el && getComputedStyle(el).display !== 'none' && !!layout && layout.getBoundingClientRect().width > 0 && el.getBoundingClientRect().width > 0
  }, selector)
  await page.evaluate(async () => {
    void document.body.offsetHeight
    await document.fonts.ready
    await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)))
  })
}

/** One line per problem a visit found, each naming the slide (or the presenter view). */
export function visitProblems(visit: FileVisit): string[] {
  const lines: string[] = []
  for (const v of [...visit.slides, visit.other]) {
    const where = v.slide ? `slide ${v.slide}` : 'loading or the presenter view'
    for (const url of v.refused)
      lines.push(`${where}: loads ${url} from outside the file`)
    for (const text of v.consoleErrors)
      lines.push(`${where}: console error: ${text}`)
  }
  return lines
}
