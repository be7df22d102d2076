/**
 * The PowerPoint's reading pass, in the page: `inPageCollectSlides` walks each slide of the
 * print view and returns what the DOM says, unparsed and serialisable: boxes as measured,
 * computed style values as strings, text with the styles it is drawn in, charts by the spec
 * and marks they carry (chart-spec.ts), tables cell by cell, and pictures with everything that
 * could name them. It decides nothing about the file; pptx-interpret.ts turns it into slide
 * pieces in Node.
 *
 * Its parts run through `page.evaluate`, so none may use anything from its module scope: they
 * share only types with Node (collected-slide.ts) and reach one another through the
 * `CollectorParts` they are given (the readers of pictures, charts, tables and other elements are
 * in pptx-collect-parts.ts), all sent to the page as source by `collectorSource`. The one
 * change the pass makes to the page is the `data-export-picture` mark on each picture, which
 * the capture (pptx-pictures.ts) looks for.
 */
import type { BlockProperty, BoxProperty, CellProperty, CollectedSlide, PageBox, PseudoProperty, RawBlock, RawItem, RawRun, Styles } from './collected-slide'
import { inPageChartOf, inPageElementItems, inPagePictureOf, inPageTableOf } from './pptx-collect-parts'

/** What the parts reading one slide share: the slide, and how they measure, read styles and text. */
export interface SlideReader {
  n: number
  slideRoot: HTMLElement
  container: HTMLElement
  /** Pictures marked on the slide so far. */
  pictures: number
  boxOf: (r: DOMRect) => PageBox
  pick: <K extends string>(cs: CSSStyleDeclaration, names: readonly K[]) => Styles<K>
  clean: (text: string | null | undefined) => string
  /** Whether the element is out of sight: not displayed, invisible, or visually hidden for screen readers only. */
  hidden: (el: Element | null) => boolean
  /** A piece of text and what it is drawn in. */
  runOf: (el: Element, text: string) => RawRun
  /** The background colours from `el` out to the slide's (and the page's), for a see-through fill. */
  behindOf: (el: Element) => string[]
  /** The computed properties read of boxes, their ::before and ::after, blocks and table cells. */
  names: { box: readonly BoxProperty[], pseudo: readonly PseudoProperty[], block: readonly BlockProperty[], cell: readonly CellProperty[] }
}

/** The parts of the reading pass, each sent to the page as source (`collectorSource`). */
export interface CollectorParts {
  reader: typeof inPageSlideReader
  picture: typeof inPagePictureOf
  chart: typeof inPageChartOf
  table: typeof inPageTableOf
  element: typeof inPageElementItems
  walk: typeof inPageWalkSlide
}

/** The call that reads the slides `numbers` in the page, every part given as source, for `page.evaluate`. */
export function collectorSource(numbers: number[]): string {
  return `(${inPageCollectSlides})(${JSON.stringify(numbers)}, { reader: ${inPageSlideReader}, picture: ${inPagePictureOf}, chart: ${inPageChartOf}, table: ${inPageTableOf}, element: ${inPageElementItems}, walk: ${inPageWalkSlide} })`
}

/**
 * The readings of the slides `numbers`, as JSON text of `CollectedSlide[]`: Playwright carries
 * one string out of the page many times faster than the same readings as objects.
 */
export function inPageCollectSlides(numbers: number[], parts: CollectorParts): string {
  const containers = Array.from(document.querySelectorAll<HTMLElement>('.print-slide-container'))
    .filter(el => el.style.display !== 'none')
  const byNumber = new Map(containers.map(el => [__deckSlideOf(el.id).slide, el]))
  // Whether an element is hidden is worked out once for the whole pass.
  const hiddenCache = new Map<Element, boolean>()
  const slides: CollectedSlide[] = []
  for (const n of numbers) {
    const container = byNumber.get(n)
    if (!container) {
      slides.push({ number: n, missing: true, frame: { left: 0, top: 0, width: 1, height: 1 }, canvasWidth: 1, items: [] })
      continue
    }
    const slideRoot = container.querySelector<HTMLElement>('.slidev-page') ?? container
    const r = parts.reader(n, slideRoot, container, hiddenCache)
    const frame = r.boxOf(slideRoot.getBoundingClientRect())
    const slide: CollectedSlide = { number: n, frame, canvasWidth: slideRoot.offsetWidth || frame.width, items: [] }
    slides.push(slide)
    slide.items = parts.walk(r, parts)
    slide.behind = r.behindOf(slideRoot)
  }
  return JSON.stringify(slides)
}

/** The reader of slide `n`, whose root is `slideRoot` in its print-view `container`; `hiddenCache` is shared by all slides. */
export function inPageSlideReader(n: number, slideRoot: HTMLElement, container: HTMLElement, hiddenCache: Map<Element, boolean>): SlideReader {
  const boxOf = (r: DOMRect): PageBox => ({ left: r.left, top: r.top, width: r.width, height: r.height })
  const pick = <K extends string>(cs: CSSStyleDeclaration, names: readonly K[]): Styles<K> =>
    Object.fromEntries(names.map(name => [name, cs.getPropertyValue(name)])) as Styles<K>
  const clean = (text: string | null | undefined) => text?.replace(/\s+/g, ' ').trim() ?? ''

  const RUN = ['color', '-webkit-text-fill-color', 'font-family', 'font-size', 'font-weight', 'font-style', 'letter-spacing', 'text-transform', 'white-space', 'tab-size'] as const
  const INLINE = ['display', 'background-color', 'background-clip', 'color', 'text-decoration-line', 'text-decoration-style', 'text-decoration-color', 'border-bottom-style', 'border-bottom-width', 'border-bottom-color'] as const
  const SIDES = ['top', 'right', 'bottom', 'left'] as const
  const BOX = ['display', 'background-color', 'background-clip', 'background-image', 'border-top-left-radius', ...SIDES.flatMap(s => [`border-${s}-style`, `border-${s}-width`, `border-${s}-color`] as const)] as const
  const PSEUDO = ['content', 'display', 'position', 'top', 'left', 'right', 'width', 'height', 'background-color', 'border-top-style', 'border-top-width', 'border-top-color'] as const
  const BLOCK = ['display', 'text-align', 'line-height', 'font-size', 'list-style-type', 'padding-left', 'padding-right', 'border-left-width', 'border-right-width'] as const
  const CELL = ['text-align', 'line-height', 'font-size', 'padding-top', 'padding-right', 'padding-bottom', 'padding-left', 'border-bottom-style', 'border-bottom-width', 'border-bottom-color'] as const

  const hidden = (el: Element | null): boolean => {
    if (!el)
      return false
    const known = hiddenCache.get(el)
    if (known !== undefined)
      return known
    const cs = getComputedStyle(el)
    let result = cs.display === 'none' || cs.visibility === 'hidden' || cs.visibility === 'collapse' || Number(cs.opacity) === 0
    if (!result && cs.position === 'absolute') {
      const r = el.getBoundingClientRect()
      const clipped = (cs.clip && cs.clip !== 'auto') || (cs.clipPath && cs.clipPath !== 'none')
      if ((r.width <= 1 && r.height <= 1) || (clipped && r.width <= 2))
        result = true
    }
    if (!result && el.parentElement)
      result = hidden(el.parentElement)
    hiddenCache.set(el, result)
    return result
  }

  const opacities = new Map<Element, number>()
  const opacityOf = (el: Element | null): number => {
    if (!el || el === slideRoot)
      return 1
    let known = opacities.get(el)
    if (known === undefined) {
      known = Number(getComputedStyle(el).opacity || 1) * opacityOf(el.parentElement)
      opacities.set(el, known)
    }
    return known
  }
  // An element's styles are read once, however many runs it holds or sits around.
  const memo = <K extends string>(names: readonly K[]) => {
    const known = new Map<Element, Styles<K>>()
    return (el: Element): Styles<K> => {
      let style = known.get(el)
      if (!style)
        known.set(el, style = pick(getComputedStyle(el), names))
      return style
    }
  }
  const runStyle = memo(RUN)
  const clips = new Map<Element, RawRun['clip'] | null>()
  /** Gradient lettering: the background of the closest element that paints it through its text. */
  const clipOf = (el: Element | null): RawRun['clip'] | undefined => {
    if (!el || el === slideRoot)
      return undefined
    let known = clips.get(el)
    if (known === undefined) {
      const cs = getComputedStyle(el)
      known = cs.backgroundClip === 'text' || cs.getPropertyValue('-webkit-background-clip') === 'text'
        ? { image: cs.backgroundImage, color: cs.backgroundColor }
        : clipOf(el.parentElement) ?? null
      clips.set(el, known)
    }
    return known ?? undefined
  }
  const inlineStyle = memo(INLINE)
  const runOf = (el: Element, text: string): RawRun => {
    const inline: RawRun['inline'] = []
    for (let cur: Element | null = el; cur && cur !== slideRoot; cur = cur.parentElement) {
      const style = inlineStyle(cur)
      if (style.display !== 'inline')
        break
      inline.push(style)
    }
    const run: RawRun = {
      text,
      style: runStyle(el),
      lang: el.closest('[lang]')?.getAttribute('lang') ?? '',
      code: !!el.closest('pre, code'),
      opacity: opacityOf(el),
      inline,
    }
    const clip = clipOf(el)
    if (clip)
      run.clip = clip
    return run
  }
  /** The background colours from `el` out to the slide's (and the page's), for a see-through fill. */
  const behindOf = (el: Element): string[] => {
    const out: string[] = []
    for (let cur: Element | null = el; cur; cur = cur.parentElement) {
      out.push(getComputedStyle(cur).backgroundColor)
      if (cur === container)
        break
    }
    return out
  }
  return { n, slideRoot, container, pictures: 0, boxOf, pick, clean, hidden, runOf, behindOf, names: { box: BOX, pseudo: PSEUDO, block: BLOCK, cell: CELL } }
}

/** The slide's items in document order (a box before the text it holds), its text gathered into blocks. */
export function inPageWalkSlide(r: SlideReader, parts: CollectorParts): RawItem[] {
  const items: RawItem[] = []
  const blocks = new Map<Element, { raw: RawBlock, ranges: Range[] }>()
  const blockOf = (el: Element): Element => {
    // Magic-move sets each token in a box of its own, to move it; the code is one block.
    const moving = el.closest('.shiki-magic-move-container')
    if (moving && r.slideRoot.contains(moving))
      return moving
    let cur: Element = el
    while (cur !== r.slideRoot && cur.parentElement) {
      const d = getComputedStyle(cur).display
      if (d !== 'inline' && d !== 'contents')
        return cur
      cur = cur.parentElement
    }
    return cur
  }
  const measure = document.createElement('canvas').getContext('2d')!
  /** An item's place in its list, its list's padding and the width of the list's widest number. */
  const listOf = (li: Element): RawBlock['list'] => {
    const list = li.parentElement
    const items = list ? Array.from(list.children).filter(c => c.tagName === 'LI') : [li]
    const start = list instanceof HTMLOListElement ? list.start : 1
    const cs = getComputedStyle(li)
    measure.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`
    return {
      number: start + items.indexOf(li),
      padding: list ? getComputedStyle(list).paddingLeft : '',
      widestNumber: measure.measureText(`${start + items.length - 1}.`).width,
    }
  }

  const firstH1 = r.slideRoot.querySelector('h1')
  const skip = new Set<Element>()
  const walker = document.createTreeWalker(r.slideRoot, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      const el = node.nodeType === Node.ELEMENT_NODE ? node as Element : node.parentElement
      if (!el || r.hidden(el))
        return NodeFilter.FILTER_REJECT
      for (const s of skip) {
        if (s.contains(el))
          return NodeFilter.FILTER_REJECT
      }
      return NodeFilter.FILTER_ACCEPT
    },
  })
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.ELEMENT_NODE) {
      const el = node as HTMLElement
      if (el.tagName === 'BR') {
        // A line break inside a paragraph: a run of its own, once the paragraph has begun.
        const entry = el.parentElement && blocks.get(blockOf(el.parentElement))
        if (entry)
          entry.raw.runs.push({ ...r.runOf(el.parentElement!, '\n'), lineBreak: true })
        continue
      }
      const found = parts.element(r, el, parts)
      items.push(...found.items)
      if (found.whole)
        skip.add(el)
      continue
    }
    const textNode = node as Text
    const parent = textNode.parentElement!
    const value = textNode.nodeValue ?? ''
    if (!value)
      continue
    const block = blockOf(parent)
    let entry = blocks.get(block)
    if (!value.trim() && !entry)
      continue
    if (!entry) {
      const el = block as HTMLElement
      const raw: RawBlock = {
        kind: 'block',
        tag: block.localName,
        box: r.boxOf(block.getBoundingClientRect()),
        style: r.pick(getComputedStyle(block), r.names.block),
        scale: el.offsetWidth ? block.getBoundingClientRect().width / el.offsetWidth : 1,
        title: block === firstH1,
        runs: [],
        lines: [],
        list: block.tagName === 'LI' ? listOf(block) : undefined,
        behind: r.behindOf(block),
      }
      entry = { raw, ranges: [] }
      blocks.set(block, entry)
      items.push(raw)
    }
    const range = document.createRange()
    range.selectNodeContents(textNode)
    entry.ranges.push(range)
    entry.raw.runs.push(r.runOf(parent, value))
  }
  for (const { raw, ranges } of blocks.values())
    raw.lines = ranges.flatMap(range => Array.from(range.getClientRects())).map(r.boxOf)
  return items
}
