/**
 * The PowerPoint's reading pass, in Node: `interpretSlides` turns what pptx-collect-in-page.ts
 * read off the page (boxes, computed styles, text, charts, tables, pictures) into the slide
 * pieces of slide-view.ts: colours parsed, white space collapsed as CSS does, boxes and border
 * edges drawn, text blocks placed line by line, charts measured, and every picture named.
 * Nothing here touches a browser, so unit tests can give it made-up slides.
 */
import type { BlockProperty, CollectedSlide, InlineProperty, PageBox, RawBlock, RawChart, RawElement, RawPicture, RawRun, RawTable, Styles } from './collected-slide'
import type { BoxShape, Paint, PictureShape, Rect, SlideNode, SlideView, TableCell, TableShape, TextBlock, TextRun } from './slide-view'
import { readChart } from './chart-read'
import { PptxSlideError } from './pptx-common'
import { flatten, linearGradient, over, paint, WHITE } from './pptx-paint'
import { expandTabs, runOf, tidy } from './pptx-runs'

export { paint }

export { expandTabs, runOf, tidy }

const px = (v: string | undefined) => Number.parseFloat(v ?? '') || 0


const alignOf = (css: string): TextBlock['align'] =>
  css === 'center' ? 'center' : css === 'right' || css === 'end' ? 'right' : 'left'
const lineHeightOf = (s: Styles<'line-height' | 'font-size'>) => s['line-height'] === 'normal' ? px(s['font-size']) * 1.2 : px(s['line-height'])

/**
 * What a picture is called in the file: its own alt or label, else the texts that name it, a
 * formula's LaTeX, a shadow host's label (Mermaid's `alt`); with none of those, an icon by its
 * name (the build's `data-icon`, or a UnoCSS `i-…` class), Slidev's arrow and v-mark by what
 * they draw, and a background by its file name.
 */
export function pictureAlt(p: RawPicture): string {
  if (p.what === 'formula')
    return p.tex ?? ''
  if (p.url !== undefined) {
    const file = decodeURIComponent(p.url.split(/[?#]/)[0]!.split('/').pop() ?? '')
    return (p.ariaLabel ?? '').trim() || (p.url.startsWith('data:') ? 'A background picture' : `Picture ${file}`)
  }
  if (p.host)
    return p.host
  const own = (p.alt ?? p.ariaLabel ?? '').trim() || [...new Set(p.labels)].join('. ')
  if (own)
    return own
  const icon = p.icon ?? /(?:^|\s)i-([a-z0-9]+)[-:]([a-z0-9-]+)(?:\s|$)/.exec(p.className)?.slice(1, 3).join(':')
  if (icon)
    return `Icon ${icon}`
  if (p.roughMark)
    return 'A hand-drawn mark over the text'
  if (p.arrow)
    return 'An arrow'
  return p.element === 'iframe' ? 'An embedded page' : `A ${p.element === 'img' ? 'picture' : p.element === 'svg' ? 'drawing' : p.element}`
}

/** Interprets one slide; `local` maps page boxes to the canvas, `k` is the canvas's scale. */
class SlideReader {
  readonly view: SlideView
  readonly k: number
  private readonly frame: PageBox
  private readonly slideArea: number
  /** The colour the slide shows where nothing is drawn (the colour scheme's), unless it is none. */
  private readonly base?: Paint

  constructor(slide: CollectedSlide) {
    this.view = { number: slide.number, nodes: [], unsupported: [] }
    this.frame = slide.frame
    this.k = slide.canvasWidth / slide.frame.width
    this.slideArea = slide.frame.width * slide.frame.height
    const behind = (slide.behind ?? []).map(paint)
    if (behind.some(Boolean))
      this.base = flatten(behind)
  }

  local(r: PageBox): Rect {
    const { frame, k } = this
    return { x: (r.left - frame.left) * k, y: (r.top - frame.top) * k, w: r.width * k, h: r.height * k }
  }

  /** Filled or bordered elements, their uneven borders as edges, and absolutely placed ::before/::after rules. */
  boxes(el: RawElement): BoxShape[] {
    const out: BoxShape[] = []
    const { k } = this
    const s = el.style
    const r = this.local(el.box)
    // An inline element's fill and underline are its runs' (see `decoration`).
    if (r.w <= 0 || r.h <= 0 || s.display === 'inline')
      return out
    const radius = Math.min(px(s['border-top-left-radius']) * k, Math.min(r.w, r.h) / 2)
    const ellipse = /%/.test(s['border-top-left-radius']) && Number.parseFloat(s['border-top-left-radius']) >= 50
    const fill = paint(s['background-color'])
    const sides = (['top', 'right', 'bottom', 'left'] as const).map(side => ({
      width: (s[`border-${side}-style`] === 'none' ? 0 : px(s[`border-${side}-width`])) * k,
      paint: paint(s[`border-${side}-color`]),
    }))
    const first = sides[0]!
    const uniform = sides.every(e => e.width === first.width && e.paint?.hex === first.paint?.hex && e.width > 0 && e.paint)
    const covers = r.w * r.h >= this.slideArea * k * k * 0.9
    const gradient = covers && s['background-image'] !== 'none' ? linearGradient(s['background-image'], r.w, r.h) : undefined
    if (gradient) {
      // A layout drawn on a gradient: the slide's background, its stops as they show over the slide's colour.
      const under = fill ? over(fill, this.base ?? WHITE) : this.base ?? WHITE
      this.view.gradient = { angle: gradient.angle, stops: gradient.stops.map(stop => ({ at: stop.at, paint: over(stop.paint, under) })) }
    }
    if (fill && covers) {
      // The slide's own fill: the file's background, not a shape.
      if (!this.view.background || fill.alpha === 1)
        this.view.background = fill
    }
    else if (fill || uniform) {
      out.push({ kind: 'box', rect: r, fill, line: uniform ? { paint: first.paint!, width: first.width } : undefined, radius: ellipse ? 0 : radius, ellipse })
    }
    if (!uniform) {
      sides.forEach((e, i) => {
        if (!(e.width > 0) || !e.paint)
          return
        const edge = [
          { x: r.x, y: r.y, w: r.w, h: e.width },
          { x: r.x + r.w - e.width, y: r.y, w: e.width, h: r.h },
          { x: r.x, y: r.y + r.h - e.width, w: r.w, h: e.width },
          { x: r.x, y: r.y, w: e.width, h: r.h },
        ][i]!
        out.push({ kind: 'box', rect: edge, fill: e.paint, radius: 0, ellipse: false })
      })
    }
    for (const ps of el.pseudo) {
      if (ps.display === 'none' || ps.position !== 'absolute')
        continue
      const bw = ps['border-top-style'] === 'none' ? 0 : px(ps['border-top-width']) * k
      const h = Math.max(px(ps.height) * k, 0) + bw
      const left = px(ps.left) * k
      const x = r.x + px(s['border-left-width']) * k + left
      const w = ps.right !== 'auto'
        ? r.w - px(s['border-left-width']) * k - px(s['border-right-width']) * k - left - px(ps.right) * k
        : px(ps.width) * k
      const colour = paint(ps['background-color']) ?? (bw > 0 ? paint(ps['border-top-color']) : undefined)
      if (colour && w > 0 && h > 0)
        out.push({ kind: 'box', rect: { x, y: r.y + px(s['border-top-width']) * k + px(ps.top) * k, w, h }, fill: colour, radius: 0, ellipse: false })
    }
    return out
  }

  /** A native chart, measured from its marks, with its texts as text blocks over it (chart-read.ts). */
  chart(c: RawChart): SlideNode[] {
    const read = readChart(c, r => this.local(r), this.k)
    if (typeof read === 'string')
      throw new PptxSlideError(this.view.number, 'reading a chart', `chart "${c.name || c.title}": ${read}`)
    return read
  }

  table(t: RawTable): TableShape {
    const { k } = this
    let columns: number[] = []
    const rows = t.rows.map((row) => {
      const cells = row.cells.map((cell): TableCell => {
        const s = cell.style
        const bottom = s['border-bottom-style'] === 'none' ? 0 : px(s['border-bottom-width'])
        const bottomPaint = paint(s['border-bottom-color'])
        return {
          runs: tidy(cell.runs.map(run => runOf(run))),
          align: alignOf(s['text-align']),
          lineHeight: lineHeightOf(s) * k,
          header: cell.header,
          padding: [px(s['padding-top']) * k, px(s['padding-right']) * k, px(s['padding-bottom']) * k, px(s['padding-left']) * k],
          borderBottom: bottom > 0 && bottomPaint ? { paint: bottomPaint, width: bottom * k } : undefined,
        }
      })
      if (row.cells.length > columns.length)
        columns = row.cells.map(c => c.width * k)
      return { height: row.height * k, cells }
    })
    return { kind: 'table', rect: this.local(t.box), columns, rows }
  }

  picture(p: RawPicture): PictureShape {
    const picture: PictureShape = {
      kind: 'picture',
      rect: this.local(p.box),
      pageRect: { x: p.page.left, y: p.page.top, w: p.page.width, h: p.page.height },
      alt: pictureAlt(p),
      what: p.what,
      target: p.target,
    }
    if (p.url !== undefined)
      picture.backdrop = true
    return picture
  }

  /** A block's text, placed from its lines; none when nothing of it shows. */
  block(b: RawBlock): TextBlock | undefined {
    const { k } = this
    const s: Styles<BlockProperty> = b.style
    const isItem = b.tag === 'li' && s.display === 'list-item' && s['list-style-type'] !== 'none'
    const numbered = /^(decimal|decimal-leading-zero)$/.test(s['list-style-type'])
    const node: TextBlock = {
      kind: 'text',
      rect: { x: 0, y: 0, w: 0, h: 0 },
      runs: tidy(expandTabs(b.runs).map(run => runOf(run, b.behind ?? []))),
      align: alignOf(s['text-align']),
      lineHeight: lineHeightOf(s) * k,
      lines: 0,
      title: b.title,
      bullet: isItem && b.list ? { indent: 0, number: numbered ? b.list.number : undefined } : undefined,
    }
    // A CSS transform (Slidev's <Transform>) scales what is drawn, not the computed sizes.
    const drawn = b.scale * k
    if (Math.abs(drawn - 1) > 0.02) {
      for (const run of node.runs) {
        run.size *= drawn
        run.letterSpacing *= drawn
      }
      node.lineHeight *= drawn
    }
    const lines = b.lines.filter(r => r.width > 0 && r.height > 0)
    if (!lines.length || !node.runs.length)
      return undefined
    node.lines = new Set(lines.map(r => Math.round((r.top + r.height / 2) / 4))).size
    const lineHeightCss = node.lineHeight / k
    const firstTop = Math.min(...lines.map(r => r.top + r.height / 2)) - lineHeightCss / 2
    const lastBottom = Math.max(...lines.map(r => r.top + r.height / 2)) + lineHeightCss / 2
    const padLeft = px(s['padding-left']) + px(s['border-left-width'])
    const padRight = px(s['padding-right']) + px(s['border-right-width'])
    node.rect = this.local({ left: b.box.left + padLeft, top: firstTop, width: b.box.width - padLeft - padRight, height: lastBottom - firstTop })
    if (node.bullet && b.list) {
      let indent = px(b.list.padding) || 20
      // The browser sets a number wider than the list's padding out into the margin; a
      // PowerPoint number must fit in the indent, so it gets the room of the widest one.
      if (node.bullet.number !== undefined)
        indent = Math.max(indent, b.list.widestNumber + px(s['font-size']) * 0.5)
      node.bullet.indent = indent * k
    }
    return node
  }

  read(slide: CollectedSlide): SlideView {
    if (slide.missing) {
      this.view.unsupported.push('the slide is missing from the print view')
      return this.view
    }
    for (const item of slide.items) {
      if (item.kind === 'element') {
        this.view.nodes.push(...this.boxes(item))
      }
      else if (item.kind === 'block') {
        const block = this.block(item)
        if (block)
          this.view.nodes.push(block)
      }
      else if (item.kind === 'chart') {
        this.view.nodes.push(...this.chart(item))
      }
      else if (item.kind === 'table') {
        this.view.nodes.push(this.table(item))
      }
      else if (item.kind === 'picture') {
        this.view.nodes.push(this.picture(item))
      }
      else {
        this.view.unsupported.push(item.what)
      }
    }
    // The file's layout is white: a slide on another colour (a dark scheme) says so.
    const base = this.base
    if (base && base.hex !== WHITE.hex)
      this.view.background = this.view.background ? over(this.view.background, base) : base
    return this.view
  }
}

/** The slides as the PowerPoint builds them, from what the page collected. */
export function interpretSlides(slides: CollectedSlide[]): SlideView[] {
  return slides.map(slide => new SlideReader(slide).read(slide))
}
