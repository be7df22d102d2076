/**
 * Builds the editable PowerPoint from the slide pieces pptx-interpret.ts made of the
 * print view, with pptxgenjs: every text is a native text box (the slide's
 * heading in the title placeholder), boxes are shapes, the charts the page
 * marks (chart-spec.ts) are native bar charts carrying the page's numbers,
 * and tables are native tables. Then what pptxgenjs writes wrongly is corrected (pptx-package.ts), and the
 * package is made reproducible: pptxgenjs stamps the
 * clock and random ids into it, which `normalizePptx` replaces.
 *
 * Fonts are named, not embedded (see README, "Editable PowerPoint"): every
 * text box shrinks its text on overflow and leaves slack, so a recipient
 * without Inter or Noto Sans SC gets re-wrapped text inside its box, never text
 * running over its neighbours.
 */
import JSZip from 'jszip'
import PptxGenJS from 'pptxgenjs'
import { addChart } from './pptx-chart'
import { PptxSlideError, inch, pt, transparency } from './pptx-common'
import { finishSlides } from './pptx-fidelity'
import { correctPptx } from './pptx-package'
import { formatProblems, packageProblems, readPackageParts, repairTriggers } from './pptx-verify'
import type { BoxShape, PictureShape, SlideView, TableShape, TextBlock, TextRun } from './slide-view'

export { PptxSlideError }

/** Fonts the deck sets: Latin text, and the East Asian face for runs marked Chinese. */
export const PPTX_FONTS = { latin: 'Inter', eastAsian: 'Noto Sans SC' } as const

/**
 * Extra width for a one-line text box, as a share of its width (at least the px given): another
 * renderer may set the same words a little wider, and a title should not break for that. Boxes
 * of several lines get only a hair more, so their lines break where they do on the slide.
 */
const SINGLE_LINE_SLACK = 0.04
const MIN_SINGLE_LINE_SLACK_PX = 8
const MULTI_LINE_SLACK_PX = 2

export interface PptxSlideInput {
  number: number
  title: string
  notes: string
  view: SlideView
}

export interface PptxInput {
  title: string
  author?: string
  subject?: string
  lang: string
  canvasWidth: number
  canvasHeight: number
  /** Creation and modification date written into the document properties. */
  date: Date
  slides: PptxSlideInput[]
}

/** CSS's generic families, which name no font a PowerPoint could look for. */
const GENERIC_FAMILIES = new Set(['serif', 'sans-serif', 'monospace', 'cursive', 'fantasy', 'system-ui', 'ui-serif', 'ui-sans-serif', 'ui-monospace', 'ui-rounded', 'math', 'emoji', 'fangsong'])

/** The face a run names in the file: the first family of its CSS stack (this deck's Inter), unless that is generic. */
function faceOf(family: string): string {
  return family && !GENERIC_FAMILIES.has(family.toLowerCase()) ? family : PPTX_FONTS.latin
}

function runOptions(run: TextRun): PptxGenJS.TextPropsOptions {
  const options: PptxGenJS.TextPropsOptions = {
    // Code keeps its own monospace face, so its columns line up.
    fontFace: run.zh ? PPTX_FONTS.eastAsian : faceOf(run.font),
    fontSize: pt(run.size),
    color: run.color.hex,
    lang: run.zh ? 'zh-CN' : undefined,
  }
  if (run.bold)
    options.bold = true
  if (run.italic)
    options.italic = true
  const alpha = transparency(run.color)
  if (alpha !== undefined)
    options.transparency = alpha
  if (run.letterSpacing)
    options.charSpacing = pt(run.letterSpacing)
  if (run.highlight)
    options.highlight = run.highlight.hex
  if (run.underline)
    options.underline = { style: run.underline.style === 'dashed' ? 'dash' : run.underline.style === 'dotted' ? 'dotted' : 'sng', color: run.underline.color.hex }
  return options
}

function addText(slide: PptxGenJS.Slide, node: TextBlock): void {
  const slack = node.lines > 1 ? MULTI_LINE_SLACK_PX : Math.max(MIN_SINGLE_LINE_SLACK_PX, node.rect.w * SINGLE_LINE_SLACK)
  let x = node.rect.x
  if (node.align === 'center')
    x -= slack / 2
  else if (node.align === 'right')
    x -= slack
  const indent = node.bullet?.indent ?? 0
  // The line pitch is given on each run too: pptxgenjs drops the shape-level one for placeholders.
  // A `<br>` is a line break (a:br) before the run after it; two in a row break around an empty run.
  const runs: PptxGenJS.TextProps[] = []
  let breakBefore = false
  for (const run of node.runs) {
    if (run.lineBreak && breakBefore)
      runs.push({ text: '', options: { ...runOptions(run), lineSpacing: pt(node.lineHeight), softBreakBefore: true } })
    if (run.lineBreak) {
      breakBefore = true
      continue
    }
    runs.push({ text: run.text, options: { ...runOptions(run), lineSpacing: pt(node.lineHeight), ...(breakBefore ? { softBreakBefore: true } : {}) } })
    breakBefore = false
  }
  slide.addText(runs, {
    ...(node.title ? { placeholder: 'title' } : {}),
    x: inch(x - indent),
    y: inch(node.rect.y),
    w: inch(node.rect.w + slack + indent),
    h: inch(node.rect.h),
    margin: 0,
    align: node.align,
    valign: 'top',
    // "Shrink text on overflow": where a substitute font sets the text wider, it is made to fit the box.
    fit: 'shrink',
    wrap: true,
    lineSpacing: pt(node.lineHeight),
    paraSpaceBefore: 0,
    paraSpaceAfter: 0,
    ...(node.bullet ? { bullet: node.bullet.number ? { type: 'number' as const, numberStartAt: node.bullet.number, indent: pt(indent) } : { indent: pt(indent) } } : {}),
    // The heading is the slide's title shape; everything else is a plain text box.
    ...(node.title ? {} : { isTextBox: true }),
  })
}

function addBox(slide: PptxGenJS.Slide, pptx: PptxGenJS, node: BoxShape): void {
  const options: PptxGenJS.ShapeProps = {
    x: inch(node.rect.x),
    y: inch(node.rect.y),
    w: inch(node.rect.w),
    h: inch(node.rect.h),
    fill: node.fill ? { color: node.fill.hex, transparency: transparency(node.fill) } : { type: 'none' },
    line: node.line ? { color: node.line.paint.hex, width: pt(node.line.width), transparency: transparency(node.line.paint) } : { type: 'none' },
  }
  if (node.ellipse) {
    slide.addShape(pptx.ShapeType.ellipse, options)
  }
  else if (node.radius > 0.5) {
    options.rectRadius = inch(node.radius)
    slide.addShape(pptx.ShapeType.roundRect, options)
  }
  else {
    slide.addShape(pptx.ShapeType.rect, options)
  }
}

function addTable(slide: PptxGenJS.Slide, node: TableShape): void {
  const rows: PptxGenJS.TableRow[] = node.rows.map(row => row.cells.map(cell => ({
    text: cell.runs.map(run => ({ text: run.text, options: runOptions(run) })),
    options: {
      align: cell.align,
      valign: 'top' as const,
      margin: cell.padding.map(p => inch(p)) as [number, number, number, number],
      lineSpacing: pt(cell.lineHeight),
      border: [
        { type: 'none' as const },
        { type: 'none' as const },
        cell.borderBottom ? { type: 'solid' as const, pt: pt(cell.borderBottom.width), color: cell.borderBottom.paint.hex } : { type: 'none' as const },
        { type: 'none' as const },
      ],
    },
  })))
  const total = node.columns.reduce((a, b) => a + b, 0)
  const scale = total > 0 ? node.rect.w / total : 1
  slide.addTable(rows, {
    x: inch(node.rect.x),
    y: inch(node.rect.y),
    w: inch(node.rect.w),
    colW: node.columns.map(c => inch(c * scale)),
    rowH: node.rows.map(r => inch(r.height)),
    autoPage: false,
  })
}

/**
 * What a slide taller than the canvas shows: the PDF and PNGs cut it at the canvas's bottom edge,
 * so pieces that start below it are left out and boxes that cross it end there.
 */
export function withinCanvas(nodes: SlideView['nodes'], canvasHeight: number): SlideView['nodes'] {
  return nodes.flatMap((node) => {
    const rect = node.kind === 'chart' ? node.plot : node.rect
    if (rect.y >= canvasHeight)
      return []
    if (node.kind === 'box' && rect.y + rect.h > canvasHeight)
      return [{ ...node, rect: { ...rect, h: canvasHeight - rect.y } }]
    return [node]
  })
}

function addPicture(slide: PptxGenJS.Slide, node: PictureShape, slideNo: number): void {
  if (!node.png)
    throw new PptxSlideError(slideNo, 'adding a picture', `the ${node.what} at ${Math.round(node.rect.x)},${Math.round(node.rect.y)} px was not captured`)
  slide.addImage({
    data: `image/png;base64,${Buffer.from(node.png).toString('base64')}`,
    x: inch(node.rect.x),
    y: inch(node.rect.y),
    w: inch(node.rect.w),
    h: inch(node.rect.h),
    altText: node.alt,
  })
}

/** Speaker notes as plain text: markdown emphasis and links reduced to their words, paragraphs kept. */
export function notesText(markdown: string): string {
  return markdown
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map(block => block.split('\n').map(line => line
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/`([^`]*)`/g, '$1')
      .replace(/(\*\*|__)(.+?)\1/g, '$2')
      .replace(/(^|[^\w*])[*_](\S(?:.*?\S)?)[*_](?!\w)/g, '$1$2')
      .replace(/<[^>]+>/g, '')
      .trim()).filter(Boolean).join('\n'))
    .filter(Boolean)
    .join('\n\n')
}

export async function buildPptx(input: PptxInput): Promise<Uint8Array> {
  const finished = await finishSlides(await writePptx(input), input.slides.map(s => s.view), faceOf)
  return normalizePptx(await correctPptx(finished), input.date)
}

/** The package exactly as pptxgenjs writes it, before corrections and normalization (for tests). */
export async function writePptx(input: PptxInput): Promise<Uint8Array> {
  const pptx = new PptxGenJS()
  const layout = `${input.canvasWidth}x${Math.round(input.canvasHeight)}`
  pptx.defineLayout({ name: layout, width: inch(input.canvasWidth), height: inch(input.canvasHeight) })
  pptx.layout = layout
  pptx.title = input.title
  if (input.author)
    pptx.author = input.author
  if (input.subject)
    pptx.subject = input.subject
  pptx.company = ''
  // The theme's fonts are the deck's: those of its first title and of its first other text.
  const texts = input.slides.flatMap(s => s.view.nodes).filter((n): n is TextBlock => n.kind === 'text' && !n.inChart)
  const faceOfBlock = (block: TextBlock | undefined) => faceOf(block?.runs.find(r => !r.zh && !r.mono)?.font ?? '')
  pptx.theme = { headFontFace: faceOfBlock(texts.find(t => t.title)), bodyFontFace: faceOfBlock(texts.find(t => !t.title && t.runs.some(r => !r.mono))) }
  pptx.defineSlideMaster({
    title: 'DECK',
    background: { color: 'FFFFFF' },
    objects: [{
      placeholder: {
        // No position or style here: pptxgenjs lays a placeholder's own options over the slide's
        // text, so each slide's title keeps the place and look it has on the slide.
        options: { name: 'title', type: 'title' },
        text: '',
      },
    }],
  })

  for (const { number, notes, view } of input.slides) {
    if (view.unsupported.length)
      throw new PptxSlideError(number, 'reading the slide', `cannot make ${view.unsupported[0]} editable`)
    const slide = pptx.addSlide({ masterName: 'DECK' })
    // A background picture that fills the slide is the slide's background; a gradient is written
    // over the colour given here (pptx-fidelity.ts), its first stop.
    const backdrop = view.nodes.find((n): n is PictureShape => n.kind === 'picture' && !!n.backdrop && !!n.png && n.rect.w * n.rect.h >= input.canvasWidth * input.canvasHeight * 0.9)
    if (backdrop)
      slide.background = { data: `image/png;base64,${Buffer.from(backdrop.png!).toString('base64')}` }
    else if (view.gradient)
      slide.background = { color: view.gradient.stops[0]!.paint.hex }
    else if (view.background)
      slide.background = { color: view.background.hex, transparency: transparency(view.background) }
    for (const node of withinCanvas(view.nodes.filter(n => n !== backdrop), input.canvasHeight)) {
      switch (node.kind) {
        case 'text': addText(slide, node)
          break
        case 'box': addBox(slide, pptx, node)
          break
        case 'chart': addChart(slide, pptx, node)
          break
        case 'table': addTable(slide, node)
          break
        case 'picture': addPicture(slide, node, number)
          break
      }
    }
    slide.addNotes(notesText(notes))
  }
  // Stored, not compressed: the package is read and written twice more, and normalizePptx compresses it.
  return await pptx.write({ outputType: 'uint8array', compression: false }) as Uint8Array
}

const PARAGRAPH = /<a:p>([\s\S]*?)<\/a:p>/g
const PARAGRAPH_PROPERTIES = /<a:pPr\b[^>]*?(?:\/>|>[\s\S]*?<\/a:pPr>)/g

/**
 * pptxgenjs writes a paragraph's properties again before each of its runs (the later copies
 * without the bullet); the format allows one, first. Keeps the first and drops the copies, so a
 * bulleted item with bold words keeps its bullet.
 */
export function onePropertiesPerParagraph(xml: string): string {
  return xml.replace(PARAGRAPH, (_, body: string) => {
    let seen = false
    return `<a:p>${body.replace(PARAGRAPH_PROPERTIES, (m) => {
      if (seen)
        return ''
      seen = true
      return m
    })}</a:p>`
  })
}

/** Dates inside zips are written with two-second precision; anything earlier than 1980 cannot be stored. */
const ZIP_EPOCH = Date.UTC(1980, 0, 1)

/**
 * Makes a package byte-for-byte repeatable: document dates set to `date`,
 * random ids in charts replaced by ones counted in order, the embedded chart
 * workbooks treated the same way, and every zip entry dated `date`.
 */
export async function normalizePptx(bytes: Uint8Array, date: Date): Promise<Uint8Array> {
  const stamp = new Date(Math.max(ZIP_EPOCH, Math.floor(date.getTime() / 2000) * 2000))
  const iso = stamp.toISOString().replace(/\.\d{3}Z$/, 'Z')
  const zip = await JSZip.loadAsync(bytes)
  const out = new JSZip()
  let counter = 0
  const nextId = () => {
    counter += 1
    return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`.toUpperCase()
  }
  for (const name of Object.keys(zip.files)) {
    const entry = zip.files[name]!
    if (entry.dir)
      continue
    let data: Uint8Array | string
    if (/\.xlsx$/i.test(name)) {
      data = await normalizePptx(await entry.async('uint8array'), date)
    }
    else if (/\.(xml|rels)$/i.test(name)) {
      let text = await entry.async('string')
      text = text.replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:)/g, `$1${iso}$2`)
      if (/slides\/slide\d+\.xml$/.test(name))
        text = onePropertiesPerParagraph(text)
      if (/charts\/chart\d+\.xml$/.test(name))
        text = text.replace(/\{?[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}?/gi, m => (m.startsWith('{') ? `{${nextId()}}` : nextId()))
      data = text
    }
    else {
      data = await entry.async('uint8array')
    }
    out.file(name, data, { date: stamp, createFolders: false })
  }
  return out.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } })
}

/**
 * Reads a built package back and returns the first problem: by slide, the slide count, a slide
 * with neither text nor a picture, a picture without alt text or whose image is not in the
 * package, a slide without notes; then the package's own, without a slide (see pptx-verify.ts:
 * content types, relationships, reachability, known repair triggers). `slides` are the deck's
 * numbers of the slides in the file, in order (or their count, when they are 1 to n), so that a
 * problem names the slide as the deck counts it, also under --range.
 */
export async function checkPptx(bytes: Uint8Array, slides: number | readonly number[]): Promise<{ slide?: number, message: string } | undefined> {
  const numbers = typeof slides === 'number' ? Array.from({ length: slides }, (_, i) => i + 1) : slides
  const zip = await JSZip.loadAsync(bytes)
  const slideFiles = Object.keys(zip.files).filter(n => /^ppt\/slides\/slide\d+\.xml$/.test(n))
  if (slideFiles.length !== numbers.length)
    return { slide: numbers[Math.min(slideFiles.length, numbers.length - 1)], message: `the file has ${slideFiles.length} slides, expected ${numbers.length}` }
  for (let i = 1; i <= numbers.length; i++) {
    const slide = numbers[i - 1]!
    const xml = await zip.file(`ppt/slides/slide${i}.xml`)!.async('string')
    const rels = await zip.file(`ppt/slides/_rels/slide${i}.xml.rels`)?.async('string') ?? ''
    const pictures = [...xml.matchAll(/<p:pic\b[\s\S]*?<\/p:pic>/g)].map(m => m[0])
    for (const pic of pictures) {
      const id = /r:embed="([^"]+)"/.exec(pic)?.[1]
      const target = id ? new RegExp(`Id="${id}"[^>]*Target="\\.\\./media/([^"]+)"`).exec(rels)?.[1] : undefined
      if (!target || !zip.file(`ppt/media/${target}`))
        return { slide, message: `it holds a picture whose image is missing from the package${id ? ` (${id})` : ''}` }
    }
    // A slide of pictures alone (a logo, a diagram, embeds) is read through their alt text.
    const text = /<a:t>[^<]*\S/.test(xml)
    if (!text && !pictures.length && !/<p:bg>[\s\S]*?<a:blipFill\b/.test(xml))
      return { slide, message: 'it has neither text nor a picture' }
    if (!text && pictures.length && !pictures.some(pic => /<p:cNvPr\b[^>]*\bdescr="[^"]*\S/.test(pic)))
      return { slide, message: 'it has no text, and no picture on it has alt text' }
    if (!/relationships\/notesSlide"/.test(rels))
      return { slide, message: 'it has no speaker notes' }
  }
  const parts = await readPackageParts(bytes)
  const problems = [...packageProblems(parts), ...repairTriggers(parts)]
  if (problems.length)
    return { message: `${formatProblems(problems.slice(0, 5))}${problems.length > 5 ? `\n(${problems.length - 5} more)` : ''}` }
  return undefined
}
