/**
 * What the PowerPoint's reading pass collects in the page (pptx-collect-in-page.ts) and hands to
 * Node (pptx-interpret.ts): plain, serialisable readings of the DOM. Boxes are as measured,
 * style values are the computed strings, unparsed; nothing here has been decided yet.
 */

/** A box as the page measured it: CSS pixels of the viewport (of the page, for `page`). */
export interface PageBox { left: number, top: number, width: number, height: number }

/** Computed style values, by CSS property name, as the page gives them. */
export type Styles<K extends string> = Record<K, string>

export type RunProperty = 'color' | '-webkit-text-fill-color' | 'font-family' | 'font-size' | 'font-weight' | 'font-style'
  | 'letter-spacing' | 'text-transform' | 'white-space' | 'tab-size'
export type InlineProperty = 'display' | 'background-color' | 'background-clip' | 'color' | 'text-decoration-line'
  | 'text-decoration-style' | 'text-decoration-color' | 'border-bottom-style' | 'border-bottom-width'
  | 'border-bottom-color'
export type BoxProperty = 'display' | 'background-color' | 'background-clip' | 'background-image' | 'border-top-left-radius'
  | `border-${'top' | 'right' | 'bottom' | 'left'}-${'style' | 'width' | 'color'}`
export type PseudoProperty = 'content' | 'display' | 'position' | 'top' | 'left' | 'right' | 'width'
  | 'height' | 'background-color' | 'border-top-style' | 'border-top-width' | 'border-top-color'
export type BlockProperty = 'display' | 'text-align' | 'line-height' | 'font-size' | 'list-style-type'
  | 'padding-left' | 'padding-right' | 'border-left-width' | 'border-right-width'
export type CellProperty = 'text-align' | 'line-height' | 'font-size' | 'padding-top' | 'padding-right'
  | 'padding-bottom' | 'padding-left' | 'border-bottom-style' | 'border-bottom-width' | 'border-bottom-color'

/** A piece of text and what it is drawn in. */
export interface RawRun {
  text: string
  style: Styles<RunProperty>
  /** The `lang` of the closest element that sets one. */
  lang: string
  /** Inside <pre> or <code>. */
  code: boolean
  /** The opacity it is drawn with: its element's times every ancestor's up to the slide. */
  opacity: number
  /** The elements from the text's own up to its block, innermost first, while they are inline. */
  inline: Array<Styles<InlineProperty>>
  /** In a table cell: the background colours from the text's element up to the cell. */
  backgrounds?: string[]
  /** A `<br>`: the line breaks here. Its text is a newline. */
  lineBreak?: boolean
  /**
   * Drawn with `background-clip: text` (gradient lettering): the background of the closest
   * element that clips its background to its text, which paints the letters.
   */
  clip?: { image: string, color: string }
}

/** An element that is not text, a picture, a chart or a table: it may draw a box. */
export interface RawElement {
  kind: 'element'
  box: PageBox
  style: Styles<BoxProperty>
  /** Its ::before and ::after, where they have content. */
  pseudo: Array<Styles<PseudoProperty>>
}

/** A block element's text, collected where its first text is met. */
export interface RawBlock {
  kind: 'block'
  tag: string
  box: PageBox
  style: Styles<BlockProperty>
  /** Drawn width over laid-out width: the scale of a CSS transform (Slidev's <Transform>). */
  scale: number
  /** The slide's first <h1>. */
  title: boolean
  runs: RawRun[]
  /** The boxes of its text's lines, as the browser set them. */
  lines: PageBox[]
  /** In a list: the item's place counted from the list's start, the list's left padding, and the width of its widest number. */
  list?: { number: number, padding: string, widestNumber: number }
  /** The background colours behind its text, from the block outwards to the first opaque one. */
  behind?: string[]
}

export interface RawPicture {
  kind: 'picture'
  /** img, svg, canvas, formula, icon, diagram, background picture. */
  what: string
  box: PageBox
  page: PageBox
  /** The `data-export-picture` mark it was given. */
  target: string
  element: string
  alt: string | null
  ariaLabel: string | null
  /** Texts that name or describe it: aria-labelledby, aria-describedby, its own <title> and <desc>. */
  labels: string[]
  /** A formula's LaTeX source. */
  tex?: string
  /** Icon name the build adds to icon components. */
  icon?: string
  className: string
  /** Slidev's v-mark draws with rough-notation. */
  roughMark: boolean
  /** A line or path with an arrowhead marker (Slidev's <Arrow>). */
  arrow: boolean
  /** A shadow host's own aria-label or alt (Mermaid's `alt` option). */
  host?: string
  /** A CSS background picture's URL. */
  url?: string
}

export interface RawChart {
  kind: 'chart'
  /** The svg's `data-chart`, unparsed (chart-spec.ts says what it holds). */
  spec: string
  /** The panel's accessible name (its aria-label or <title>), for messages. */
  name: string
  /** The caption of the figure it is in. */
  title: string
  /** The texts its aria-labelledby points at. */
  described: string[]
  /** The shapes marked `data-chart-series` and `data-chart-category`, in document order; `opacity` is the shape's own. */
  marks: Array<{ series: string, category: string, box: PageBox, fill: string, opacity: string }>
  texts: Array<{ run: RawRun, box: PageBox, fill: string, fontSize: string }>
  /** Drawn width over the viewBox's: how the SVG's font sizes scale. */
  scale: number
}

export interface RawTable {
  kind: 'table'
  box: PageBox
  rows: Array<{ height: number, cells: Array<{ header: boolean, width: number, style: Styles<CellProperty>, runs: RawRun[], behind?: string[] }> }>
}

export interface RawUnsupported { kind: 'unsupported', what: string }

export type RawItem = RawElement | RawBlock | RawPicture | RawChart | RawTable | RawUnsupported

export interface CollectedSlide {
  number: number
  /** Not in the print view. */
  missing?: boolean
  /** The slide's root: its box as drawn, and its canvas width as laid out. */
  frame: PageBox
  canvasWidth: number
  /** In document order, so a box comes before the text it holds. */
  items: RawItem[]
  /** The background colours from the slide's root out to its print container (the colour scheme's). */
  behind?: string[]
}

