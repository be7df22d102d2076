/**
 * Exporting a deck other than this project's: the fixture in test/fixtures/features, which uses
 * every kind of slide content an editor can write (pictures from files and layouts, icons three
 * ways, Mermaid, KaTeX, code with highlights, magic-move and Monaco, click steps, the built-in
 * layouts and components, an imported and a hidden slide, tables, a slide that runs long). It
 * is exported once in the four formats and once with --with-clicks, shared with the PDF/UA
 * checks, and read back from every format; then the same deck copied outside the project, and
 * this project's own deck with a slide that holds a picture, a diagram and v-clicks.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import JSZip from 'jszip'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fold, pdfText, readDeckFacts, ROOT, runExport } from './export-helpers'
import type { DeckFacts, RunResult } from './export-helpers'
import { allNodes, readPdfStructure } from './pdf-structure'
import { halvedPng, MAX_DIFFERENCE, renderWithLibreOffice } from './support/libreoffice'
import type { FontCase } from './support/libreoffice'
import { blockDifference, pdfWords, readPng, readPptx } from './support/pptx'
import { schemaSkipReason, validateParts } from './support/pptx-schema'
import { FEATURES_ENTRY, featuresClicksExport, featuresExport, TEST_EPOCH } from './support/shared-export'
import { formatProblems, packageProblems, readPackageParts, repairTriggers } from '../scripts/export/pptx/pptx-verify'
import { notesText } from '../scripts/export/pptx/pptx-build'
import type { PptxPackage } from './support/pptx'

const FIXTURE = path.dirname(FEATURES_ENTRY)
const work = mkdtempSync(path.join(os.tmpdir(), 'any-deck-test-'))
let out: string
let result: RunResult
let facts: DeckFacts
let pptx: PptxPackage
let pptxPresentation: string

/** What the fixture's slides are, by number: the tests below say what each must hold. */
const SLIDES = 25

/** The pictures of one slide's XML: alternative text, frame in px and the image's part name. */
async function pictures(slide: number, from: PptxPackage = pptx): Promise<Array<{ descr: string, x: number, y: number, w: number, h: number, png: PNG }>> {
  const xml = from.slides[slide - 1]!.xml
  const rels = await from.zip.file(`ppt/slides/_rels/slide${slide}.xml.rels`)!.async('string')
  const found = []
  for (const [pic] of xml.matchAll(/<p:pic>[\s\S]*?<\/p:pic>/g)) {
    const descr = /descr="([^"]*)"/.exec(pic)?.[1] ?? ''
    const [, x, y, cx, cy] = /<a:off x="(-?\d+)" y="(-?\d+)"\/>\s*<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(pic)!
    const id = /r:embed="([^"]+)"/.exec(pic)![1]
    const target = new RegExp(`Id="${id}"[^>]*Target="\\.\\./media/([^"]+)"`).exec(rels)![1]
    const png = PNG.sync.read(Buffer.from(await from.zip.file(`ppt/media/${target}`)!.async('uint8array')))
    // EMU to CSS px: 914400 per inch, 96 px per inch.
    found.push({ descr: descr.replace(/&quot;/g, '"').replace(/&apos;/g, '\'').replace(/&amp;/g, '&'), x: +x! / 9525, y: +y! / 9525, w: +cx! / 9525, h: +cy! / 9525, png })
  }
  return found
}

/** The picture a slide has as its background (p:bg), decoded. */
async function backgroundPicture(slide: number): Promise<PNG> {
  const bg = /<p:bg>[\s\S]*?<\/p:bg>/.exec(pptx.slides[slide - 1]!.xml)?.[0] ?? ''
  const id = /<a:blipFill\b[\s\S]*?r:embed="([^"]+)"/.exec(bg)?.[1]
  expect(id, `slide ${slide} has a background picture`).toBeDefined()
  const rels = await pptx.zip.file(`ppt/slides/_rels/slide${slide}.xml.rels`)!.async('string')
  const target = new RegExp(`Id="${id}"[^>]*Target="\\.\\./media/([^"]+)"`).exec(rels)![1]
  return PNG.sync.read(Buffer.from(await pptx.zip.file(`ppt/media/${target}`)!.async('uint8array')))
}

function pixel(png: PNG, x: number, y: number): [number, number, number] {
  const i = (Math.round(y) * png.width + Math.round(x)) * 4
  return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!]
}

/** Share of pixels that differ from the first one: 0 for a blank image. */
function drawnShare(png: PNG): number {
  const first = png.data.readUInt32LE(0)
  let differs = 0
  for (let i = 4; i < png.data.length; i += 4) {
    if (png.data.readUInt32LE(i) !== first)
      differs++
  }
  return differs / (png.width * png.height)
}

/** Dark pixels: the text drawn. */
function ink(png: PNG): number {
  let n = 0
  for (let i = 0; i < png.data.length; i += 4) {
    if (png.data[i]! + png.data[i + 1]! + png.data[i + 2]! < 300)
      n++
  }
  return n
}

const pages = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1])
const png = (n: number) => path.join(out, 'png', `${String(n).padStart(2, '0')}.png`)

beforeAll(async () => {
  facts = await readDeckFacts(FEATURES_ENTRY)
  ;({ out, result } = await featuresExport())
  pptx = await readPptx(path.join(out, 'field-notes.pptx'))
  pptxPresentation = await pptx.zip.file('ppt/presentation.xml')!.async('string')
}, 300_000)

afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

describe('a deck of its own: the features fixture', () => {
  it('writes every format, named by the deck, one page per slide, the hidden slide left out', () => {
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'))
    expect(manifest.title).toBe('Field notes on a small workshop')
    // 26 slides in the file, one of them hidden.
    expect(facts.slides).toHaveLength(SLIDES)
    expect(manifest.slideCount).toBe(SLIDES)
    expect(pages(path.join(out, 'field-notes.pdf'))).toBe(SLIDES)
    expect(pages(path.join(out, 'field-notes-handout.pdf'))).toBe(SLIDES)
    expect(pptx.slides.length).toBe(SLIDES)
    expect(readdirSync(path.join(out, 'png')).sort()).toEqual(facts.slides.map(s => `${String(s.number).padStart(2, '0')}.png`))
    expect(pdfText(path.join(out, 'field-notes.pdf'))).not.toContain('A slide that is hidden')
    expect(pptx.slides.flatMap(s => s.text).join(' ')).not.toContain('A slide that is hidden')
  })

  it('draws every PNG: none is blank, each at twice the canvas', () => {
    for (const slide of facts.slides) {
      const image = readPng(png(slide.number))
      expect(image.width, `slide ${slide.number}`).toBe(facts.canvasWidth * 2)
      expect(drawnShare(image), `slide ${slide.number}`).toBeGreaterThan(0.002)
    }
  })

  it('shows the same text in every format: each PowerPoint slide\'s text is on its PDF page, and each PDF page\'s on its handout page', () => {
    const pdf = path.join(out, 'field-notes.pdf')
    const handout = path.join(out, 'field-notes-handout.pdf')
    for (const slide of facts.slides) {
      const page = fold(pdfText(pdf, slide.number))
      const words = pptx.slides[slide.number - 1]!.text.join(' ')
      for (const word of words.split(/\s+/).filter(w => /\w/.test(w)))
        expect(page, `slide ${slide.number}: "${word}"`).toContain(fold(word))
      if (slide.titled) {
        expect(page, `slide ${slide.number}`).toContain(fold(slide.title))
        expect(pptx.slides[slide.number - 1]!.text.join(' '), `slide ${slide.number}`).toContain(slide.title.replace(/"/g, '"'))
      }
      const onHandout = fold(pdfText(handout, slide.number))
      for (const line of pdfText(pdf, slide.number).split('\n').filter(l => /\w/.test(l)))
        expect(onHandout, `slide ${slide.number}: "${line}"`).toContain(fold(line))
    }
  })

  it('gives each PowerPoint slide its speaker notes', () => {
    for (const slide of facts.slides) {
      expect(slide.note.trim(), `slide ${slide.number} of the fixture has notes`).not.toBe('')
      expect(pptx.slides[slide.number - 1]!.notes.replace(/\s+/g, ' '), `slide ${slide.number}`).toContain(notesText(slide.note).replace(/\s+/g, ' ').trim())
    }
  })

  it('warns about the slide taller than the canvas, naming it and by how much, and cuts it on one page', () => {
    const m = /^export: slide 8 \(A slide that runs long\) is (\d+) px taller than the canvas; it is cut at the bottom edge, on one page$/m.exec(result.stderr)
    expect(m, result.stderr).not.toBeNull()
    // The column alone is 760 px on a canvas 551 px tall, and it starts below the title.
    expect(Number(m![1])).toBeGreaterThan(760 - 551)
    expect(result.stderr.match(/taller than the canvas/g)).toHaveLength(1)
    // The PowerPoint shows what the PDF shows: nothing reaches below the slide.
    const height = Number(/<p:sldSz cx="\d+" cy="(\d+)"/.exec(pptxPresentation)?.[1])
    expect(height).toBeGreaterThan(0)
    const frames = [...pptx.slides[7]!.xml.matchAll(/<a:off x="-?\d+" y="(-?\d+)"\/>\s*<a:ext cx="\d+" cy="(\d+)"\/>/g)]
    expect(frames.length).toBeGreaterThan(1)
    for (const [, y, cy] of frames)
      expect(Number(y) + Number(cy)).toBeLessThanOrEqual(height + 1)
  })

  it('keeps code, table and formula text as text in the PDF, and v-clicks in their final state', () => {
    const file = path.join(out, 'field-notes.pdf')
    expect(fold(pdfText(file, 5))).toContain(fold('export function countWords(line: string): number {'))
    for (const cell of ['Tool', 'Drawers', 'Plane', 'Chisel', 'June'])
      expect(pdfText(file, 6)).toContain(cell)
    expect(pdfText(file, 4)).toContain('The area of a circle of radius')
    for (const step of ['Measure the board', 'Mark the cut', 'Cut on the waste side'])
      expect(pdfText(file, 7)).toContain(step)
    expect(pdfText(path.join(out, 'field-notes-handout.pdf'), 2)).toContain('Three pictures from files and an icon')
  })

  it('tags the pictures and the diagram as figures with their alternative text, and the formulas as formulas with their LaTeX', () => {
    for (const file of ['field-notes.pdf', 'field-notes-handout.pdf']) {
      const nodes = allNodes(readPdfStructure(path.join(out, file)).tree)
      const figures = nodes.filter(n => n.type === 'Figure').map(n => n.alt)
      expect(figures, file).toEqual([
        'A blue tile crossed by an orange bar',
        'A dial whose hands point up and to the lower right',
        'A sun icon',
        'Orders per week, rising from 4 to 13',
        'How work moves through the workshop. Ideas go to drafts, drafts go to review, and review either sends work back to drafts or ships it',
        'A green leaf on a pale square',
        'A small blue tile from public',
        'A hammer icon',
        'A tool box icon',
        // Mermaid's alt option.
        'Three boxes in a row: saw, plane, sand',
      ])
      // Unlabelled drawings (an icon without a label, the arrow, the v-mark) and CSS
      // backgrounds are not figures: the PDF marks them as decoration (see the PDF/UA checks).
      expect(nodes.filter(n => n.type === 'Formula').map(n => n.alt), file).toEqual(['r', 'A = \\pi r^2'])
      // The mark that tells a formula from a picture never reaches the file.
      expect(nodes.some(n => n.alt?.includes('\uE000')), file).toBe(false)
    }
  })

  it('puts the images, the icon and the canvas into the PowerPoint as pictures with their alternative text', async () => {
    const found = await pictures(2)
    expect(found.map(p => p.descr)).toEqual([
      'A blue tile crossed by an orange bar',
      'A dial whose hands point up and to the lower right',
      'A sun icon',
      'Orders per week, rising from 4 to 13',
    ])
    const tile = found[0]!
    // Placed and sized as on the slide (the image is styled 192 × 144 px), captured at scale 2.
    expect(tile.w).toBeCloseTo(192, 0)
    expect(tile.h).toBeCloseTo(144, 0)
    expect(tile.png.width).toBe(384)
    // The same place in the slide's PNG shows the tile's blue, and the picture holds it too.
    const slidePng = PNG.sync.read(readFileSync(path.join(out, 'png', '02.png')))
    const blue = [37, 99, 235]
    for (const [r, g, b] of [pixel(slidePng, (tile.x + 10) * 2, (tile.y + 10) * 2), pixel(tile.png, 20, 20)])
      expect(Math.abs(r - blue[0]!) + Math.abs(g - blue[1]!) + Math.abs(b - blue[2]!)).toBeLessThan(12)
    expect(pptx.slides[1]!.title).toBe('Pictures')
  })

  it('makes the Mermaid diagram and the formulas pictures, described by the diagram\'s text and the LaTeX', async () => {
    const diagram = await pictures(3)
    expect(diagram).toHaveLength(1)
    expect(diagram[0]!.descr).toContain('How work moves through the workshop')
    expect(diagram[0]!.descr).toContain('review either sends work back to drafts or ships it')
    expect(diagram[0]!.w).toBeGreaterThan(300)
    expect(pptx.slides[2]!.text.join(' ')).not.toContain('Shipped')
    const formulas = await pictures(4)
    expect(formulas.map(p => p.descr)).toEqual(['r', 'A = \\pi r^2'])
  })

  it('sets code as monospace runs in its highlighting colours', async () => {
    const slide = pptx.slides[4]!
    expect(slide.pictures).toBe(0)
    const code = slide.runs.filter(r => /typeface="Fira Code"/.test(r.rPr))
    expect(code.map(r => r.text).join('')).toContain('return line.split(/\\s+/).filter(Boolean).length')
    const colours = new Set(code.map(r => /srgbClr val="([0-9A-F]{6})"/.exec(r.rPr)?.[1]))
    expect(colours.size).toBeGreaterThanOrEqual(3)
    // Indentation survives: the body line starts with its two spaces.
    expect(code.some(r => r.text.startsWith('  return'))).toBe(true)
  })

  it.skipIf(schemaSkipReason())(`gives a PowerPoint package with pictures, code and a table that needs no repair and validates against the OOXML schemas${schemaSkipReason() ? ` (schemas skipped: ${schemaSkipReason()})` : ''}`, async () => {
    const parts = await readPackageParts(readFileSync(path.join(out, 'field-notes.pptx')))
    expect(parts.binary.filter(n => n.startsWith('ppt/media/')).length).toBeGreaterThan(3)
    expect(formatProblems([...packageProblems(parts), ...repairTriggers(parts)]), 'package problems and repair triggers').toBe('')
    const result = validateParts(parts.texts)
    expect(result.unchecked, 'XML parts no schema covers').toEqual([])
    expect(result.errors.map(e => `${e.part}:${e.line}: ${e.element}: ${e.message}`), 'schema errors').toEqual([])
  })

  it('makes the markdown table a native table', () => {
    const [table] = pptx.slides[5]!.tables
    expect(table?.rows).toEqual([['Tool', 'Drawers', 'Last oiled'], ['Plane', '2', 'March'], ['Saw', '1', 'May'], ['Chisel', '4', 'June']])
    expect(pptx.slides[5]!.pictures).toBe(0)
  })

  it('makes the HTML table a native table too', () => {
    expect(pptx.slides[23]!.tables.map(t => t.rows)).toEqual([[['Wood', 'Hardness'], ['Oak', 'Hard'], ['Pine', 'Soft']]])
    expect(pptx.slides[23]!.pictures).toBe(0)
  })

  it('puts a picture only where one is drawn, each described, and no slide is a picture alone', async () => {
    // The cover's and the `layout: image` slide's pictures fill the slide: they are its background (below).
    const expected: Record<number, string[]> = {
      2: ['A blue tile crossed by an orange bar', 'A dial whose hands point up and to the lower right', 'A sun icon', 'Orders per week, rising from 4 to 13'],
      3: ['How work moves through the workshop. Ideas go to drafts, drafts go to review, and review either sends work back to drafts or ships it'],
      4: ['r', 'A = \\pi r^2'],
      9: ['A green leaf on a pale square', 'A small blue tile from public'],
      10: ['Picture blocks.png'],
      11: ['Picture dial.svg'],
      13: ['A hammer icon', 'A tool box icon', 'Icon carbon:ruler'],
      18: ['Three boxes in a row: saw, plane, sand'],
      21: ['A hand-drawn mark over the text'],
      22: ['An arrow'],
    }
    for (const slide of facts.slides) {
      const found = await pictures(slide.number)
      expect(found.map(p => p.descr), `slide ${slide.number}`).toEqual(expected[slide.number] ?? [])
      expect(pptx.slides[slide.number - 1]!.text.join('').trim().length, `slide ${slide.number} has text of its own`).toBeGreaterThan(0)
    }
  })

  it('captures a background picture without the text over it, which stays text; one that fills the slide is its background', async () => {
    const cover = await backgroundPicture(1)
    expect(cover.width / cover.height).toBeCloseTo(facts.canvasWidth / facts.canvasHeight, 1)
    expect((await backgroundPicture(12)).width).toBe(cover.width)
    // The cover's title is white on the picture; the picture has no white in it.
    let white = 0
    for (let i = 0; i < cover.data.length; i += 4) {
      if (cover.data[i]! > 235 && cover.data[i + 1]! > 235 && cover.data[i + 2]! > 235)
        white++
    }
    expect(white / (cover.width * cover.height)).toBeLessThan(0.001)
    expect(pptx.slides[0]!.title).toBe('Field notes on a small workshop')
    // The image layouts: the picture fills its half (image-right) or the slide (image).
    const [right] = await pictures(10)
    expect(right!.x).toBeCloseTo(facts.canvasWidth / 2, 0)
    expect(right!.w).toBeCloseTo(facts.canvasWidth / 2, 0)
    expect(pptx.slides[11]!.text).toContain('A picture that fills the slide')
  })

  it('puts a v-mark where it is drawn: under the word it marks, not at the corner of its box', async () => {
    const [mark] = await pictures(21)
    const pageWidth = Number(/Page size:\s+([\d.]+)/.exec(execFileSync('pdfinfo', [path.join(out, 'field-notes.pdf')], { encoding: 'utf8' }))![1])
    const k = facts.canvasWidth / pageWidth
    const grain = pdfWords(path.join(out, 'field-notes.pdf'), 21).find(w => w.text === 'grain')!
    expect(grain, 'the marked word on the PDF page').toBeDefined()
    // Across the word, and from its middle down to a little under it.
    expect(mark!.x).toBeLessThan(grain.x0 * k + 4)
    expect(mark!.x + mark!.w).toBeGreaterThan(grain.x1 * k - 4)
    expect(mark!.w).toBeLessThan((grain.x1 - grain.x0) * k + 30)
    expect(mark!.y).toBeGreaterThan((grain.y0 + grain.y1) / 2 * k)
    expect(mark!.y + mark!.h).toBeLessThan(grain.y1 * k + 20)
  })

  it('draws a v-mark\'s strokes the same on every run, so its slide exports to the same bytes', async () => {
    const again = async (name: string) => {
      const dest = path.join(work, name)
      const run = await runExport([FEATURES_ENTRY, '--out', dest, '--range', '21', '--format', 'png,pptx', '--quiet'], { env: { SOURCE_DATE_EPOCH: String(TEST_EPOCH) } })
      expect(run.code, run.stderr).toBe(0)
      return { png: readFileSync(path.join(dest, 'png', '21.png')), pptx: readFileSync(path.join(dest, 'field-notes.pptx')) }
    }
    const [a, b] = [await again('mark-a'), await again('mark-b')]
    expect(a.png.equals(b.png), 'the PNG of the v-mark slide').toBe(true)
    expect(a.pptx.equals(b.pptx), 'the PowerPoint of the v-mark slide').toBe(true)
  })

  it('captures a picture alone: the arrow over the table of contents holds no text', async () => {
    const [arrow] = await pictures(22)
    let opaque = 0
    for (let i = 3; i < arrow!.png.data.length; i += 4) {
      if (arrow!.png.data[i]! > 0)
        opaque++
    }
    // The arrow's box spans the slide's top left, text included; only the arrow is drawn.
    expect(arrow!.w * arrow!.h).toBeGreaterThan(facts.canvasWidth * facts.canvasHeight * 0.5)
    expect(opaque / (arrow!.png.width * arrow!.png.height)).toBeLessThan(0.02)
    expect(opaque).toBeGreaterThan(100)
    expect(pptx.slides[21]!.text.join(' ')).toContain('Part two: the bench')
  })

  it('keeps layouts, slots, classes, links, transforms and imported slides as text where the slide shows them', () => {
    const text = (n: number) => pptx.slides[n - 1]!.text
    // two-cols: the right slot's heading starts right of the middle.
    const right = pptx.slides[8]!.runs.find(r => r.text === 'The right column')
    expect(right).toBeDefined()
    const frames = [...pptx.slides[8]!.xml.matchAll(/<p:sp>[\s\S]*?<\/p:sp>/g)].map(m => m[0])
    const box = frames.find(f => f.includes('>The right column<'))!
    expect(Number(/<a:off x="(\d+)"/.exec(box)![1]) / 9525).toBeGreaterThan(facts.canvasWidth / 2 - 10)
    // class: text-teal-800 on the image-right slide colours its title.
    expect(pptx.slides[9]!.runs.find(r => r.text.startsWith('A picture on the right'))!.rPr).toMatch(/srgbClr val="115E59"/)
    // Link, Toc, Transform, the section, quote, fact, statement and end layouts, the imported slide.
    expect(text(13).join(' ')).toContain('the pictures slide')
    expect(text(22)).toEqual(expect.arrayContaining(['Pictures', 'Thank you', 'This line is drawn at four fifths of its size.']))
    expect(text(14)).toContain('Part two: the bench')
    expect(text(15)).toEqual(expect.arrayContaining(['"Measure twice, cut once."', 'A saying of the workshop']))
    expect(text(16)).toEqual(expect.arrayContaining(['42', 'Clamps on the wall']))
    expect(text(17)).toContain('Sharp tools are safer tools')
    expect(text(23).join(' ')).toContain('joins the deck through src:')
    expect(text(25)).toContain('Thank you')
    // The transform's text is set at four fifths of the size of the text around it.
    const size = (t: string) => Number(/sz="(\d+)"/.exec(pptx.slides[21]!.runs.find(r => r.text.startsWith(t))!.rPr)![1])
    const body = Number(/sz="(\d+)"/.exec(pptx.slides[22]!.runs.find(r => r.text.startsWith('This slide lives in'))!.rPr)![1])
    expect(size('This line is drawn') / body).toBeCloseTo(0.8, 1)
  })

  it('sets highlighted, Monaco and magic-move code as monospace text, the last step of magic-move shown', () => {
    const mono = (n: number) => pptx.slides[n - 1]!.runs.filter(r => /typeface="Fira Code"/.test(r.rPr)).map(r => r.text).join('')
    expect(mono(19)).toContain('const cuts = boards * 2')
    expect(mono(19)).toContain('const glue = \'wood\'')
    expect(mono(20)).toContain('const shelf = [\'plane\', \'saw\']')
    expect(pptx.slides[18]!.pictures + pptx.slides[19]!.pictures).toBe(0)
    const pdf = path.join(out, 'field-notes.pdf')
    expect(fold(pdfText(pdf, 19))).toContain(fold('const glue = \'wood\''))
    expect(fold(pdfText(pdf, 20))).toContain(fold('const shelf = [\'plane\', \'saw\']'))
    expect(fold(pdfText(pdf, 20))).not.toContain(fold('const shelf = []'))
    // The highlighted lines stand out: the line not highlighted is drawn fainter.
    const runs = pptx.slides[18]!.runs.filter(r => /typeface="Fira Code"/.test(r.rPr))
    const alpha = (t: string) => Number(/<a:alpha val="(\d+)"/.exec(runs.find(r => r.text.includes(t))!.rPr)?.[1] ?? 100000)
    expect(alpha('boards')).toBeLessThan(alpha('cuts'))
  })

  describe('as LibreOffice renders the PowerPoint', () => {
    const rendered = {} as Record<FontCase, string>
    beforeAll(() => {
      Object.assign(rendered, renderWithLibreOffice(path.join(out, 'field-notes.pptx'), path.join(work, 'libreoffice'), facts))
    }, 400_000)

    // The fixture names the default theme's faces (Avenir Next, Nunito Sans), which neither
    // Chromium nor LibreOffice has here: its PNGs and both renderings set it in substitutes, so
    // both are held to the limit for a rendering without the deck's fonts.
    it('finds the deck\'s own faces in neither rendering', () => {
      for (const name of ['withFonts', 'withoutFonts'] as const)
        expect(execFileSync('pdffonts', [rendered[name]], { encoding: 'utf8' }), name).not.toMatch(/Avenir|Nunito/)
      expect(pptx.slides[1]!.runs.find(r => r.text === 'Pictures')!.rPr).toMatch(/typeface="Avenir Next"/)
    })

    for (const name of ['withFonts', 'withoutFonts'] as const) {
      it(`${name === 'withFonts' ? 'with' : 'without'} this project's fonts: every slide looks like its PNG`, () => {
        const dir = path.dirname(rendered[name])
        const rendering = facts.slides.map(s => readPng(path.join(dir, `p-${String(s.number).padStart(2, '0')}.png`)))
        const values = facts.slides.map((s, i) => blockDifference(halvedPng(png(s.number)), rendering[i]!))
        process.stdout.write(`features fixture, pptx vs png, ${name}: ${values.map((v, i) => `${i + 1}:${(v * 100).toFixed(1)}%`).join(' ')}\n`)
        for (const [i, v] of values.entries())
          expect(v, `slide ${i + 1}: ${(v * 100).toFixed(1)}% of blocks differ`).toBeLessThanOrEqual(MAX_DIFFERENCE.withoutFonts)
        // The measure tells slides apart: each rendering is nearer its own PNG than the next slide's.
        for (let i = 0; i + 1 < facts.slides.length; i++) {
          const other = blockDifference(halvedPng(png(i + 2)), rendering[i]!)
          expect(other, `slide ${i + 1} against slide ${i + 2}'s PNG`).toBeGreaterThan(values[i]!)
        }
      })
    }
  })
})

describe('a deck of its own, with --with-clicks', () => {
  let dest: string
  let clicks: RunResult
  beforeAll(async () => {
    ;({ out: dest, result: clicks } = await featuresClicksExport())
  }, 300_000)

  it('gives each click step a PDF page and a PNG, the slides before and after one each', async () => {
    expect(clicks.code, clicks.stderr).toBe(0)
    const pdf = path.join(dest, 'field-notes.pdf')
    // Slide 7 has three steps, slide 20 (magic-move) one, slide 21 three: 25 + 3 + 1 + 3 pages.
    expect(pages(pdf)).toBe(32)
    // Slide 7 reveals three steps: before any click, then one more step per click.
    const steps = ['Measure the board', 'Mark the cut', 'Cut on the waste side']
    for (let click = 0; click <= 3; click++) {
      const page = pdfText(pdf, 7 + click)
      expect(page).toContain('Steps, one per click')
      steps.forEach((step, i) => expect(page.includes(step), `page ${7 + click}, "${step}"`).toBe(i < click))
    }
    expect(pdfText(pdf, 11)).toContain('A slide that runs long')
    const manifest = JSON.parse(readFileSync(path.join(dest, 'manifest.json'), 'utf8'))
    expect(manifest.formats).toEqual(['pdf', 'png'])
    const seven = manifest.slides.find((s: { number: number }) => s.number === 7)
    expect(seven.pdfPage).toBe(7)
    expect(seven.files.map((f: { path: string }) => f.path)).toEqual(['png/07-01.png', 'png/07-02.png', 'png/07-03.png', 'png/07-04.png'])
    expect(manifest.slides.find((s: { number: number }) => s.number === 8).pdfPage).toBe(11)
    // The step before any click shows no step; the last shows all three, as the plain export does.
    const first = PNG.sync.read(readFileSync(path.join(dest, 'png', '07-01.png')))
    const last = PNG.sync.read(readFileSync(path.join(dest, 'png', '07-04.png')))
    const plain = PNG.sync.read(readFileSync(png(7)))
    // (Pixel equality with the plain export is not asked for: this deck sets its text in system
    // fonts, whose lines can land a pixel apart from run to run.)
    expect(ink(first)).toBeLessThan(ink(last) * 0.8)
    expect(Math.abs(ink(last) - ink(plain)) / ink(plain)).toBeLessThan(0.02)
  })

  it('keeps text a step has not revealed out of that page\'s text: v-click, v-after, magic-move', () => {
    const pdf = path.join(dest, 'field-notes.pdf')
    const manifest = JSON.parse(readFileSync(path.join(dest, 'manifest.json'), 'utf8'))
    const pageOf = (n: number) => manifest.slides.find((s: { number: number }) => s.number === n).pdfPage as number
    // Slide 20: magic-move's first step, then its last.
    expect(fold(pdfText(pdf, pageOf(20)))).toContain(fold('const shelf = []'))
    expect(fold(pdfText(pdf, pageOf(20) + 1))).toContain(fold('const shelf = [\'plane\', \'saw\']'))
    expect(fold(pdfText(pdf, pageOf(20) + 1))).not.toContain(fold('const shelf = []'))
    // Slide 21: v-click and v-after come together, then the second v-click, then the v-mark.
    const lines = ['First, the wood is chosen.', 'Then it rests a day.', 'Finally, it is cut to length.']
    const shown = [[], [0, 1], [0, 1, 2], [0, 1, 2]]
    for (const [click, visible] of shown.entries()) {
      const page = pdfText(path.join(dest, 'field-notes.pdf'), pageOf(21) + click)
      expect(page).toContain('Read the grain before any cut.')
      lines.forEach((line, i) => expect(page.includes(line), `click ${click}: "${line}"`).toBe(visible.includes(i)))
    }
    // The mark is drawn at the last step only.
    const orange = (file: string) => {
      const image = readPng(path.join(dest, 'png', file))
      let n = 0
      for (let i = 0; i < image.data.length; i += 4) {
        if (image.data[i]! > 200 && image.data[i + 1]! > 80 && image.data[i + 1]! < 190 && image.data[i + 2]! < 80)
          n++
      }
      return n
    }
    expect(orange('21-03.png')).toBe(0)
    expect(orange('21-04.png')).toBeGreaterThan(50)
  })

  it('adds no untagged content for the click steps', () => {
    const pdf = readPdfStructure(path.join(dest, 'field-notes.pdf'))
    const owners = new Set<string>(pdf.pages.map(p => p.ref))
    for (const node of allNodes(pdf.tree))
      node.kids.forEach(k => (k as { owner?: string }).owner && owners.add((k as { owner: string }).owner))
    for (const owner of owners)
      expect(pdf.content(owner).untaggedPaint, `untagged painting in ${owner}`).toBe(0)
  })

  it('refuses a single-file HTML asked for by name that would load fonts from the network, naming them, and writes nothing', async () => {
    const dest = path.join(work, 'html')
    const run = await runExport([path.join(FIXTURE, 'slides.md'), '--out', dest, '--format', 'html', '--quiet'])
    expect(run.code).toBe(1)
    // The fixture names no fonts: the default theme's come from Slidev's default provider.
    expect(run.stderr).toMatch(/^export: the single-file HTML would load fonts from the network: Nunito Sans, Fira Code from fonts\.googleapis\.com \(Slidev's default font provider, google; Nunito Sans, Fira Code are the theme's\)$/m)
    expect(run.stderr).toMatch(/^ {2}Install them and the export bundles them into every format: `npm i -D @fontsource\/nunito-sans @fontsource\/fira-code` .*`fonts: \{ provider: none \}`/m)
    expect(run.stderr).not.toMatch(/blocks\.png|dial\.svg/)
    expect(existsSync(path.join(dest, 'field-notes.html'))).toBe(false)
    expect(existsSync(dest)).toBe(false)
    expect(readdirSync(work).filter(n => n.startsWith('.html.tmp-'))).toEqual([])
  }, 180_000)

  it('refuses such a deck before building it when the HTML is named: a layout that does not exist is never reached', async () => {
    // The deck's own fonts from a provider it names, the theme's mono beside them, and a slide whose build would fail.
    const entry = path.join(work, 'fonts-and-bad-layout.md')
    writeFileSync(entry, '---\ntitle: Fonts from the network\nfonts:\n  sans: Lato\n  provider: google\n---\n\n# One\n\n---\nlayout: side-by-sid\n---\n\n# Two\n')
    const dest = path.join(work, 'fonts-first')
    const run = await runExport([entry, '--out', dest, '--format', 'pdf,html'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^export: the single-file HTML would load fonts from the network: Lato, Fira Code from fonts\.googleapis\.com \(the deck's font provider, google; Fira Code is the theme's\)$/m)
    expect(run.stderr).not.toMatch(/layout|build/)
    expect(existsSync(dest)).toBe(false)
    // With the default formats the HTML is left out, and the others get as far as the build, which names the layout.
    const without = await runExport([entry, '--out', dest])
    expect(without.code).toBe(1)
    expect(without.stderr).toMatch(/^export: html left out: the single-file HTML would load fonts from the network: Lato, Fira Code/m)
    expect(without.stderr).toMatch(/^export: build: .*slide 2: unknown layout "side-by-sid"/m)
    expect(existsSync(dest)).toBe(false)
  }, 180_000)

  it('refuses formats that show each slide once', async () => {
    const run = await runExport([path.join(FIXTURE, 'slides.md'), '--out', path.join(work, 'no'), '--with-clicks', '--format', 'pdf,pptx'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^export: --with-clicks: the PowerPoint shows each slide once, in its final state; use --with-clicks with --format pdf,png$/m)
    expect(existsSync(path.join(work, 'no'))).toBe(false)
  }, 60_000)
})

describe('a deck outside the project', () => {
  it('exports with its own folder as root, without this project\'s styles', async () => {
    const deck = path.join(work, 'elsewhere')
    cpSync(FIXTURE, deck, { recursive: true })
    const dest = path.join(work, 'elsewhere-out')
    const run = await runExport([path.join(deck, 'slides.md'), '--out', dest, '--format', 'pdf,pptx', '--range', '1-3', '--quiet'])
    expect(run.code, run.stderr).toBe(0)
    const fonts = execFileSync('pdffonts', [path.join(dest, 'field-notes.pdf')], { encoding: 'utf8' })
    // This project's styles set Inter and Noto Sans SC; the fixture deck has no styles of its own.
    expect(fonts).not.toMatch(/Inter|NotoSansSC/)
    const zip = await JSZip.loadAsync(readFileSync(path.join(dest, 'field-notes.pptx')))
    // The cover's background, then slide 2's four pictures and slide 3's diagram.
    expect(Object.keys(zip.files).filter(f => f.startsWith('ppt/media/')).length).toBe(6)
  }, 180_000)
})

describe('this project\'s deck with a slide of pictures, a diagram and v-clicks', () => {
  const entry = path.join(ROOT, '.three-features.test.md')
  afterAll(() => rmSync(entry, { force: true }))

  it('exports that slide with its pictures in every format', async () => {
    const slide = [
      '',
      '---',
      '',
      '# Three features on one slide',
      '',
      '<img src="/favicon.svg" alt="The deck’s icon" style="width: 96px; height: 96px" />',
      '',
      '![A green leaf](./test/fixtures/features/pictures/leaf.svg)',
      '',
      '```mermaid',
      'graph LR',
      '  accTitle: From article to deck',
      '  A[Article] --> D[Data] --> S[Slides]',
      '```',
      '',
      '<v-clicks>',
      '',
      '- One',
      '- Two',
      '',
      '</v-clicks>',
      '',
    ].join('\n')
    writeFileSync(entry, `${readFileSync(path.join(ROOT, 'slides.md'), 'utf8').trimEnd()}\n${slide}`)
    const dest = path.join(work, 'own-deck')
    const run = await runExport([entry, '--out', dest, '--range', '25', '--quiet'])
    expect(run.code, run.stderr).toBe(0)
    const own = await readPptx(path.join(dest, 'xiaomi-hard-tech-briefing.pptx'))
    expect(own.slides).toHaveLength(1)
    const xml = own.slides[0]!.xml
    expect([...xml.matchAll(/<p:pic>[\s\S]*?descr="([^"]*)"/g)].map(m => m[1])).toEqual(['The deck’s icon', 'A green leaf', 'From article to deck'])
    expect(own.slides[0]!.text).toEqual(expect.arrayContaining(['Three features on one slide', 'One', 'Two']))
    expect(pdfText(path.join(dest, 'xiaomi-hard-tech-briefing.pdf'))).toContain('Three features on one slide')
    // The single file carries the picture beside the slides as data, and asks for no file.
    const html = readFileSync(path.join(dest, 'xiaomi-hard-tech-briefing.html'), 'utf8')
    expect(html).not.toMatch(/leaf-\w+\.svg/)
    expect(html).toContain(`data:image/svg+xml`)
    // The handout shows it too, and the PDF tags its pictures as figures.
    expect(pdfText(path.join(dest, 'xiaomi-hard-tech-briefing-handout.pdf'))).toContain('Three features on one slide')
    const figures = allNodes(readPdfStructure(path.join(dest, 'xiaomi-hard-tech-briefing.pdf')).tree).filter(n => n.type === 'Figure').map(n => n.alt)
    expect(figures).toEqual(['The deck’s icon', 'A green leaf', 'From article to deck'])
  }, 180_000)

  it('exports that slide with --with-clicks: a page and a PNG per step, unrevealed items not in its text', async () => {
    expect(existsSync(entry), 'the slide written by the test before').toBe(true)
    const dest = path.join(work, 'own-deck-clicks')
    const run = await runExport([entry, '--out', dest, '--range', '25', '--with-clicks', '--quiet'])
    expect(run.code, run.stderr).toBe(0)
    const pdf = path.join(dest, 'xiaomi-hard-tech-briefing.pdf')
    expect(pages(pdf)).toBe(3)
    expect(readdirSync(path.join(dest, 'png')).sort()).toEqual(['25-01.png', '25-02.png', '25-03.png'])
    const shown = [[], ['One'], ['One', 'Two']]
    for (const [click, items] of shown.entries()) {
      const lines = pdfText(pdf, click + 1).split('\n').map(l => l.trim())
      expect(lines, `step ${click}`).toContain('Three features on one slide')
      for (const item of ['One', 'Two'])
        expect(lines.includes(item), `step ${click}: "${item}"`).toBe(items.includes(item))
    }
  }, 180_000)
})
