/**
 * Parts of the PowerPoint's reading pass in the page (pptx-collect-in-page.ts): what a picture,
 * a chart, a table or any other element that is not text gives. They run through
 * `page.evaluate`, sent as source with the rest of the pass, so they use nothing from module
 * scope; the slide's reader and the other parts come in as arguments.
 */
import type { RawChart, RawItem, RawPicture, RawRun, RawTable } from './collected-slide'
import type { CollectorParts, SlideReader } from './pptx-collect-in-page'

/** A picture of what `el` draws (`what` it is, for its name), marked for the capture; none when it draws nothing. */
export function inPagePictureOf(r: SlideReader, el: Element, what: string): RawPicture | undefined {
  /**
   * Where `el` draws. A v-mark's SVG (rough-notation) is a small box at its container's
   * corner whose strokes overflow it to reach the marked words: there, the strokes' bounds,
   * with room for their width.
   */
  const drawnBox = (of: Element): DOMRect => {
    const own = of.getBoundingClientRect()
    if (!of.classList.contains('rough-annotation'))
      return own
    const strokes = Array.from(of.querySelectorAll('path')).map(p => p.getBoundingClientRect()).filter(s => s.width > 0 || s.height > 0)
    if (!strokes.length)
      return own
    const pad = 4
    const left = Math.min(...strokes.map(s => s.left)) - pad
    const top = Math.min(...strokes.map(s => s.top)) - pad
    return new DOMRect(left, top, Math.max(...strokes.map(s => s.right)) + pad - left, Math.max(...strokes.map(s => s.bottom)) + pad - top)
  }

  const box = drawnBox(el)
  if (box.width < 1 || box.height < 1)
    return undefined
  const root = el.getRootNode()
  const scope = root as Document | ShadowRoot
  const ids = ['aria-labelledby', 'aria-describedby'].flatMap(a => (el.getAttribute(a) ?? '').split(/\s+/).filter(Boolean))
  const own = [':scope > title', ':scope > desc'].map(q => r.clean(el.querySelector(q)?.textContent))
  const target = `${r.n}-${++r.pictures}`
  // In a shadow root (Mermaid), the mark goes on the host, which a page style can reach.
  const marked = root instanceof ShadowRoot ? root.host : el
  marked.setAttribute('data-export-picture', target)
  return {
    kind: 'picture',
    what,
    box: r.boxOf(box),
    page: { left: box.left + window.scrollX, top: box.top + window.scrollY, width: box.width, height: box.height },
    target,
    element: el.localName,
    alt: el.getAttribute('alt'),
    ariaLabel: el.getAttribute('aria-label'),
    labels: [...ids.map(id => r.clean(scope.getElementById(id)?.textContent)), ...own, el.localName === 'iframe' ? r.clean(el.getAttribute('title')) : ''].filter(Boolean),
    tex: what === 'formula' ? el.querySelector('annotation[encoding="application/x-tex"]')?.textContent?.trim() ?? '' : undefined,
    icon: el.getAttribute('data-icon') ?? undefined,
    className: el.getAttribute('class') ?? '',
    roughMark: el.classList.contains('rough-annotation'),
    arrow: !!el.querySelector(':scope > line, :scope > path') && !!el.querySelector('marker, [marker-end]'),
  }
}

/** A chart the deck marked for a native one (chart-spec.ts): its spec, its marks and its texts. */
export function inPageChartOf(r: SlideReader, svg: SVGSVGElement): RawChart {
  const drawn = svg.getBoundingClientRect().width
  return {
    kind: 'chart',
    spec: svg.getAttribute('data-chart') ?? '',
    name: r.clean(svg.getAttribute('aria-label') ?? svg.querySelector('title')?.textContent),
    title: svg.closest('figure')?.querySelector(':scope > figcaption')?.textContent?.trim() ?? '',
    described: (svg.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean)
      .map(id => r.clean(document.getElementById(id)?.textContent)).filter(Boolean),
    marks: Array.from(svg.querySelectorAll('[data-chart-series]')).filter(m => !r.hidden(m)).map((m) => {
      const cs = getComputedStyle(m)
      return {
        series: m.getAttribute('data-chart-series') ?? '',
        category: m.getAttribute('data-chart-category') ?? '',
        box: r.boxOf(m.getBoundingClientRect()),
        fill: cs.fill,
        opacity: cs.opacity,
      }
    }),
    texts: Array.from(svg.querySelectorAll('text')).filter(t => r.clean(t.textContent) && !r.hidden(t)).map((t) => {
      const cs = getComputedStyle(t)
      return { run: r.runOf(t, r.clean(t.textContent)), box: r.boxOf(t.getBoundingClientRect()), fill: cs.fill, fontSize: cs.fontSize }
    }),
    scale: drawn / (svg.viewBox.baseVal?.width || drawn),
  }
}

/** A table, row by row and cell by cell, with the runs of each cell. */
export function inPageTableOf(r: SlideReader, table: HTMLTableElement): RawTable {
  return {
    kind: 'table',
    box: r.boxOf(table.getBoundingClientRect()),
    rows: Array.from(table.rows).map(tr => ({
      height: tr.getBoundingClientRect().height,
      cells: Array.from(tr.cells).map((cell) => {
        const runs: RawRun[] = []
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT)
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (!node.parentElement || r.hidden(node.parentElement))
            continue
          const run = r.runOf(node.parentElement, node.nodeValue ?? '')
          run.backgrounds = []
          for (let el: Element | null = node.parentElement; el && el !== cell; el = el.parentElement)
            run.backgrounds.push(getComputedStyle(el).backgroundColor)
          runs.push(run)
        }
        return { header: cell.tagName === 'TH', width: cell.getBoundingClientRect().width, style: r.pick(getComputedStyle(cell), r.names.cell), runs }
      }),
    })),
  }
}

/**
 * What an element that is not text gives: a table, a picture (a diagram, a formula, an svg, an
 * image, an embed, an icon), a chart, or a thing that cannot be made editable, each taken
 * `whole` (what it holds is left out of the rest of the walk); or, for any other element, the
 * box it draws with its ::before and ::after, and its CSS background picture.
 */
export function inPageElementItems(r: SlideReader, el: HTMLElement, parts: CollectorParts): { whole: boolean, items: RawItem[] } {
  const whole = (item: RawItem | undefined) => ({ whole: true, items: item ? [item] : [] })
  if (el.tagName === 'TABLE')
    return whole(parts.table(r, el as HTMLTableElement))
  if (el.shadowRoot) {
    // Slidev draws Mermaid diagrams inside a shadow root, out of the walk's reach.
    const inner = el.shadowRoot.querySelector('svg, img, canvas')
    const picture = inner ? parts.picture(r, inner, inner.localName === 'svg' ? 'diagram' : inner.localName) : undefined
    if (picture)
      picture.host = (el.getAttribute('aria-label') ?? el.getAttribute('alt') ?? '').trim() || undefined
    return whole(picture)
  }
  // KaTeX sets a formula twice: MathML for readers and HTML for the eye.
  if (el.classList.contains('katex'))
    return whole(parts.picture(r, el, 'formula'))
  if (el.hasAttribute('data-chart')) {
    // A chart the deck describes for a native one (chart-spec.ts); the spec is read in Node.
    return whole(el.localName === 'svg'
      ? parts.chart(r, el as unknown as SVGSVGElement)
      : { kind: 'unsupported', what: `a chart whose data-chart is on a <${el.localName}> instead of its <svg>` })
  }
  if (el.localName === 'svg')
    return whole(parts.picture(r, el, 'svg'))
  if (el.tagName === 'IMG' || el.tagName === 'CANVAS')
    return whole(parts.picture(r, el, el.tagName.toLowerCase()))
  // An embed (a post, a demo page): a picture of what it shows, named by its title.
  if (el.tagName === 'IFRAME')
    return whole(parts.picture(r, el, 'embed'))
  if (el.tagName === 'VIDEO')
    return whole({ kind: 'unsupported', what: `a <${el.tagName.toLowerCase()}> element` })
  // A UnoCSS icon (`i-carbon-sun`): its shape is a mask over a box of its colour.
  if (getComputedStyle(el).webkitMaskImage.includes('url('))
    return whole(parts.picture(r, el, 'icon'))
  const items: RawItem[] = []
  const cs = getComputedStyle(el)
  const box = el.getBoundingClientRect()
  // An inline or empty element draws no box of its own (an inline fill is its runs'),
  // so only the others are read, with their ::before and ::after.
  if (cs.display !== 'inline' && box.width > 0 && box.height > 0) {
    const pseudo = (['::before', '::after'] as const).map(p => getComputedStyle(el, p))
      .filter(ps => ps.content !== 'none' && ps.content !== 'normal').map(ps => r.pick(ps, r.names.pseudo))
    items.push({ kind: 'element', box: r.boxOf(box), style: r.pick(cs, r.names.box), pseudo })
  }
  // A CSS background picture (a cover's `background:`): its content is read on as usual.
  const url = /url\(\s*["']?([^"')]+)["']?\s*\)/.exec(cs.backgroundImage)?.[1]
  const backdrop = url ? parts.picture(r, el, 'background picture') : undefined
  if (backdrop)
    items.push({ ...backdrop, url })
  return { whole: false, items }
}
