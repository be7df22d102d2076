/**
 * A dark deck, end to end: test/fixtures/dark (`colorSchema: dark`, a cover picture, a layout on
 * a gradient, gradient lettering, a `<br>`, code indented with tabs and highlighted lines, and
 * four slides without text: a picture, a Mermaid diagram, two embedded cards, an embedded page). Its PowerPoint
 * must keep each slide's background and readable text, and its handout must show the slides
 * as they are (dark) with the notes in the handout's own ink.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PNG } from 'pngjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { formatProblems, packageProblems, readPackageParts, repairTriggers } from '../scripts/export/pptx/pptx-verify'
import { pdfWords, readPptx } from './support/pptx'
import type { PptxPackage, PptxRun } from './support/pptx'
import { schemaSkipReason, validateParts } from './support/pptx-schema'
import { sharedExport, TEST_EPOCH } from './support/shared-export'
import type { SharedExport } from './support/shared-export'

const ENTRY = path.join(import.meta.dirname, 'fixtures', 'dark', 'slides.md')
const env = { SOURCE_DATE_EPOCH: String(TEST_EPOCH) }
let exported: SharedExport
let pptx: PptxPackage

beforeAll(async () => {
  exported = await sharedExport('dark', [ENTRY, '--format', 'pptx,handout'], { env })
  pptx = await readPptx(path.join(exported.out, 'night-shift.pptx'))
}, 240_000)

type Rgb = [number, number, number]
const rgb = (hex: string): Rgb => [0, 2, 4].map(i => Number.parseInt(hex.slice(i, i + 2), 16)) as Rgb
/** WCAG's relative luminance and contrast ratio. */
function luminance([r, g, b]: Rgb): number {
  const lin = (v: number) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4)
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}
const contrast = (a: Rgb, b: Rgb) => (Math.max(luminance(a), luminance(b)) + 0.05) / (Math.min(luminance(a), luminance(b)) + 0.05)
const mix = (top: Rgb, alpha: number, under: Rgb): Rgb => top.map((v, i) => v * alpha + under[i]! * (1 - alpha)) as Rgb

/** A run's text colour and opacity (a:alpha, 0..1). */
function colourOf(r: PptxRun): { colour: Rgb, alpha: number } {
  const fill = /<a:solidFill><a:srgbClr val="([0-9A-F]{6})"(?:\/>|><a:alpha val="(\d+)"\/>)/.exec(r.rPr)!
  return { colour: rgb(fill[1]!), alpha: fill[2] ? Number(fill[2]) / 100000 : 1 }
}

/** The colours a slide's background shows: its solid colour, its gradient's stops, or its picture's mean colour. */
async function backgroundColours(n: number): Promise<Rgb[]> {
  const bg = /<p:bg>([\s\S]*?)<\/p:bg>/.exec(pptx.slides[n - 1]!.xml)?.[1]
  if (!bg)
    return []
  if (bg.includes('<a:blipFill')) {
    const id = /r:embed="([^"]+)"/.exec(bg)![1]
    const rels = await pptx.zip.file(`ppt/slides/_rels/slide${n}.xml.rels`)!.async('string')
    const target = new RegExp(`Id="${id}"[^>]*Target="\\.\\./media/([^"]+)"`).exec(rels)![1]
    const png = PNG.sync.read(Buffer.from(await pptx.zip.file(`ppt/media/${target}`)!.async('uint8array')))
    const sum = [0, 0, 0]
    for (let i = 0; i < png.data.length; i += 4)
      sum.forEach((_, c) => (sum[c]! += png.data[i + c]!))
    return [sum.map(v => v / (png.data.length / 4)) as Rgb]
  }
  return [...bg.matchAll(/<a:srgbClr val="([0-9A-F]{6})"/g)].map(m => rgb(m[1]!))
}

describe('a dark deck\'s PowerPoint', () => {
  it('exports every slide, the four without text included', () => {
    expect(exported.result.code).toBe(0)
    expect(pptx.slides).toHaveLength(9)
  })

  it.skipIf(schemaSkipReason())(`gives a package that needs no repair and validates against the OOXML schemas${schemaSkipReason() ? ` (schemas skipped: ${schemaSkipReason()})` : ''}`, async () => {
    const parts = await readPackageParts(readFileSync(path.join(exported.out, 'night-shift.pptx')))
    expect(formatProblems([...packageProblems(parts), ...repairTriggers(parts)]), 'package problems and repair triggers').toBe('')
    const result = validateParts(parts.texts)
    expect(result.unchecked, 'XML parts no schema covers').toEqual([])
    expect(result.errors.map(e => `${e.part}:${e.line}: ${e.element}: ${e.message}`), 'schema errors').toEqual([])
  })

  it('gives each slide the background it shows: the cover picture, the dark scheme\'s colour, the layout\'s gradient, the end layout\'s black', async () => {
    const kinds = pptx.slides.map(s => /<p:bg><p:bgPr><a:(\w+)/.exec(s.xml)?.[1] ?? 'none')
    expect(kinds).toEqual(['blipFill', 'solidFill', 'gradFill', 'solidFill', 'solidFill', 'solidFill', 'solidFill', 'solidFill', 'solidFill'])
    for (const n of [2, 4, 5, 6, 7, 8])
      expect(await backgroundColours(n), `slide ${n}`).toEqual([rgb('121212')])
    // The layout's linear-gradient(135deg, #1e3a8a, #7c3aed): CSS 135deg is DrawingML's 45.
    expect(pptx.slides[2]!.xml).toMatch(/<a:gsLst><a:gs pos="0"><a:srgbClr val="1E3A8A"\/><\/a:gs><a:gs pos="100000"><a:srgbClr val="7C3AED"\/><\/a:gs><\/a:gsLst><a:lin ang="2700000" scaled="0"\/>/)
    expect(await backgroundColours(9)).toEqual([rgb('000000')])
    // The cover's picture is dark: its mean colour is far from the layout's white.
    expect(luminance((await backgroundColours(1))[0]!)).toBeLessThan(0.05)
  })

  it('keeps every text readable on its background: at least 4.5:1 for each run that is not dimmed or highlighted on the slide', async () => {
    const low: string[] = []
    for (const slide of pptx.slides) {
      const backgrounds = await backgroundColours(slide.number)
      expect(backgrounds.length, `slide ${slide.number} has a background`).toBeGreaterThan(0)
      for (const r of slide.runs.filter(r => r.text.trim())) {
        const { colour, alpha } = colourOf(r)
        // Code lines around the highlighted ones are dimmed on the slide too (opacity 0.3).
        if (alpha < 0.5)
          continue
        // Text on a highlight is checked with the code below: the theme's own colours there are
        // as low as 1.7:1 on the slide itself, and the file keeps them.
        if (r.rPr.includes('<a:highlight>'))
          continue
        for (const under of backgrounds) {
          const ratio = contrast(mix(colour, alpha, under), under)
          if (ratio < 4.5)
            low.push(`slide ${slide.number} "${r.text}": ${ratio.toFixed(2)}:1`)
        }
      }
    }
    expect(low).toEqual([])
  })

  it('turns gradient lettering into coloured text without highlight boxes', () => {
    const runs = pptx.slides[1]!.runs
    for (const words of ['Open all night', 'Fresh proofs at midnight']) {
      const r = runs.find(r => r.text === words)!
      expect(r.rPr, words).not.toContain('<a:highlight>')
      expect(luminance(colourOf(r).colour), words).toBeGreaterThan(0.2)
    }
  })

  it('breaks the line at the <br>: both parts in one paragraph with a:br between them', () => {
    const paragraph = [...pptx.slides[1]!.xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map(m => m[1]!).find(p => p.includes('Ink dries slower'))!
    expect(paragraph.replace(/<a:rPr[\s\S]*?<\/a:rPr>/g, '').replace(/<\/?a:r>/g, '')).toMatch(/<a:t>Ink dries slower<\/a:t><a:br\/><a:t>when the air is cold<\/a:t>/)
  })

  it('sets code in a face marked fixed-pitch, with tabs as spaces at the code\'s tab width and see-through highlights', () => {
    const slide = pptx.slides[7]!
    const code = slide.runs.filter(r => /typeface="Fira Code"/.test(r.rPr))
    expect(code.length).toBeGreaterThan(10)
    expect(code.filter(r => !/<a:latin typeface="Fira Code" pitchFamily="49"/.test(r.rPr)).map(r => r.text)).toEqual([])
    expect(code.filter(r => r.text.includes('\t')).map(r => r.text)).toEqual([])
    // One tab deep, then two: the second indentation is twice the first.
    const one = /^ +/.exec(code.find(r => r.text.trim() === 'for')!.text)![0].length
    const two = /^ +/.exec(code.find(r => r.text.trim() === 'fmt')!.text)![0].length
    expect(one).toBeGreaterThan(0)
    expect(two).toBe(2 * one)
    // The highlighted lines' wash is rgba(250, 204, 21, 0.22): shown over the dark code block,
    // not as the opaque yellow that would swallow the code's light text.
    const highlights = new Set(code.map(r => /<a:highlight><a:srgbClr val="([0-9A-F]{6})"/.exec(r.rPr)?.[1]).filter(Boolean))
    expect([...highlights]).toHaveLength(1)
    expect(luminance(rgb([...highlights][0]!))).toBeLessThan(0.1)
    expect(code.find(r => r.text.trim() === 'feed')!.rPr).toContain('<a:highlight>')
  })

  it('makes the slides without text pictures with their alt text', () => {
    const descr = (n: number) => [...pptx.slides[n - 1]!.xml.matchAll(/<p:pic>[\s\S]*?descr="([^"]*)"/g)].map(m => m[1]!.replace(/&apos;/g, '\''))
    expect(descr(4)).toEqual(['The shop\'s mark: a drop of ink in a ring'])
    expect(descr(5)).toEqual(['How a job goes through the shop. An order is set in type, proofed, then printed'])
    expect(descr(6)).toEqual(['Platen press, in service since 1962', 'Paper guillotine, in service since 1978'])
    expect(descr(7)).toEqual(['Tonight\'s print queue'])
    for (const n of [4, 5, 6, 7])
      expect(pptx.slides[n - 1]!.runs.filter(r => r.text.trim())).toEqual([])
  })

  it('is dark where the slides are dark when LibreOffice draws it, with the light text showing', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dark-lo-'))
    execFileSync('soffice', [`-env:UserInstallation=file://${path.join(dir, 'lo')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, path.join(exported.out, 'night-shift.pptx')], { stdio: 'ignore', timeout: 180_000 })
    execFileSync('pdftoppm', ['-png', '-r', '36', path.join(dir, 'night-shift.pdf'), path.join(dir, 'p')])
    const pages = readdirSync(dir).filter(f => /^p-\d+\.png$/.test(f)).sort()
    expect(pages).toHaveLength(9)
    const lumas = pages.map((f) => {
      const png = PNG.sync.read(readFileSync(path.join(dir, f)))
      const values: number[] = []
      for (let i = 0; i < png.data.length; i += 4)
        values.push(0.2126 * png.data[i]! + 0.7152 * png.data[i + 1]! + 0.0722 * png.data[i + 2]!)
      return { mean: values.reduce((a, b) => a + b, 0) / values.length, lightest: Math.max(...values) }
    })
    // Every slide of this deck is dark or a deep gradient; the file's layout alone is white.
    expect(lumas.filter(l => l.mean > 90).map((_, i) => i + 1), 'pages lighter than the slides').toEqual([])
    // White text (the end slide's at 85% opacity, 217) drawn small enough to blur a little.
    for (const n of [1, 2, 3, 8, 9])
      expect(lumas[n - 1]!.lightest, `page ${n}'s light text`).toBeGreaterThan(180)
  })

  it('exports a range of the textless slides alone', async () => {
    const range = await sharedExport('dark-range', [ENTRY, '--format', 'pptx', '--range', '4-7'], { env, allowFailure: true })
    expect(range.result.stderr + range.result.stdout).not.toMatch(/failed/)
    expect(range.result.code).toBe(0)
    expect((await readPptx(path.join(range.out, 'night-shift.pptx'))).slides).toHaveLength(4)
  })
})

describe('a dark deck\'s handout', () => {
  /** The lightest and darkest pixel (luma 0-255) in the box of the first word `text` at or below `below` pt on a page rendered at 72 dpi. */
  function inkOf(page: number, text: string, below = 0): { lightest: number, darkest: number } {
    const file = path.join(exported.out, 'night-shift-handout.pdf')
    const word = pdfWords(file, page).find(w => w.text === text && w.y0 >= below)!
    expect(word, `"${text}" on handout page ${page}`).toBeDefined()
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dark-handout-'))
    execFileSync('pdftoppm', ['-f', String(page), '-l', String(page), '-r', '72', '-png', '-singlefile', file, path.join(dir, 'page')])
    const png = PNG.sync.read(readFileSync(path.join(dir, 'page.png')))
    let lightest = 0
    let darkest = 255
    for (let y = Math.floor(word.y0); y < Math.ceil(word.y1); y++) {
      for (let x = Math.floor(word.x0); x < Math.ceil(word.x1); x++) {
        const i = (y * png.width + x) * 4
        const luma = 0.2126 * png.data[i]! + 0.7152 * png.data[i + 1]! + 0.0722 * png.data[i + 2]!
        lightest = Math.max(lightest, luma)
        darkest = Math.min(darkest, luma)
      }
    }
    return { lightest, darkest }
  }

  it('draws a dark slide\'s text in its own light colours over its dark background', () => {
    // "Sweep" is on the slide only; its page's slide frame is dark.
    const onSlide = inkOf(2, 'Sweep')
    expect(onSlide.darkest).toBeLessThan(40)
    expect(onSlide.lightest).toBeGreaterThan(180)
  })

  it('keeps the slide\'s own type: a heading on the slide stays larger than its list, untouched by the handout\'s heading style', () => {
    const words = pdfWords(path.join(exported.out, 'night-shift-handout.pdf'), 2)
    const height = (text: string) => {
      const word = words.find(w => w.text === text)
      expect(word, `"${text}" on handout page 2`).toBeDefined()
      return word!.y1 - word!.y0
    }
    // On the slide the h2 is drawn at about 1.6 times the list's size; the handout's own
    // 17 px bold title style, leaking onto it, made it smaller than the list.
    expect(height('Fresh') / height('Sweep')).toBeGreaterThan(1.3)
  })

  it('sets the notes in the handout\'s own dark ink on white', () => {
    const notes = inkOf(2, 'schema,')
    expect(notes.lightest).toBeGreaterThan(230)
    expect(notes.darkest).toBeLessThan(80)
  })
})
