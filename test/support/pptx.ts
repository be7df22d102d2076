/**
 * Reading an exported PowerPoint back for the tests: the package's slides, their text (per
 * paragraph), shapes, charts, tables and notes, straight from the XML; and measuring how a
 * LibreOffice rendering of it compares with the exported PNGs.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import JSZip from 'jszip'
import { PNG } from 'pngjs'
import type { SlideView } from '../../scripts/export/pptx/slide-view'

/** A slide's title as the PowerPoint reader describes it, for tests that build slides from views. */
export const HEADING_NODE: SlideView['nodes'][number] = {
  kind: 'text',
  rect: { x: 40, y: 30, w: 400, h: 40 },
  runs: [{ text: 'A heading', font: 'Inter', size: 30, bold: true, italic: false, color: { hex: '1F2937', alpha: 1 }, zh: false, letterSpacing: 0 }],
  align: 'left',
  lineHeight: 36,
  lines: 1,
  title: true,
}

const decode = (s: string) => s
  .replace(/&lt;/g, '<')
  .replace(/&gt;/g, '>')
  .replace(/&quot;/g, '"')
  .replace(/&apos;/g, '\'')
  .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
  .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
  .replace(/&amp;/g, '&')

/** What `buildPptx` takes for made-up slide views: a 980-wide canvas, a fixed date, each slide with `notes`. */
export function pptxInput(views: SlideView[], notes = 'Say this.') {
  return {
    title: 'T',
    lang: 'en',
    canvasWidth: 980,
    canvasHeight: 551.25,
    date: new Date(Date.UTC(2025, 5, 1)),
    slides: views.map(v => ({ number: v.number, title: 'T', notes, view: v })),
  }
}

/** Text of every paragraph in a piece of DrawingML, runs joined as they read. */
export function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)]
    .map(m => [...m[1]!.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map(t => decode(t[1]!)).join(''))
    .filter(Boolean)
}

/** A shape's frame in points (1 pt = 12700 EMU). */
export interface Frame { x: number, y: number, w: number, h: number }

function frameOf(xml: string): Frame | undefined {
  const m = /<a:off x="(-?\d+)" y="(-?\d+)"\/>\s*<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(xml)
  return m ? { x: +m[1]! / 12700, y: +m[2]! / 12700, w: +m[3]! / 12700, h: +m[4]! / 12700 } : undefined
}

export interface PptxRun { text: string, rPr: string }

export interface PptxSlide {
  number: number
  xml: string
  /** Paragraph texts of the slide's shapes and tables (not the notes). */
  text: string[]
  runs: PptxRun[]
  /** Text of the shape that is the slide's title placeholder. */
  title?: string
  /** Frames of text shapes, in points. */
  textFrames: Frame[]
  tables: Array<{ frame: Frame, rows: string[][] }>
  charts: Array<{ frame: Frame, descr: string, xml: string, embedded: string[] }>
  pictures: number
  notes: string
}

export interface PptxPackage {
  zip: JSZip
  slides: PptxSlide[]
  core: string
}

/** A relationship's target as a path inside the package, from the part `from` that names it. */
function resolve(from: string, target: string): string {
  return target.startsWith('/') ? target.slice(1) : path.posix.normalize(path.posix.join(path.posix.dirname(from), target))
}

export async function readPptx(file: string): Promise<PptxPackage> {
  const zip = await JSZip.loadAsync(readFileSync(file))
  const read = (name: string) => zip.file(name)?.async('string') ?? Promise.resolve('')
  const presentation = await read('ppt/presentation.xml')
  const presRels = await read('ppt/_rels/presentation.xml.rels')
  const ids = [...presentation.matchAll(/<p:sldId [^>]*r:id="([^"]+)"/g)].map(m => m[1]!)
  const slides: PptxSlide[] = []
  for (const [i, rid] of ids.entries()) {
    const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${rid}"`).exec(presRels)
    const name = resolve('ppt/presentation.xml', target?.[1] ?? target?.[2] ?? '')
    const xml = await read(name)
    const rels = await read(name.replace(/slides\/(slide\d+\.xml)$/, 'slides/_rels/$1.rels'))
    const notesTarget = /Type="[^"]*\/notesSlide" Target="([^"]+)"|Target="([^"]+)"[^>]*Type="[^"]*\/notesSlide"/.exec(rels)
    const notesXml = notesTarget ? await read(resolve(name, (notesTarget[1] ?? notesTarget[2])!)) : ''
    const shapes = [...xml.matchAll(/<p:sp>([\s\S]*?)<\/p:sp>/g)].map(m => m[1]!)
    const title = shapes.find(s => /<p:ph\b[^>]*type="title"/.test(s))
    const frames = [...xml.matchAll(/<p:graphicFrame>([\s\S]*?)<\/p:graphicFrame>/g)].map(m => m[1]!)
    const charts: PptxSlide['charts'] = []
    for (const f of frames.filter(f => f.includes('drawingml/2006/chart'))) {
      const rel = /<c:chart [^>]*r:id="([^"]+)"/.exec(f)?.[1]
      const chartTarget = new RegExp(`Id="${rel}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${rel}"`).exec(rels)
      const chartName = resolve(name, chartTarget?.[1] ?? chartTarget?.[2] ?? '')
      const chartXml = await read(chartName)
      const chartRels = await read(chartName.replace(/charts\/(chart\d+\.xml)$/, 'charts/_rels/$1.rels'))
      const embedded = [...chartRels.matchAll(/Target="([^"]+\.xlsx)"/g)].map(m => m[1]!)
      charts.push({ frame: frameOf(f.replace(/<p:xfrm>/, ''))!, descr: decode(/descr="([^"]*)"/.exec(f)?.[1] ?? ''), xml: chartXml, embedded })
    }
    const tables = frames.filter(f => f.includes('<a:tbl>')).map(f => ({
      frame: frameOf(f)!,
      rows: [...f.matchAll(/<a:tr\b[\s\S]*?<\/a:tr>/g)].map(r => [...r[0].matchAll(/<a:tc\b[\s\S]*?<\/a:tc>/g)].map(c => paragraphs(c[0]).join(' '))),
    }))
    slides.push({
      number: i + 1,
      xml,
      text: paragraphs(xml),
      runs: [...xml.matchAll(/<a:r>(<a:rPr[\s\S]*?(?:<\/a:rPr>|\/>))?\s*<a:t>([^<]*)<\/a:t><\/a:r>/g)].map(m => ({ rPr: m[1] ?? '', text: decode(m[2]!) })),
      title: title ? paragraphs(title).join(' ') : undefined,
      textFrames: shapes.filter(s => /<a:t>/.test(s)).map(s => frameOf(s)!).filter(Boolean),
      tables,
      charts,
      pictures: (xml.match(/<p:pic>/g) ?? []).length + (xml.match(/<a:blipFill>/g) ?? []).length,
      notes: paragraphs(notesXml.replace(/<p:sp>(?:(?!<\/p:sp>)[\s\S])*?type="sldImg"[\s\S]*?<\/p:sp>/g, '')).join('\n'),
    })
  }
  return { zip, slides, core: await read('docProps/core.xml') }
}

/** A word as poppler places it on a PDF page, in points from the top left. */
export interface Word { text: string, x0: number, y0: number, x1: number, y1: number }

export function pdfWords(file: string, page: number): Word[] {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' })
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)]
    .map(m => ({ x0: +m[1]!, y0: +m[2]!, x1: +m[3]!, y1: +m[4]!, text: decode(m[5]!) }))
}

/** Pairs of words (on different lines) whose boxes overlap: the sign of text running over text. */
export function overlappingWords(words: Word[]): Array<[Word, Word]> {
  const found: Array<[Word, Word]> = []
  for (let i = 0; i < words.length; i++) {
    for (let j = i + 1; j < words.length; j++) {
      const a = words[i]!
      const b = words[j]!
      const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)
      const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0)
      // Glyph boxes of neighbouring lines may touch; a quarter of the shorter word's height is text on text.
      if (w > 1 && h > 0.25 * Math.min(a.y1 - a.y0, b.y1 - b.y0))
        found.push([a, b])
    }
  }
  return found
}

/**
 * Words outside every frame: text that overflowed its box. A word counts as inside when it
 * lies within the frame's width (with `slack` points) and its middle within the frame's height
 * (poppler's word boxes span the font's whole ascent and descent, which may exceed a tight line).
 */
export function strayWords(words: Word[], frames: Frame[], slack: number): Word[] {
  return words.filter((w) => {
    const middle = (w.y0 + w.y1) / 2
    return !frames.some(f => w.x0 >= f.x - slack && w.x1 <= f.x + f.w + slack && middle >= f.y - slack && middle <= f.y + f.h + slack)
  })
}

/**
 * How far a rendering is from the reference image, as the share of blocks whose mean lightness
 * differs by more than `tolerance` (0-255). Blocks of `block` px, about one line of body text,
 * are too big for the half-pixel shifts, hinting and anti-aliasing that differ between two
 * renderers to matter, and small enough that a missing, extra or moved line, box or bar does.
 */
export function blockDifference(a: PNG, b: PNG, block = 12, tolerance = 24): number {
  if (a.width !== b.width || a.height !== b.height)
    throw new Error(`sizes differ: ${a.width}×${a.height} and ${b.width}×${b.height}`)
  const luma = (img: PNG, i: number) => 0.2126 * img.data[i]! + 0.7152 * img.data[i + 1]! + 0.0722 * img.data[i + 2]!
  let blocks = 0
  let differing = 0
  for (let by = 0; by < a.height; by += block) {
    for (let bx = 0; bx < a.width; bx += block) {
      let sa = 0
      let sb = 0
      let n = 0
      for (let y = by; y < Math.min(by + block, a.height); y++) {
        for (let x = bx; x < Math.min(bx + block, a.width); x++) {
          const i = (y * a.width + x) * 4
          sa += luma(a, i)
          sb += luma(b, i)
          n++
        }
      }
      blocks++
      if (Math.abs(sa - sb) / n > tolerance)
        differing++
    }
  }
  return differing / blocks
}

export function readPng(file: string): PNG {
  return PNG.sync.read(readFileSync(file))
}
