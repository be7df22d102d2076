/**
 * The PowerPoint's reading pass, in the page: `inPageCollectSlides` walks each slide of the
 * print view and returns what the DOM says, unparsed and serialisable: boxes as measured,
 * computed style values as strings, text with the styles it is drawn in, charts by the spec
 * and marks they carry (chart-spec.ts), tables cell by cell, and pictures with everything that could name them.
 * It decides nothing about the file; pptx-interpret.ts turns it into slide pieces in Node.
 *
 * It runs through `page.evaluate`, so it must not use anything from its module scope; it shares
 * only types with Node (collected-slide.ts). The one change it makes to the page is the
 * `data-export-picture` mark on each picture, which the capture (pptx-pictures.ts) looks for.
 */
import type { CollectedSlide, PageBox, RawBlock, RawChart, RawItem, RawPicture, RawRun, RawTable, Styles } from './collected-slide'

/**
 * The readings of the slides `numbers`, as JSON text of `CollectedSlide[]`: Playwright carries
 * one string out of the page many times faster than the same readings as objects.
 */
export function inPageCollectSlides(numbers: number[]): string {
  const containers = Array.from(document.querySelectorAll<HTMLElement>('.print-slide-container'))
    .filter(el => el.style.display !== 'none')
  const byNumber = new Map(containers.map(el => [__deckSlideOf(el.id).slide, el]))

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

  const hiddenCache = new Map<Element, boolean>()
  /** Whether the element is out of sight: not displayed, invisible, or visually hidden for screen readers only. */
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

  const slides: CollectedSlide[] = []
  for (const n of numbers) {
    const container = byNumber.get(n)
    if (!container) {
      slides.push({ number: n, missing: true, frame: { left: 0, top: 0, width: 1, height: 1 }, canvasWidth: 1, items: [] })
      continue
    }
    const slideRoot = container.querySelector<HTMLElement>('.slidev-page') ?? container
    const frame = boxOf(slideRoot.getBoundingClientRect())
    const slide: CollectedSlide = { number: n, frame, canvasWidth: slideRoot.offsetWidth || frame.width, items: [] }
    slides.push(slide)
    const items = slide.items

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

    let pictures = 0
    /**
     * Where `el` draws. A v-mark's SVG (rough-notation) is a small box at its container's
     * corner whose strokes overflow it to reach the marked words: there, the strokes' bounds,
     * with room for their width.
     */
    const drawnBox = (el: Element): DOMRect => {
      const own = el.getBoundingClientRect()
      if (!el.classList.contains('rough-annotation'))
        return own
      const strokes = Array.from(el.querySelectorAll('path')).map(p => p.getBoundingClientRect()).filter(r => r.width > 0 || r.height > 0)
      if (!strokes.length)
        return own
      const pad = 4
      const left = Math.min(...strokes.map(r => r.left)) - pad
      const top = Math.min(...strokes.map(r => r.top)) - pad
      return new DOMRect(left, top, Math.max(...strokes.map(r => r.right)) + pad - left, Math.max(...strokes.map(r => r.bottom)) + pad - top)
    }
    const pictureOf = (el: Element, what: string): RawPicture | undefined => {
      const box = drawnBox(el)
      if (box.width < 1 || box.height < 1)
        return undefined
      const root = el.getRootNode()
      const scope = root as Document | ShadowRoot
      const ids = ['aria-labelledby', 'aria-describedby'].flatMap(a => (el.getAttribute(a) ?? '').split(/\s+/).filter(Boolean))
      const own = [':scope > title', ':scope > desc'].map(q => clean(el.querySelector(q)?.textContent))
      const target = `${n}-${++pictures}`
      // In a shadow root (Mermaid), the mark goes on the host, which a page style can reach.
      const marked = root instanceof ShadowRoot ? root.host : el
      marked.setAttribute('data-export-picture', target)
      return {
        kind: 'picture',
        what,
        box: boxOf(box),
        page: { left: box.left + window.scrollX, top: box.top + window.scrollY, width: box.width, height: box.height },
        target,
        element: el.localName,
        alt: el.getAttribute('alt'),
        ariaLabel: el.getAttribute('aria-label'),
        labels: [...ids.map(id => clean(scope.getElementById(id)?.textContent)), ...own, el.localName === 'iframe' ? clean(el.getAttribute('title')) : ''].filter(Boolean),
        tex: what === 'formula' ? el.querySelector('annotation[encoding="application/x-tex"]')?.textContent?.trim() ?? '' : undefined,
        icon: el.getAttribute('data-icon') ?? undefined,
        className: el.getAttribute('class') ?? '',
        roughMark: el.classList.contains('rough-annotation'),
        arrow: !!el.querySelector(':scope > line, :scope > path') && !!el.querySelector('marker, [marker-end]'),
      }
    }

    /** A chart the deck marked for a native one (chart-spec.ts): its spec, its marks and its texts. */
    const chartOf = (svg: SVGSVGElement): RawChart => {
      const drawn = svg.getBoundingClientRect().width
      return {
        kind: 'chart',
        spec: svg.getAttribute('data-chart') ?? '',
        name: clean(svg.getAttribute('aria-label') ?? svg.querySelector('title')?.textContent),
        title: svg.closest('figure')?.querySelector(':scope > figcaption')?.textContent?.trim() ?? '',
        described: (svg.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean)
          .map(id => clean(document.getElementById(id)?.textContent)).filter(Boolean),
        marks: Array.from(svg.querySelectorAll('[data-chart-series]')).filter(m => !hidden(m)).map((m) => {
          const cs = getComputedStyle(m)
          return {
            series: m.getAttribute('data-chart-series') ?? '',
            category: m.getAttribute('data-chart-category') ?? '',
            box: boxOf(m.getBoundingClientRect()),
            fill: cs.fill,
            opacity: cs.opacity,
          }
        }),
        texts: Array.from(svg.querySelectorAll('text')).filter(t => clean(t.textContent) && !hidden(t)).map((t) => {
          const cs = getComputedStyle(t)
          return { run: runOf(t, clean(t.textContent)), box: boxOf(t.getBoundingClientRect()), fill: cs.fill, fontSize: cs.fontSize }
        }),
        scale: drawn / (svg.viewBox.baseVal?.width || drawn),
      }
    }

    const tableOf = (table: HTMLTableElement): RawTable => ({
      kind: 'table',
      box: boxOf(table.getBoundingClientRect()),
      rows: Array.from(table.rows).map(tr => ({
        height: tr.getBoundingClientRect().height,
        cells: Array.from(tr.cells).map((cell) => {
          const runs: RawRun[] = []
          const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT)
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (!node.parentElement || hidden(node.parentElement))
              continue
            const run = runOf(node.parentElement, node.nodeValue ?? '')
            run.backgrounds = []
            for (let el: Element | null = node.parentElement; el && el !== cell; el = el.parentElement)
              run.backgrounds.push(getComputedStyle(el).backgroundColor)
            runs.push(run)
          }
          return { header: cell.tagName === 'TH', width: cell.getBoundingClientRect().width, style: pick(getComputedStyle(cell), CELL), runs }
        }),
      })),
    })

    const blocks = new Map<Element, { raw: RawBlock, ranges: Range[] }>()
    const blockOf = (el: Element): Element => {
      // Magic-move sets each token in a box of its own, to move it; the code is one block.
      const moving = el.closest('.shiki-magic-move-container')
      if (moving && slideRoot.contains(moving))
        return moving
      let cur: Element = el
      while (cur !== slideRoot && cur.parentElement) {
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

    const firstH1 = slideRoot.querySelector('h1')
    const skip = new Set<Element>()
    const walker = document.createTreeWalker(slideRoot, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode(node) {
        const el = node.nodeType === Node.ELEMENT_NODE ? node as Element : node.parentElement
        if (!el || hidden(el))
          return NodeFilter.FILTER_REJECT
        for (const s of skip) {
          if (s.contains(el))
            return NodeFilter.FILTER_REJECT
        }
        return NodeFilter.FILTER_ACCEPT
      },
    })
    /** Takes `el` and what it holds as one picture, left out of the rest of the walk. */
    const whole = (el: Element, item: RawItem | undefined) => {
      if (item)
        items.push(item)
      skip.add(el)
    }
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.ELEMENT_NODE) {
        const el = node as HTMLElement
        if (el.tagName === 'TABLE') {
          whole(el, tableOf(el as HTMLTableElement))
        }
        else if (el.shadowRoot) {
          // Slidev draws Mermaid diagrams inside a shadow root, out of the walk's reach.
          const inner = el.shadowRoot.querySelector('svg, img, canvas')
          const picture = inner ? pictureOf(inner, inner.localName === 'svg' ? 'diagram' : inner.localName) : undefined
          if (picture)
            picture.host = (el.getAttribute('aria-label') ?? el.getAttribute('alt') ?? '').trim() || undefined
          whole(el, picture)
        }
        else if (el.classList.contains('katex')) {
          // KaTeX sets a formula twice: MathML for readers and HTML for the eye.
          whole(el, pictureOf(el, 'formula'))
        }
        else if (el.hasAttribute('data-chart')) {
          // A chart the deck describes for a native one (chart-spec.ts); the spec is read in Node.
          whole(el, el.localName === 'svg'
            ? chartOf(el as unknown as SVGSVGElement)
            : { kind: 'unsupported', what: `a chart whose data-chart is on a <${el.localName}> instead of its <svg>` })
        }
        else if (el.localName === 'svg') {
          whole(el, pictureOf(el, 'svg'))
        }
        else if (el.tagName === 'IMG' || el.tagName === 'CANVAS') {
          whole(el, pictureOf(el, el.tagName.toLowerCase()))
        }
        else if (el.tagName === 'BR') {
          // A line break inside a paragraph: a run of its own, once the paragraph has begun.
          const entry = el.parentElement && blocks.get(blockOf(el.parentElement))
          if (entry)
            entry.raw.runs.push({ ...runOf(el.parentElement!, '\n'), lineBreak: true })
        }
        else if (el.tagName === 'IFRAME') {
          // An embed (a post, a demo page): a picture of what it shows, named by its title.
          whole(el, pictureOf(el, 'embed'))
        }
        else if (el.tagName === 'VIDEO') {
          whole(el, { kind: 'unsupported', what: `a <${el.tagName.toLowerCase()}> element` })
        }
        else if (getComputedStyle(el).webkitMaskImage.includes('url(')) {
          // A UnoCSS icon (`i-carbon-sun`): its shape is a mask over a box of its colour.
          whole(el, pictureOf(el, 'icon'))
        }
        else {
          const cs = getComputedStyle(el)
          const box = el.getBoundingClientRect()
          // An inline or empty element draws no box of its own (an inline fill is its runs'),
          // so only the others are read, with their ::before and ::after.
          if (cs.display !== 'inline' && box.width > 0 && box.height > 0) {
            const pseudo = (['::before', '::after'] as const).map(p => getComputedStyle(el, p))
              .filter(ps => ps.content !== 'none' && ps.content !== 'normal').map(ps => pick(ps, PSEUDO))
            items.push({ kind: 'element', box: boxOf(box), style: pick(cs, BOX), pseudo })
          }
          // A CSS background picture (a cover's `background:`): its content is read on as usual.
          const url = /url\(\s*["']?([^"')]+)["']?\s*\)/.exec(cs.backgroundImage)?.[1]
          const backdrop = url ? pictureOf(el, 'background picture') : undefined
          if (backdrop)
            items.push({ ...backdrop, url })
        }
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
          box: boxOf(block.getBoundingClientRect()),
          style: pick(getComputedStyle(block), BLOCK),
          scale: el.offsetWidth ? block.getBoundingClientRect().width / el.offsetWidth : 1,
          title: block === firstH1,
          runs: [],
          lines: [],
          list: block.tagName === 'LI' ? listOf(block) : undefined,
          behind: behindOf(block),
        }
        entry = { raw, ranges: [] }
        blocks.set(block, entry)
        items.push(raw)
      }
      const range = document.createRange()
      range.selectNodeContents(textNode)
      entry.ranges.push(range)
      entry.raw.runs.push(runOf(parent, value))
    }
    slide.behind = behindOf(slideRoot)
    for (const { raw, ranges } of blocks.values())
      raw.lines = ranges.flatMap(r => Array.from(r.getClientRects())).map(boxOf)
  }
  return JSON.stringify(slides)
}
