/**
 * Helpers for Slidev's print view (`#/print`), which lays out every slide
 * one after another in `.print-slide-container` boxes with ids like `007-01`
 * (slide 7, first click state). Functions named `inPage*` run inside the page
 * through `page.evaluate`, so they must not use anything from module scope; a container's
 * slide and step they read with `__deckSlideOf`, which the init script installs.
 */
import { SLIDE_OF_SCRIPT } from './slide-container'

/**
 * Added before the deck's own scripts run. Animations and transitions are cut
 * to their end state so every capture shows the finished slide, the same way
 * on every run. Slidev's print view sets its slides in a CSS grid (`#page-root`,
 * a second column for its twoslash helper); Chromium's printing of a long run of
 * pages inside that grid drops the last pages once slides hold more than their
 * box (84 slides of wide tables and code gave 72 pages), so here it is a plain block.
 */
export const PRINT_VIEW_CSS = `
#page-root { display: block !important; }
*, *::before, *::after {
  animation-duration: 0s !important;
  animation-delay: 0s !important;
  animation-iteration-count: 1 !important;
  transition: none !important;
  caret-color: transparent !important;
}
`

/**
 * The init script: the stylesheet above, a no-op for the name helper some TS compilers emit into
 * functions sent to the page, the one reading of a slide container's id (`__deckSlideOf`,
 * slide-container.ts) that the functions run in the page use, and a seeded Math.random, so what a deck draws at random (a
 * v-mark's hand-drawn strokes) comes out the same on every run.
 */
export function printViewInitScript(): string {
  return `(() => {
  globalThis.__name = globalThis.__name || ((f) => f);
  ${SLIDE_OF_SCRIPT}
  let seed = 0x2f6b4d1;
  Math.random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const add = () => {
    const style = document.createElement('style');
    style.setAttribute('data-deck-export', '');
    style.textContent = ${JSON.stringify(PRINT_VIEW_CSS)};
    (document.head || document.documentElement).appendChild(style);
  };
  if (document.documentElement) add();
  else document.addEventListener('DOMContentLoaded', add, { once: true });
})();`
}

export interface PrintViewProgress {
  /** Slide numbers of the containers present so far, in page order. */
  present: number[]
  /** Slides still showing Slidev's loading placeholder or waiting on a `data-waitfor` target. */
  pending: number[]
}

export function inPageProgress(): PrintViewProgress {
  const present: number[] = []
  const pending: number[] = []
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('.print-slide-container'))) {
    const no = __deckSlideOf(el.id).slide
    present.push(no)
    // Until its code arrives, a slide's wrapper holds no element of its own
    // (Slidev's "Loading slide..." placeholder only shows up after 300 ms).
    const wrapper = el.querySelector<HTMLElement>('[data-slidev-no]')
    let waiting = !wrapper
      || !!el.querySelector('.slidev-slide-loading')
      || !Array.from(wrapper.children).some(c => !c.classList.contains('slidev-slide-loading'))
    // Slidev's Mermaid component renders its diagram asynchronously, then puts the finished SVG in
    // the shadow root of its `.mermaid` box (or shows a <pre> with the error instead of the box).
    for (const box of Array.from(el.querySelectorAll<HTMLElement>('div.mermaid'))) {
      if (!box.shadowRoot?.querySelector('svg'))
        waiting = true
    }
    for (const w of Array.from(el.querySelectorAll<HTMLElement>('[data-waitfor]'))) {
      const selector = w.getAttribute('data-waitfor')
      if (selector && !w.querySelector(selector))
        waiting = true
    }
    if (waiting)
      pending.push(no)
  }
  return { present, pending }
}

export interface FontReport {
  /** Distinct font specs (style, weight, family list) the text uses. */
  specs: number
  /** Specs whose faces for the text in them are still not usable, with a sample of that text. */
  missing: Array<{ font: string, sample: string }>
  /** Faces whose download or decoding failed. */
  failed: string[]
}

/**
 * Loads every web-font face needed by the text under `selector` (visible
 * elements only) and reports what could not be made ready. Web fonts load
 * when text that needs them is shaped, and with unicode-range subsets (the
 * Chinese face comes in ~100 of them) that can happen after the slides look
 * finished; asking for each face explicitly and confirming with
 * document.fonts.check() does not depend on that timing.
 */
export async function inPageLoadFonts(selector: string): Promise<FontReport> {
  const needs = new Map<string, Set<string>>()
  const roots = Array.from(document.querySelectorAll<HTMLElement>(selector)).filter(el => el.style.display !== 'none')
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.nodeValue ?? ''
      if (!text.trim() || !node.parentElement)
        continue
      const cs = getComputedStyle(node.parentElement)
      if (cs.display === 'none' || cs.visibility === 'hidden')
        continue
      const spec = `${cs.fontStyle} ${cs.fontWeight} 16px ${cs.fontFamily}`
      let chars = needs.get(spec)
      if (!chars)
        needs.set(spec, chars = new Set())
      for (const ch of text) {
        if (ch.trim())
          chars.add(ch)
      }
    }
  }
  const entries = Array.from(needs, ([spec, chars]) => [spec, Array.from(chars).join('')] as const)
  await Promise.all(entries.map(([spec, text]) => document.fonts.load(spec, text).catch(() => [])))
  await document.fonts.ready
  void document.body.offsetHeight
  await new Promise<void>(resolve => requestAnimationFrame(() => requestAnimationFrame(() => resolve())))
  const missing = entries
    .filter(([spec, text]) => !document.fonts.check(spec, text))
    .map(([font, text]) => ({ font, sample: text.slice(0, 12) }))
  const failed = Array.from(document.fonts).filter(f => f.status === 'error').map(f => `${f.family} ${f.weight} ${f.style}`)
  return { specs: entries.length, missing, failed }
}

export interface SettledView {
  brokenImages: Array<{ slide: number, src: string }>
  /**
   * Each container's box in document coordinates, in page order. `step` is the click step the
   * container shows, from its id (`007-02`): 1 before any click; only the print view with clicks
   * has more than one per slide.
   */
  boxes: Array<{ slide: number, step?: number, top: number, left: number, width: number, height: number }>
}

/**
 * Waits for what a print or a screenshot would otherwise race: lazy images
 * (the window shows a few slides, the rest are off-screen) and a couple of
 * frames for layout to settle; fonts are `inPageLoadFonts`' job. Also hides
 * Slidev's rendering helpers, which would add a blank page after the last
 * slide, once they have done their work.
 */
export async function inPageSettle(): Promise<SettledView> {
  const images = Array.from(document.querySelectorAll<HTMLImageElement>('img'))
  for (const img of images) {
    if (img.loading === 'lazy')
      img.loading = 'eager'
  }
  await Promise.all(images.map(img => (img.complete ? Promise.resolve() : img.decode()).catch(() => {})))
  // Hidden only now that every diagram holds its finished SVG (`inPageProgress` waits for that):
  // Mermaid measures its text in this container, and a diagram rendered in a box without layout
  // comes out blank or broken. Left in place, even empty, it starts a blank page after the last slide.
  for (const id of ['mermaid-rendering-container', 'twoslash-container']) {
    const el = document.getElementById(id)
    if (el)
      el.style.display = 'none'
  }
  await new Promise<void>(resolve => requestAnimationFrame(() => requestAnimationFrame(() => resolve())))
  const brokenImages: SettledView['brokenImages'] = []
  const boxes: SettledView['boxes'] = []
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('.print-slide-container'))) {
    if (el.style.display === 'none')
      continue
    const slide = __deckSlideOf(el.id).slide
    const r = el.getBoundingClientRect()
    boxes.push({ slide, step: __deckSlideOf(el.id).step, top: r.top + window.scrollY, left: r.left + window.scrollX, width: r.width, height: r.height })
    for (const img of Array.from(el.querySelectorAll<HTMLImageElement>('img'))) {
      if (img.complete && img.naturalWidth === 0 && img.getAttribute('src'))
        brokenImages.push({ slide, src: img.getAttribute('src')! })
    }
  }
  return { brokenImages, boxes }
}

/**
 * Spaces the slides so each starts on a whole device pixel at the capture
 * scale; otherwise every other slide would be sampled half a pixel off.
 * Returns the new boxes. Only used after the PDF has been printed.
 */
export function inPageAlignForCapture(stride: number): SettledView['boxes'] {
  const containers = Array.from(document.querySelectorAll<HTMLElement>('.print-slide-container')).filter(el => el.style.display !== 'none')
  for (const el of containers) {
    const extra = stride - el.getBoundingClientRect().height
    el.style.marginBottom = extra > 0 ? `${extra}px` : '0px'
  }
  return containers.map((el) => {
    const r = el.getBoundingClientRect()
    return {
      slide: __deckSlideOf(el.id).slide,
      step: __deckSlideOf(el.id).step,
      top: r.top + window.scrollY,
      left: r.left + window.scrollX,
      width: r.width,
      height: r.height,
    }
  })
}

/**
 * Renders only the shown slides from index `from` up to `to` (each keeps its box, so nothing
 * moves), or every slide again when no window is given. A capture costs the browser for every
 * rendered slide on the page, so a long deck's screenshots go a window at a time.
 */
export function inPageRenderOnly({ from, to }: { from?: number, to?: number }): void {
  const containers = Array.from(document.querySelectorAll<HTMLElement>('.print-slide-container')).filter(el => el.style.display !== 'none')
  containers.forEach((el, i) => {
    el.style.contentVisibility = from === undefined || to === undefined || (i >= from && i < to) ? '' : 'hidden'
  })
}

/** The pages the print view shows, in order: a slide and the click step its container shows (1 before any click). */
export function inPageSteps(): Array<{ slide: number, step: number }> {
  return Array.from(document.querySelectorAll<HTMLElement>('.print-slide-container'))
    .filter(el => el.style.display !== 'none')
    .map(el => ({ slide: __deckSlideOf(el.id).slide, step: __deckSlideOf(el.id).step }))
}

/**
 * Hides the slides that were not asked for, for when the print view rendered
 * the whole deck instead of the requested range. Hidden slides take no page in
 * the PDF and are skipped by the screenshots and the handout.
 */
export function inPageKeepOnly(numbers: number[]): number[] {
  const keep = new Set(numbers)
  const shown: number[] = []
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('.print-slide-container'))) {
    const no = __deckSlideOf(el.id).slide
    if (keep.has(no))
      shown.push(no)
    else
      el.style.setProperty('display', 'none', 'important')
  }
  return shown
}

type Box = SettledView['boxes'][number]

export interface SteadyView {
  /** Whether two frames in a row were rendered with no change to the document. */
  steady: boolean
  /** Frames rendered while waiting. */
  frames: number
  /** Web fonts still loading at the end. */
  fontsLoading: boolean
  /** The visible slides' boxes now, in page order. */
  boxes: Box[]
}

/**
 * Waits until the page has rendered two frames in a row without any change
 * to the document, and reports the slides' boxes. A print or screenshot
 * requested straight after the page was changed (the handout moving the
 * slides back, say) can otherwise be made from paint state left over from
 * before the change: it looks the same but does not come out byte for byte
 * the same. Gives up after `maxMs` and says so in `steady`.
 */
export async function inPageSteady(maxMs: number): Promise<SteadyView> {
  const frame = () => new Promise<void>(resolve => requestAnimationFrame(() => resolve()))
  let changed = false
  const observer = new MutationObserver(() => {
    changed = true
  })
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true })
  const deadline = performance.now() + maxMs
  let frames = 0
  let quiet = 0
  try {
    while (quiet < 2 && performance.now() < deadline) {
      changed = false
      await frame()
      frames++
      quiet = changed ? 0 : quiet + 1
    }
  }
  finally {
    observer.disconnect()
  }
  const boxes: Box[] = []
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('.print-slide-container'))) {
    if (el.style.display === 'none')
      continue
    const r = el.getBoundingClientRect()
    boxes.push({ slide: __deckSlideOf(el.id).slide, top: r.top + window.scrollY, left: r.left + window.scrollX, width: r.width, height: r.height })
  }
  return { steady: quiet >= 2, frames, fontsLoading: document.fonts.status === 'loading', boxes }
}

/**
 * Why a view is not fit to be captured, naming the first slide at fault, or
 * undefined when it is: it must be steady, with no font loading, and (when
 * `expected` is given) every slide exactly where it was.
 */
export function unsteadyReason(view: SteadyView, expected?: Box[]): { slide?: number, reason: string } | undefined {
  if (!view.steady)
    return { reason: `the page kept changing for ${view.frames} frames` }
  if (view.fontsLoading)
    return { reason: 'web fonts were still loading' }
  if (!expected)
    return undefined
  const order = view.boxes.map(b => b.slide).join(',')
  if (order !== expected.map(b => b.slide).join(','))
    return { reason: `the print view shows slides ${order}, expected ${expected.map(b => b.slide).join(',')}` }
  for (const [i, box] of view.boxes.entries()) {
    const want = expected[i]!
    const off = (['top', 'left', 'width', 'height'] as const).find(k => Math.abs(box[k] - want[k]) > 0.01)
    if (off)
      return { slide: box.slide, reason: `its ${off} is ${box[off]} px, expected ${want[off]} px` }
  }
  return undefined
}

/**
 * Gives the graphics the accessibility tree would otherwise leave unnamed the name a tagged
 * PDF needs: a Mermaid diagram (drawn in a shadow root) becomes an image named by its accTitle
 * and accDescr, and a KaTeX formula an image named by `formulaMark` and its LaTeX source (KaTeX
 * keeps that in its MathML annotation), which the PDF's tidying turns into a /Formula. Returns
 * how many of each it named.
 */
/**
 * Has every v-mark drawn again where its words are now. Slidev's marks (rough-notation) draw
 * their strokes where the words were when the mark was shown, and redraw only when the window
 * or the marked element resizes; text above the words that settles later (a font, a revealed
 * line) leaves the strokes behind. A window resize makes each mark compare and redraw, after
 * its own 400 ms wait. Returns how many marks there are; with none, it returns at once.
 */
export async function inPageRedrawMarks(): Promise<number> {
  const marks = document.querySelectorAll('.rough-annotation').length
  if (marks) {
    window.dispatchEvent(new Event('resize'))
    await new Promise(resolve => setTimeout(resolve, 450))
    await new Promise<void>(resolve => requestAnimationFrame(() => requestAnimationFrame(() => resolve())))
  }
  return marks
}

/**
 * Points each link to another slide (Slidev's <Link to="3">, the entries of <Toc>: in the print
 * view they read `#3`, which names nothing) at that slide's first page, `#003-01`, so that the PDF
 * gets a link within the file. A link to a slide the export leaves out loses its target and
 * reads as text. Returns how many links it pointed, and how many it undid.
 */
export function inPageLinkSlides(): { linked: number, unlinked: number } {
  const firstPage = new Map<number, HTMLElement>()
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('.print-slide-container'))) {
    const n = __deckSlideOf(el.id).slide
    if (el.style.display !== 'none' && !firstPage.has(n))
      firstPage.set(n, el)
  }
  let linked = 0
  let unlinked = 0
  for (const a of Array.from(document.querySelectorAll<HTMLAnchorElement>('.print-slide-container a[href^="#"]'))) {
    const m = /^#\/?(\d+)$/.exec(a.getAttribute('href') ?? '')
    if (!m)
      continue
    const target = firstPage.get(Number(m[1]))
    if (target) {
      a.setAttribute('href', `#${target.id}`)
      linked++
    }
    else {
      a.removeAttribute('href')
      unlinked++
    }
  }
  return { linked, unlinked }
}

/** See `inPageNameGraphics`; read by the PDF's tidying (pdf-tag-rules.ts). */
export const FORMULA_MARK = '\uE000formula\uE000'

export function inPageNameGraphics(formulaMark: string): { diagrams: number, formulas: number } {
  let diagrams = 0
  let formulas = 0
  for (const host of Array.from(document.querySelectorAll<HTMLElement>('.print-slide-container *'))) {
    const svg = host.shadowRoot?.querySelector('svg')
    if (!svg || host.hasAttribute('aria-label'))
      continue
    const scope = host.shadowRoot!
    const ids = ['aria-labelledby', 'aria-describedby'].flatMap(a => (svg.getAttribute(a) ?? '').split(/\s+/).filter(Boolean))
    const own = [':scope > title', ':scope > desc'].map(q => svg.querySelector(q)?.textContent?.replace(/\s+/g, ' ').trim() ?? '')
    // Mermaid's `{alt: '…'}` option reaches the host as an attribute, and comes first.
    const given = host.getAttribute('alt')?.replace(/\s+/g, ' ').trim() ?? ''
    const parts = given ? [given] : [...new Set([...ids.map(id => scope.getElementById(id)?.textContent?.replace(/\s+/g, ' ').trim() ?? ''), ...own].filter(Boolean))]
    if (!parts.length)
      continue
    host.setAttribute('role', 'img')
    host.setAttribute('aria-label', parts.join('. '))
    diagrams++
  }
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('.print-slide-container .katex'))) {
    const tex = el.querySelector('annotation[encoding="application/x-tex"]')?.textContent?.trim()
    if (!tex || el.hasAttribute('aria-label'))
      continue
    el.setAttribute('role', 'img')
    el.setAttribute('aria-label', formulaMark + tex)
    // KaTeX hides its drawing from the accessibility tree and gives readers MathML instead; the
    // image stands for both, so its drawing must be in the tree for Chromium to tag it.
    el.querySelector('.katex-html')?.removeAttribute('aria-hidden')
    el.querySelector('.katex-mathml')?.setAttribute('aria-hidden', 'true')
    formulas++
  }
  return { diagrams, formulas }
}
