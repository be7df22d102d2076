/**
 * Reads the rendered print view back as positioned, typed pieces for the
 * editable PowerPoint: text blocks (one per block element, with styled runs),
 * filled or bordered boxes, the charts (their bars, labels and accessible
 * names) and tables. `inPageDescribeSlides` runs in the page through
 * `page.evaluate`, so it must not use anything from its module scope.
 *
 * Coordinates are CSS pixels of the slide canvas, origin at its top left.
 * Text hidden from sight (display: none, visibility: hidden, or the
 * visually-hidden `sr-only` pattern for screen readers) is never returned as
 * text: a chart's description only reaches the file as alternative text.
 */

export interface Rect { x: number, y: number, w: number, h: number }

/** A colour as RRGGBB plus opacity 0..1. */
export interface Paint { hex: string, alpha: number }

export interface TextRun {
  text: string
  /** First family of the CSS font stack. */
  font: string
  /** px */
  size: number
  bold: boolean
  italic: boolean
  color: Paint
  /** Marked Chinese (lang="zh-…") in the page. */
  zh: boolean
  /** px of extra space between letters */
  letterSpacing: number
  /** Background of an inline element the run sits in (inline code, a badge): a shape could not follow its line. */
  highlight?: Paint
  /** Underlined, by text-decoration or by the bottom border of an inline element (a link). */
  underline?: { style: 'solid' | 'dashed' | 'dotted', color: Paint }
  /** Code (inside <pre> or <code>): keeps its own face, so its columns line up. */
  mono?: boolean
  /** White space is kept as written (code), not collapsed. */
  pre?: boolean
}

export interface TextBlock {
  kind: 'text'
  /** Box of the block's own lines: content-box left and width, first line top to last line bottom. */
  rect: Rect
  runs: TextRun[]
  align: 'left' | 'center' | 'right'
  /** px between baselines */
  lineHeight: number
  lines: number
  /** The slide's first-level heading. */
  title: boolean
  /** A list item's bullet: gap from the bullet to the text, px; in a numbered list, the item's number. */
  bullet?: { indent: number, number?: number }
  /** Part of a chart (drawn over its native bars). */
  inChart?: boolean
}

export interface BoxShape {
  kind: 'box'
  rect: Rect
  fill?: Paint
  /** Outline of even width and colour on every side. */
  line?: { paint: Paint, width: number }
  radius: number
  ellipse: boolean
}

export interface ChartPanel {
  kind: 'chart'
  /** Frame holding the bar rows: one slot per bar, the bars' common start on its left edge. */
  plot: Rect
  /** Bar thickness over the slot pitch, 0..1. */
  barShare: number
  /** The panel's accessible name: the label of the figure it charts, which the data module resolves. */
  name: string
  /** What a screen reader hears: the chart's title, the panel's name and the hidden description. */
  alt: string
  /** Bar colours top to bottom; `range` is the lighter extension of a range's uncertain part. */
  colors: { bars: Paint[], range?: Paint }
  /** Width the longest bar would have at the chart's scale, px. */
  fullLength: number
}

export interface TableCell {
  runs: TextRun[]
  align: 'left' | 'center' | 'right'
  lineHeight: number
  header: boolean
  /** px: top, right, bottom, left */
  padding: [number, number, number, number]
  borderBottom?: { paint: Paint, width: number }
}

export interface TableShape {
  kind: 'table'
  rect: Rect
  columns: number[]
  rows: Array<{ height: number, cells: TableCell[] }>
}

/**
 * Something drawn rather than written (an image, an icon, a diagram, a canvas, a formula): it goes
 * into the file as a picture of how it rendered, at its place and size, with its alternative text.
 */
export interface PictureShape {
  kind: 'picture'
  rect: Rect
  /** The same box in CSS pixels of the whole page, for the capture. */
  pageRect: Rect
  /** Alternative text: alt, aria-label, the graphic's <title>/<desc>, or a formula's LaTeX. */
  alt: string
  /** What it is, for messages: img, svg, canvas, formula. */
  what: string
  /** The value of the element's `data-export-picture` attribute, set by the reading pass for the capture. */
  target: string
  /**
   * A CSS background picture (a cover's `background:`, an image layout): captured without the
   * element's content, so the picture holds the background only and the text over it stays text.
   */
  backdrop?: boolean
  /** The captured PNG, added in Node after the reading pass. */
  png?: Uint8Array
}

export type SlideNode = TextBlock | BoxShape | ChartPanel | TableShape | PictureShape

export interface SlideView {
  number: number
  background?: Paint
  nodes: SlideNode[]
  /** Visible things the reader could not turn into native pieces, named for the error message. */
  unsupported: string[]
}

export function inPageDescribeSlides(numbers: number[]): SlideView[] {
  const containers = Array.from(document.querySelectorAll<HTMLElement>('.print-slide-container'))
    .filter(el => el.style.display !== 'none')
  const byNumber = new Map(containers.map(el => [Number.parseInt(el.id.split('-')[0] ?? '', 10), el]))

  const paint = (css: string): Paint | undefined => {
    const m = /rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)/.exec(css)
    if (!m)
      return undefined
    let alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? Number.parseFloat(m[4]) / 100 : Number(m[4])
    alpha = Math.max(0, Math.min(1, alpha))
    if (alpha === 0)
      return undefined
    const hex = [m[1], m[2], m[3]].map(v => Math.round(Number(v)).toString(16).padStart(2, '0')).join('').toUpperCase()
    return { hex, alpha }
  }
  const px = (v: string) => Number.parseFloat(v) || 0

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

  const views: SlideView[] = []
  for (const n of numbers) {
    const container = byNumber.get(n)
    const view: SlideView = { number: n, nodes: [], unsupported: [] }
    views.push(view)
    if (!container) {
      view.unsupported.push('the slide is missing from the print view')
      continue
    }
    const slideRoot = container.querySelector<HTMLElement>('.slidev-page') ?? container
    const frame = slideRoot.getBoundingClientRect()
    const canvasWidth = slideRoot.offsetWidth || frame.width
    const k = canvasWidth / frame.width
    const local = (r: DOMRect | { left: number, top: number, width: number, height: number }): Rect => ({
      x: (r.left - frame.left) * k,
      y: (r.top - frame.top) * k,
      w: r.width * k,
      h: r.height * k,
    })
    const slideArea = frame.width * frame.height

    /** What the inline elements around `el`, up to its block, paint behind and under its text. */
    const inlineDecoration = (el: Element): Pick<TextRun, 'highlight' | 'underline'> => {
      const found: Pick<TextRun, 'highlight' | 'underline'> = {}
      for (let cur: Element | null = el; cur && cur !== slideRoot; cur = cur.parentElement) {
        const cs = getComputedStyle(cur)
        if (cs.display !== 'inline')
          break
        found.highlight ??= paint(cs.backgroundColor)
        const border = cs.borderBottomStyle
        const line = cs.textDecorationLine.includes('underline')
          ? { style: cs.textDecorationStyle === 'dashed' ? 'dashed' as const : cs.textDecorationStyle === 'dotted' ? 'dotted' as const : 'solid' as const, color: paint(cs.textDecorationColor) ?? paint(cs.color) }
          : border !== 'none' && px(cs.borderBottomWidth) > 0
            ? { style: border === 'dashed' ? 'dashed' as const : border === 'dotted' ? 'dotted' as const : 'solid' as const, color: paint(cs.borderBottomColor) }
            : undefined
        if (line?.color && !found.underline)
          found.underline = { style: line.style, color: line.color }
      }
      return found
    }

    /** The opacity `el` is drawn with: its own times its ancestors' up to the slide (dimmed code lines). */
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

    const runOf = (el: Element, text: string): TextRun => {
      const cs = getComputedStyle(el)
      const zh = /^zh\b/i.test(el.closest('[lang]')?.getAttribute('lang') ?? '')
      const family = cs.fontFamily.split(',')[0]!.trim().replace(/^["']|["']$/g, '')
      let t = text
      if (cs.textTransform === 'uppercase')
        t = t.toUpperCase()
      else if (cs.textTransform === 'lowercase')
        t = t.toLowerCase()
      else if (cs.textTransform === 'capitalize')
        t = t.replace(/(^|[\s\-–—(“"'‘])(\p{Ll})/gu, (_, lead: string, ch: string) => lead + ch.toUpperCase())
      return {
        text: t,
        font: family,
        size: px(cs.fontSize),
        bold: Number(cs.fontWeight) >= 600,
        italic: cs.fontStyle === 'italic',
        color: ((c: Paint) => ({ hex: c.hex, alpha: c.alpha * opacityOf(el) }))(paint(cs.color) ?? { hex: '000000', alpha: 1 }),
        zh,
        letterSpacing: cs.letterSpacing === 'normal' ? 0 : px(cs.letterSpacing),
        mono: !!el.closest('pre, code'),
        pre: /^pre/.test(cs.whiteSpace) || cs.whiteSpace === 'break-spaces',
        ...inlineDecoration(el),
      }
    }
    const alignOf = (cs: CSSStyleDeclaration): TextBlock['align'] =>
      cs.textAlign === 'center' ? 'center' : cs.textAlign === 'right' || cs.textAlign === 'end' ? 'right' : 'left'
    const lineHeightOf = (cs: CSSStyleDeclaration) => cs.lineHeight === 'normal' ? px(cs.fontSize) * 1.2 : px(cs.lineHeight)

    /** Joins runs of one block the way CSS collapses white space, dropping empty ones. */
    const tidy = (runs: TextRun[]): TextRun[] => {
      const out: TextRun[] = []
      for (const run of runs) {
        if (run.pre) {
          if (run.text)
            out.push({ ...run })
          continue
        }
        let text = run.text.replace(/[\t\n\r ]+/g, ' ')
        const prev = out.at(-1)
        if ((!prev || prev.text.endsWith(' ')) && text.startsWith(' '))
          text = text.slice(1)
        if (!text)
          continue
        out.push({ ...run, text })
      }
      const last = out.at(-1)
      if (last && !last.pre) {
        last.text = last.text.replace(/ $/, '')
        if (!last.text)
          out.pop()
      }
      return out
    }

    // Boxes: filled or bordered elements, and absolutely placed ::before/::after rules.
    const boxesOf = (el: HTMLElement): BoxShape[] => {
      const out: BoxShape[] = []
      const cs = getComputedStyle(el)
      const r = local(el.getBoundingClientRect())
      // An inline element's fill and underline are its runs' (see `inlineDecoration`).
      if (r.w <= 0 || r.h <= 0 || cs.display === 'inline')
        return out
      const radius = Math.min(px(cs.borderTopLeftRadius) * k, Math.min(r.w, r.h) / 2)
      const ellipse = /%/.test(cs.borderTopLeftRadius) && Number.parseFloat(cs.borderTopLeftRadius) >= 50
      const fill = paint(cs.backgroundColor)
      const sides = (['Top', 'Right', 'Bottom', 'Left'] as const).map((s) => {
        const width = cs.getPropertyValue(`border-${s.toLowerCase()}-style`) === 'none' ? 0 : px(cs.getPropertyValue(`border-${s.toLowerCase()}-width`))
        return { width: width * k, paint: paint(cs.getPropertyValue(`border-${s.toLowerCase()}-color`)) }
      })
      const uniform = sides.every(s => s.width === sides[0]!.width && s.paint?.hex === sides[0]!.paint?.hex && s.width > 0 && s.paint)
      const isBackground = fill && r.w * r.h >= slideArea * k * k * 0.9
      if (isBackground) {
        if (!view.background || fill.alpha === 1)
          view.background = fill
      }
      else if (fill || uniform) {
        out.push({ kind: 'box', rect: r, fill, line: uniform ? { paint: sides[0]!.paint!, width: sides[0]!.width } : undefined, radius: ellipse ? 0 : radius, ellipse })
      }
      if (!uniform) {
        sides.forEach((s, i) => {
          if (!(s.width > 0) || !s.paint)
            return
          const edge = i === 0
            ? { x: r.x, y: r.y, w: r.w, h: s.width }
            : i === 1
              ? { x: r.x + r.w - s.width, y: r.y, w: s.width, h: r.h }
              : i === 2
                ? { x: r.x, y: r.y + r.h - s.width, w: r.w, h: s.width }
                : { x: r.x, y: r.y, w: s.width, h: r.h }
          out.push({ kind: 'box', rect: edge, fill: s.paint, radius: 0, ellipse: false })
        })
      }
      for (const pseudo of ['::before', '::after']) {
        const ps = getComputedStyle(el, pseudo)
        if (ps.content === 'none' || ps.content === 'normal' || ps.display === 'none' || ps.position !== 'absolute')
          continue
        const top = px(ps.top) * k
        const left = px(ps.left) * k
        const right = px(ps.right) * k
        const bw = ps.borderTopStyle === 'none' ? 0 : px(ps.borderTopWidth) * k
        const h = Math.max(px(ps.height) * k, 0) + bw
        const x = r.x + px(cs.borderLeftWidth) * k + left
        const w = ps.right !== 'auto' ? r.w - px(cs.borderLeftWidth) * k - px(cs.borderRightWidth) * k - left - right : px(ps.width) * k
        const colour = paint(ps.backgroundColor) ?? (bw > 0 ? paint(ps.borderTopColor) : undefined)
        if (colour && w > 0 && h > 0)
          out.push({ kind: 'box', rect: { x, y: r.y + px(cs.borderTopWidth) * k + top, w, h }, fill: colour, radius: 0, ellipse: false })
      }
      return out
    }

    // Charts: one native chart per SVG panel; its texts come back as text blocks over it.
    const chartOf = (svg: SVGSVGElement, figureEl: Element): SlideNode[] => {
      const out: SlideNode[] = []
      const titleEl = svg.querySelector('title')
      const chartTitle = figureEl.querySelector('.chart-title')?.textContent?.trim() ?? ''
      const described = (svg.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean)
        .map(id => document.getElementById(id)?.textContent?.replace(/\s+/g, ' ').trim() ?? '')
        .filter(Boolean)
      const name = titleEl?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
      const rows = Array.from(svg.querySelectorAll<SVGGElement>('g')).filter(g => g.querySelector('rect'))
      const bars: Array<{ main: DOMRect, paint: Paint, range?: { rect: DOMRect, paint: Paint } }> = []
      for (const g of rows) {
        const rects = Array.from(g.querySelectorAll('rect'))
        const solid = rects.find(r => !r.classList.contains('bar-range')) ?? rects[0]!
        const extra = rects.find(r => r !== solid)
        const solidPaint = paint(getComputedStyle(solid).fill) ?? { hex: '888888', alpha: 1 }
        let range: { rect: DOMRect, paint: Paint } | undefined
        if (extra) {
          const ecs = getComputedStyle(extra)
          const p = paint(ecs.fill) ?? solidPaint
          range = { rect: extra.getBoundingClientRect(), paint: { hex: p.hex, alpha: p.alpha * Number(ecs.opacity || 1) } }
        }
        bars.push({ main: solid.getBoundingClientRect(), paint: solidPaint, range })
      }
      if (!bars.length) {
        view.unsupported.push(`chart "${chartTitle}" has no bars`)
        return out
      }
      const centers = bars.map(b => b.main.top + b.main.height / 2)
      const pitch = bars.length > 1 ? (centers.at(-1)! - centers[0]!) / (bars.length - 1) : bars[0]!.main.height * 2
      const thickness = bars[0]!.main.height
      const left = Math.min(...bars.map(b => b.main.left))
      // The chart's scale: a bar drawn against the longest value of the panel spans its full length.
      const full = Math.max(...bars.map(b => Math.max(b.main.right, b.range?.rect.right ?? 0))) - left
      const plot = local({ left, top: centers[0]! - pitch / 2, width: full, height: pitch * bars.length })
      out.push({
        kind: 'chart',
        plot,
        barShare: thickness / pitch,
        name,
        alt: [chartTitle, ...described].filter(Boolean).join('. ').replace(/\.\./g, '.'),
        colors: { bars: bars.map(b => b.paint), range: bars.find(b => b.range)?.range?.paint },
        fullLength: full * k,
      })
      for (const t of Array.from(svg.querySelectorAll('text'))) {
        const text = t.textContent?.replace(/\s+/g, ' ').trim()
        if (!text || hidden(t))
          continue
        const cs = getComputedStyle(t)
        const scale = svg.getBoundingClientRect().width / (svg.viewBox.baseVal?.width || svg.getBoundingClientRect().width)
        const size = px(cs.fontSize) * scale
        const box = t.getBoundingClientRect()
        const run = runOf(t, text)
        run.size = size * k
        run.color = paint(cs.fill) ?? run.color
        const lineHeight = size * 1.25 * k
        const r = local(box)
        out.push({
          kind: 'text',
          rect: { x: r.x, y: r.y + r.h / 2 - lineHeight / 2, w: r.w, h: lineHeight },
          runs: [run],
          align: 'left',
          lineHeight,
          lines: 1,
          title: false,
          inChart: true,
        })
      }
      return out
    }

    /**
     * What a picture with no alternative text of its own is called: an icon by its name (the
     * `data-icon` the build adds to icon components, or a UnoCSS `i-…` class), Slidev's arrow
     * and v-mark by what they draw, a background by its file name.
     */
    const fallbackAlt = (el: Element): string => {
      const icon = el.getAttribute('data-icon') ?? /(?:^|\s)i-([a-z0-9]+)[-:]([a-z0-9-]+)(?:\s|$)/.exec(el.getAttribute('class') ?? '')?.slice(1, 3).join(':')
      if (icon)
        return `Icon ${icon}`
      if (el.classList.contains('rough-annotation'))
        return 'A hand-drawn mark over the text'
      if (el.querySelector(':scope > line, :scope > path') && el.querySelector('marker, [marker-end]'))
        return 'An arrow'
      return `A ${kindOf(el)}`
    }
    const kindOf = (el: Element) => el.localName === 'img' ? 'picture' : el.localName === 'svg' ? 'drawing' : el.localName

    const pictureOf = (el: Element, what: string): PictureShape | undefined => {
      const scope = el.getRootNode() as Document | ShadowRoot
      const textOf = (id: string) => scope.getElementById(id)?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
      const box = el.getBoundingClientRect()
      if (box.width < 1 || box.height < 1)
        return undefined
      let alt = ''
      if (what === 'formula') {
        alt = el.querySelector('annotation[encoding="application/x-tex"]')?.textContent?.trim() ?? ''
      }
      else {
        // A name and a description, as a screen reader would give them (Mermaid's accTitle and accDescr).
        const ids = ['aria-labelledby', 'aria-describedby'].flatMap(a => (el.getAttribute(a) ?? '').split(/\s+/).filter(Boolean))
        const own = [':scope > title', ':scope > desc'].map(q => el.querySelector(q)?.textContent?.replace(/\s+/g, ' ').trim() ?? '')
        const parts = [...new Set([...ids.map(textOf), ...own].filter(Boolean))]
        alt = (el.getAttribute('alt') ?? el.getAttribute('aria-label') ?? '').trim() || parts.join('. ') || fallbackAlt(el)
      }
      const target = `${n}-${++pictures}`
      // In a shadow root (Mermaid), the mark goes on the host, which a page style can reach.
      const marked = el.getRootNode() instanceof ShadowRoot ? (el.getRootNode() as ShadowRoot).host : el
      marked.setAttribute('data-export-picture', target)
      return {
        kind: 'picture',
        rect: local(box),
        pageRect: { x: box.left + window.scrollX, y: box.top + window.scrollY, w: box.width, h: box.height },
        alt,
        what,
        target,
      }
    }
    let pictures = 0

    /** A CSS background picture of `el`, named by its file; its content is read on as usual. */
    const backdropOf = (el: HTMLElement): PictureShape | undefined => {
      const image = el.localName === 'img' ? '' : getComputedStyle(el).backgroundImage
      const url = /url\(\s*["']?([^"')]+)["']?\s*\)/.exec(image)?.[1]
      if (!url)
        return undefined
      const file = decodeURIComponent(url.split(/[?#]/)[0]!.split('/').pop() ?? '')
      const picture = pictureOf(el, 'background picture')
      if (!picture)
        return undefined
      picture.alt = (el.getAttribute('aria-label') ?? '').trim() || (url.startsWith('data:') ? 'A background picture' : `Picture ${file}`)
      picture.backdrop = true
      return picture
    }

    const tableOf = (table: HTMLTableElement): TableShape => {
      const rect = local(table.getBoundingClientRect())
      const rows: TableShape['rows'] = []
      let columns: number[] = []
      for (const tr of Array.from(table.rows)) {
        const cells: TableCell[] = []
        const widths: number[] = []
        for (const cell of Array.from(tr.cells)) {
          const cs = getComputedStyle(cell)
          const runs: TextRun[] = []
          const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT)
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (!node.parentElement || hidden(node.parentElement))
              continue
            const run = runOf(node.parentElement, node.nodeValue ?? '')
            for (let el: Element | null = node.parentElement; el && el !== cell && !run.highlight; el = el.parentElement)
              run.highlight = paint(getComputedStyle(el).backgroundColor)
            runs.push(run)
          }
          const bottom = cs.borderBottomStyle === 'none' ? 0 : px(cs.borderBottomWidth)
          const bottomPaint = paint(cs.borderBottomColor)
          cells.push({
            runs: tidy(runs),
            align: alignOf(cs),
            lineHeight: lineHeightOf(cs) * k,
            header: cell.tagName === 'TH',
            padding: [px(cs.paddingTop) * k, px(cs.paddingRight) * k, px(cs.paddingBottom) * k, px(cs.paddingLeft) * k],
            borderBottom: bottom > 0 && bottomPaint ? { paint: bottomPaint, width: bottom * k } : undefined,
          })
          widths.push(cell.getBoundingClientRect().width * k)
        }
        if (widths.length > columns.length)
          columns = widths
        rows.push({ height: tr.getBoundingClientRect().height * k, cells })
      }
      return { kind: 'table', rect, columns, rows }
    }

    // One walk in document order, so boxes come before the text they hold.
    const blocks = new Map<Element, { node: TextBlock, ranges: Range[], raw: TextRun[] }>()
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
    /** The number an item of an ordered list shows: its list's start, counted on from there. */
    const itemNumber = (li: HTMLLIElement): number => {
      const list = li.parentElement as HTMLOListElement | null
      const items = list ? Array.from(list.children).filter(c => c.tagName === 'LI') : [li]
      return (list instanceof HTMLOListElement ? list.start : 1) + items.indexOf(li)
    }
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
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.ELEMENT_NODE) {
        const el = node as HTMLElement
        if (el.tagName === 'TABLE') {
          // Badges inside cells become highlighted runs: a shape could not follow the cell when it grows.
          view.nodes.push(tableOf(el as HTMLTableElement))
          skip.add(el)
          continue
        }
        if (el.shadowRoot) {
          // Slidev draws Mermaid diagrams inside a shadow root, out of the walk's reach.
          const inner = el.shadowRoot.querySelector('svg, img, canvas')
          const picture = inner ? pictureOf(inner, inner.localName === 'svg' ? 'diagram' : inner.localName) : undefined
          const given = (el.getAttribute('aria-label') ?? el.getAttribute('alt') ?? '').trim()
          if (picture && given)
            picture.alt = given
          if (picture)
            view.nodes.push(picture)
          skip.add(el)
          continue
        }
        if (el.classList.contains('katex')) {
          // KaTeX sets a formula twice: MathML for readers and HTML for the eye. Its picture carries the LaTeX.
          const picture = pictureOf(el, 'formula')
          if (picture)
            view.nodes.push(picture)
          skip.add(el)
          continue
        }
        if (el.tagName.toLowerCase() === 'svg') {
          const figureEl = el.closest('figure')
          if (figureEl && figureEl.querySelector('svg rect')) {
            view.nodes.push(...chartOf(el as unknown as SVGSVGElement, figureEl))
          }
          else {
            const picture = pictureOf(el, 'svg')
            if (picture)
              view.nodes.push(picture)
          }
          skip.add(el)
          continue
        }
        if (el.tagName === 'IMG' || el.tagName === 'CANVAS') {
          const picture = pictureOf(el, el.tagName.toLowerCase())
          if (picture)
            view.nodes.push(picture)
          skip.add(el)
          continue
        }
        if (el.tagName === 'VIDEO' || el.tagName === 'IFRAME') {
          view.unsupported.push(`a <${el.tagName.toLowerCase()}> element`)
          skip.add(el)
          continue
        }
        if (getComputedStyle(el).webkitMaskImage.includes('url(')) {
          // A UnoCSS icon (`i-carbon-sun`): its shape is a mask over a box of its colour.
          const picture = pictureOf(el, 'icon')
          if (picture)
            view.nodes.push(picture)
          skip.add(el)
          continue
        }
        view.nodes.push(...boxesOf(el))
        const backdrop = backdropOf(el)
        if (backdrop)
          view.nodes.push(backdrop)
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
        const cs = getComputedStyle(block)
        const isItem = block.tagName === 'LI' && cs.display === 'list-item' && cs.listStyleType !== 'none'
        entry = {
          node: {
            kind: 'text',
            rect: { x: 0, y: 0, w: 0, h: 0 },
            runs: [],
            align: alignOf(cs),
            lineHeight: lineHeightOf(cs) * k,
            lines: 0,
            title: false,
            bullet: isItem ? { indent: 0, number: /^(decimal|decimal-leading-zero)$/.test(cs.listStyleType) ? itemNumber(block as HTMLLIElement) : undefined } : undefined,
          },
          ranges: [],
          raw: [],
        }
        blocks.set(block, entry)
        view.nodes.push(entry.node)
      }
      const range = document.createRange()
      range.selectNodeContents(textNode)
      entry.ranges.push(range)
      entry.raw.push(runOf(parent, value))
    }

    const measure = document.createElement('canvas').getContext('2d')!
    const firstH1 = slideRoot.querySelector('h1')
    for (const [block, { node, ranges, raw }] of blocks) {
      node.runs = tidy(raw)
      // A CSS transform (Slidev's <Transform>) scales what is drawn, not the computed sizes.
      const drawn = (block as HTMLElement).offsetWidth ? block.getBoundingClientRect().width * k / (block as HTMLElement).offsetWidth : 1
      if (Math.abs(drawn - 1) > 0.02) {
        for (const run of node.runs) {
          run.size *= drawn
          run.letterSpacing *= drawn
        }
        node.lineHeight *= drawn
      }
      node.title = block === firstH1
      const cs = getComputedStyle(block)
      const content = block.getBoundingClientRect()
      const padLeft = px(cs.paddingLeft) + px(cs.borderLeftWidth)
      const padRight = px(cs.paddingRight) + px(cs.borderRightWidth)
      const lineRects = ranges.flatMap(r => Array.from(r.getClientRects())).filter(r => r.width > 0 && r.height > 0)
      if (!lineRects.length || !node.runs.length) {
        node.runs = []
        continue
      }
      const tops = [...new Set(lineRects.map(r => Math.round((r.top + r.height / 2) / 4)))]
      node.lines = tops.length
      const lineHeightCss = node.lineHeight / k
      const firstTop = Math.min(...lineRects.map(r => r.top + r.height / 2)) - lineHeightCss / 2
      const lastBottom = Math.max(...lineRects.map(r => r.top + r.height / 2)) + lineHeightCss / 2
      const x = content.left + padLeft
      const w = content.width - padLeft - padRight
      node.rect = local({ left: x, top: firstTop, width: w, height: lastBottom - firstTop })
      if (node.bullet) {
        const list = block.parentElement!
        let indent = px(getComputedStyle(list).paddingLeft) || 20
        if (node.bullet.number !== undefined) {
          // The browser sets a number wider than the list's padding out into the margin; a
          // PowerPoint number must fit in the indent, so it gets the room of the widest one.
          const items = Array.from(list.children).filter(c => c.tagName === 'LI').length
          const widest = `${(list instanceof HTMLOListElement ? list.start : 1) + items - 1}.`
          measure.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`
          indent = Math.max(indent, measure.measureText(widest).width + px(cs.fontSize) * 0.5)
        }
        node.bullet.indent = indent * k
      }
    }
    view.nodes = view.nodes.filter(nd => nd.kind !== 'text' || nd.runs.length > 0)
  }
  return views
}
