/**
 * What the PowerPoint is built from: each slide of the print view as positioned, typed pieces
 * (text blocks with styled runs, filled or bordered boxes, native charts, tables and pictures).
 * pptx-interpret.ts makes these in Node from what pptx-collect-in-page.ts read off the page;
 * pptx-build.ts turns them into the file.
 *
 * Coordinates are CSS pixels of the slide canvas, origin at its top left. Text hidden from
 * sight (display: none, visibility: hidden, or the visually-hidden `sr-only` pattern for screen
 * readers) is never a piece: a chart's description only reaches the file as alternative text.
 */
import type { ChartSpec } from './chart-spec'

export interface Rect { x: number, y: number, w: number, h: number }

/** A colour as RRGGBB plus opacity 0..1. */
export interface Paint { hex: string, alpha: number }

/** A linear gradient: its CSS angle (0 points up, 90 right) and its colour stops, 0..1 along its line. */
export interface Gradient { angle: number, stops: Array<{ at: number, paint: Paint }> }

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
  /** A line break (`<br>`) inside the paragraph; its text is a newline. */
  lineBreak?: boolean
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
  /** Frame holding the bars: one slot per category, the bars' common start on its left (bottom, for columns) edge. */
  plot: Rect
  /** A bar's thickness over the category pitch, 0..1. */
  barShare: number
  /** What the chart's data sheet holds, as the page's `data-chart` gives it (chart-spec.ts). */
  spec: ChartSpec
  /** The panel's accessible name: for messages. */
  name: string
  /** What a screen reader hears: the figure's caption, the panel's name and the hidden description. */
  alt: string
  /** Each series' colour as its first mark is drawn; none for a series with no mark. */
  colors: Array<Paint | undefined>
  /** Length the plot's full value axis has, px. */
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
  /** The value of the element's `data-export-picture` attribute, set in the page for the capture. */
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
  /** The slide's own colour, opaque: what shows where nothing is drawn. */
  background?: Paint
  /** A gradient drawn over the whole slide, as the slide's background (its stops opaque). */
  gradient?: Gradient
  nodes: SlideNode[]
  /** Visible things the reader could not turn into native pieces, named for the error message. */
  unsupported: string[]
}
