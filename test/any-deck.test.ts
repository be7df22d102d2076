/**
 * Exporting a deck other than this project's: the fixture in test/fixtures/features (pictures,
 * an icon, a canvas, Mermaid, KaTeX, code, a table, v-clicks and a slide that runs long),
 * exported once and read back from every format; the same deck copied outside the project; and
 * this project's own deck with a slide that holds a picture, a diagram and v-clicks.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import JSZip from 'jszip'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fold, pdfText, ROOT, runExport } from './export-helpers'
import type { RunResult } from './export-helpers'
import { allNodes, readPdfStructure } from './pdf-structure'
import { readPptx } from './support/pptx'
import { schemaSkipReason, validateParts } from './support/pptx-schema'
import { formatProblems, packageProblems, readPackageParts, repairTriggers } from '../scripts/lib/pptx-verify'
import type { PptxPackage } from './support/pptx'

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'features')
const work = mkdtempSync(path.join(os.tmpdir(), 'any-deck-test-'))
const out = path.join(work, 'features')
let result: RunResult
let pptx: PptxPackage
let pptxPresentation: string

/** The pictures of one slide's XML: alternative text, frame in px and the image's part name. */
async function pictures(slide: number): Promise<Array<{ descr: string, x: number, y: number, w: number, h: number, png: PNG }>> {
  const xml = pptx.slides[slide - 1]!.xml
  const rels = await pptx.zip.file(`ppt/slides/_rels/slide${slide}.xml.rels`)!.async('string')
  const found = []
  for (const [pic] of xml.matchAll(/<p:pic>[\s\S]*?<\/p:pic>/g)) {
    const descr = /descr="([^"]*)"/.exec(pic)?.[1] ?? ''
    const [, x, y, cx, cy] = /<a:off x="(\d+)" y="(\d+)"\/>\s*<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(pic)!
    const id = /r:embed="([^"]+)"/.exec(pic)![1]
    const target = new RegExp(`Id="${id}"[^>]*Target="\\.\\./media/([^"]+)"`).exec(rels)![1]
    const png = PNG.sync.read(Buffer.from(await pptx.zip.file(`ppt/media/${target}`)!.async('uint8array')))
    // EMU to CSS px: 914400 per inch, 96 px per inch.
    found.push({ descr: descr.replace(/&quot;/g, '"').replace(/&amp;/g, '&'), x: +x! / 9525, y: +y! / 9525, w: +cx! / 9525, h: +cy! / 9525, png })
  }
  return found
}

function pixel(png: PNG, x: number, y: number): [number, number, number] {
  const i = (Math.round(y) * png.width + Math.round(x)) * 4
  return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!]
}

beforeAll(async () => {
  // The four formats every deck gets; the single-file HTML also needs the deck's fonts and
  // favicon in the project, which this fixture (the default theme's web fonts) lacks: see below.
  result = await runExport([path.join(FIXTURE, 'slides.md'), '--out', out, '--format', 'pdf,png,handout,pptx'])
  if (result.code !== 0)
    throw new Error(`export failed (${result.code}):\n${result.stderr}${result.stdout}`)
  pptx = await readPptx(path.join(out, 'field-notes.pptx'))
  pptxPresentation = await pptx.zip.file('ppt/presentation.xml')!.async('string')
}, 300_000)

afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

describe('a deck of its own: the features fixture', () => {
  it('writes every format, named by the deck, one page per slide', () => {
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'))
    expect(manifest.title).toBe('Field notes on a small workshop')
    expect(manifest.slideCount).toBe(8)
    const pages = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path.join(out, file)], { encoding: 'utf8' }))![1])
    expect(pages('field-notes.pdf')).toBe(8)
    expect(pages('field-notes-handout.pdf')).toBe(8)
    expect(pptx.slides.length).toBe(8)
    for (let n = 1; n <= 8; n++)
      expect(existsSync(path.join(out, 'png', `0${n}.png`)), `png ${n}`).toBe(true)
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
      ])
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
})

describe('a deck of its own, with --with-clicks', () => {
  it('gives each click step a PDF page and a PNG, the slides before and after one each', async () => {
    const dest = path.join(work, 'clicks')
    const run = await runExport([path.join(FIXTURE, 'slides.md'), '--out', dest, '--with-clicks', '--quiet'])
    expect(run.code, run.stderr).toBe(0)
    const pdf = path.join(dest, 'field-notes.pdf')
    expect(Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1])).toBe(11)
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
    const plain = PNG.sync.read(readFileSync(path.join(out, 'png', '07.png')))
    // Dark pixels: the text drawn. (Pixel equality with the plain export is not asked for: this
    // deck sets its text in system fonts, whose lines can land a pixel apart from run to run.)
    const ink = (png: PNG) => {
      let n = 0
      for (let i = 0; i < png.data.length; i += 4) {
        if (png.data[i]! + png.data[i + 1]! + png.data[i + 2]! < 300)
          n++
      }
      return n
    }
    expect(ink(first)).toBeLessThan(ink(last) * 0.8)
    expect(Math.abs(ink(last) - ink(plain)) / ink(plain)).toBeLessThan(0.02)
  }, 180_000)

  it('refuses a single-file HTML that would load fonts from the network, naming them, and writes nothing', async () => {
    const dest = path.join(work, 'html')
    const run = await runExport([path.join(FIXTURE, 'slides.md'), '--out', dest, '--format', 'html', '--quiet'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/the single-file HTML still refers to files it could not inline \(.*fonts\.googleapis\.com/)
    expect(run.stderr).not.toMatch(/blocks\.png|dial\.svg/)
    expect(existsSync(path.join(dest, 'field-notes.html'))).toBe(false)
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
    expect(Object.keys(zip.files).filter(f => f.startsWith('ppt/media/')).length).toBe(5)
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
    expect([...xml.matchAll(/<p:pic>[\s\S]*?descr="([^"]*)"/g)].map(m => m[1])).toEqual(['The deck’s icon', 'From article to deck'])
    expect(own.slides[0]!.text).toEqual(expect.arrayContaining(['Three features on one slide', 'One', 'Two']))
    expect(pdfText(path.join(dest, 'xiaomi-hard-tech-briefing.pdf'))).toContain('Three features on one slide')
  }, 180_000)
})
