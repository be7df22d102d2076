/**
 * The editable PowerPoint, end to end: the deck's shared export (every format), its PPTX read
 * back from its XML, then rendered by LibreOffice twice, with the deck's fonts available and
 * without them, and compared slide by slide with the PNGs (scale 2, averaged down to scale 1).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { figures, quotes, scorecard } from '../data'
import type { Figure } from '../data'
import { buildPptx, checkPptx, normalizePptx, notesText, onePropertiesPerParagraph, PptxSlideError } from '../scripts/export/pptx/pptx-build'
import { formatProblems, packageProblems, readPackageParts, repairTriggers } from '../scripts/export/pptx/pptx-verify'
import type { PackageParts } from '../scripts/export/pptx/pptx-verify'
import type { SlideView } from '../scripts/export/pptx/slide-view'
import { firstSentence, readDeckFacts, ROOT, runExport } from './export-helpers'
import type { DeckFacts } from './export-helpers'
import { CJK_FAMILY } from './support/fonts'
import { halvedPng, MAX_DIFFERENCE, renderWithLibreOffice } from './support/libreoffice'
import { deckExport, TEST_EPOCH } from './support/shared-export'
import { blockDifference, HEADING_NODE, overlappingWords, pdfWords, pptxInput, readPng, readPptx, strayWords } from './support/pptx'
import type { PptxPackage } from './support/pptx'
import { schemaSkipReason, validateParts } from './support/pptx-schema'
import { componentUses, loadSlides } from './support/slides'

const work = mkdtempSync(path.join(os.tmpdir(), 'deck-pptx-test-'))
/** This deck's export in every format, shared with the other test files (PNGs at scale 2). */
let out: string
let deck: DeckFacts
let file: string
let pkg: PptxPackage

beforeAll(async () => {
  deck = await readDeckFacts()
  ;({ out } = await deckExport())
  file = path.join(out, `${deck.exportName}.pptx`)
  pkg = await readPptx(file)
}, 240_000)

afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

describe('pptx: what the file holds', () => {
  it('has one slide per slide of the deck, each with its speaker notes', () => {
    expect(pkg.slides.length).toBe(deck.slides.length)
    for (const [i, slide] of pkg.slides.entries()) {
      const note = deck.slides[i]!.note
      expect(note.trim(), `slide ${i + 1} of the deck has notes`).not.toBe('')
      expect(slide.notes.replace(/\s+/g, ' '), `notes of slide ${i + 1}`).toContain(firstSentence(note))
    }
  })

  it('sets each slide\'s heading as its title placeholder', () => {
    for (const [i, slide] of pkg.slides.entries())
      expect(slide.title, `slide ${i + 1}`).toBe(deck.slides[i]!.title)
  })

  it('shows every quote of a slide verbatim in that slide\'s text, Chinese original included', () => {
    const slides = loadSlides()
    let checked = 0
    for (const [i, s] of slides.entries()) {
      for (const use of componentUses(i + 1, s.content).filter(u => u.tag === 'QuoteCard')) {
        const quote = quotes.find(q => q.id === use.ids[0])!
        const text = pkg.slides[i]!.text
        expect(text, `slide ${i + 1}, quote ${quote.id}`).toContain(quote.text)
        if ('original' in quote && quote.original)
          expect(text, `slide ${i + 1}, original of ${quote.id}`).toContain(quote.original)
        checked++
      }
    }
    // One quote on a quote slide; the rest of the deck's quotes are in the handout.
    expect(checked).toBeGreaterThanOrEqual(10)
    // The handout's cards are not on the slides: hidden on screen, they stay out of the file too.
    for (const [i, s] of slides.entries()) {
      for (const id of (s.frontmatter as { handout?: string[] }).handout ?? []) {
        const quote = quotes.find(q => q.id === id)
        if (quote && !componentUses(i + 1, s.content).some(u => u.ids.includes(id)))
          expect(pkg.slides[i]!.text, `slide ${i + 1}, handout quote ${id}`).not.toContain(quote.text.slice(0, 40))
      }
    }
  })

  it('is native and editable: no pictures, and text on every slide', () => {
    for (const slide of pkg.slides) {
      expect(slide.pictures, `slide ${slide.number}`).toBe(0)
      expect(slide.text.join(' ').length, `slide ${slide.number}`).toBeGreaterThan(10)
    }
    expect(Object.keys(pkg.zip.files).filter(n => /^ppt\/media\//.test(n))).toEqual([])
  })

  it('gives each paragraph one set of properties, as the format requires', () => {
    for (const slide of pkg.slides) {
      for (const [, body] of slide.xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g))
        expect((body!.match(/<a:pPr\b/g) ?? []).length, `slide ${slide.number}`).toBeLessThanOrEqual(1)
    }
  })

  it('draws the comparison charts natively from the data module, with alternative text and no visible description', async () => {
    const charts = pkg.slides.flatMap(s => s.charts.map(c => ({ ...c, slide: s })))
    // The 10-X slide has two panels, the R&D slide one.
    expect(charts.length).toBe(3)
    const all: readonly Figure[] = figures
    for (const chart of charts) {
      expect(chart.descr.length, `chart on slide ${chart.slide.number}`).toBeGreaterThan(40)
      // The alternative text reads: the chart's title. The panel's name (its figure's label). The description.
      const name = chart.descr.split('. ')[1]
      const subject = all.find(f => f.baseline && f.label === name)
      expect(subject, chart.descr).toBeDefined()
      const baseline = all.find(f => f.id === subject!.baseline)!
      const values = [...chart.xml.matchAll(/<c:v>([^<]*)<\/c:v>/g)].map(m => Number(m[1]))
      const low = (v: Figure['value']) => (typeof v === 'number' ? v : v[0])
      const high = (v: Figure['value']) => (typeof v === 'number' ? v : v[1])
      for (const f of [subject!, baseline]) {
        expect(values, `${f.id} in the chart's data`).toContain(low(f.value))
        if (high(f.value) !== low(f.value))
          expect(values, `${f.id}'s range in the chart's data`).toContain(high(f.value) - low(f.value))
      }
      expect(chart.embedded.length, 'the chart carries its data sheet').toBe(1)
      // The description screen readers get is not drawn on the slide.
      const sentences = chart.descr.split(/(?<=\.)\s+/).filter(s => s.length > 30)
      for (const sentence of sentences)
        expect(chart.slide.text.join('\n'), `slide ${chart.slide.number}`).not.toContain(sentence)
    }
  })

  it('shows each scorecard row as native text, domain and verdict, on the Scorecard slide (the full table is in the handout)', () => {
    const slide = pkg.slides.find(s => s.title?.startsWith('Scorecard'))!
    expect(slide, 'the Scorecard slide').toBeDefined()
    expect(pkg.slides.flatMap(s => s.tables)).toEqual([])
    for (const row of scorecard) {
      expect(slide.text.join(' ')).toContain(row.name)
      expect(slide.text.join(' ').toLowerCase()).toContain(row.verdict)
    }
  })

  it('sets Chinese runs in the East Asian font, marked as Chinese', () => {
    const han = pkg.slides.flatMap(s => s.runs).filter(r => /\p{Script=Han}/u.test(r.text))
    expect(han.length).toBeGreaterThanOrEqual(5)
    for (const run of han) {
      expect(run.rPr, run.text).toMatch(/<a:ea typeface="Noto Sans SC"/)
      expect(run.rPr, run.text).toMatch(/lang="zh-CN"/)
    }
    const latin = pkg.slides.flatMap(s => s.runs).filter(r => /^[\p{Script=Latin}\s\p{P}\d]+$/u.test(r.text))
    expect(latin.every(r => /<a:latin typeface="Inter"/.test(r.rPr))).toBe(true)
  })

  it('carries title, author and subject as document properties', () => {
    const head = deck.headmatter
    const field = (tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(pkg.core)?.[1]
    expect(field('dc:title')).toBe(String(head.title).replace(/\s+/g, ' ').trim())
    expect(field('dc:creator')).toBe(head.author)
    expect(field('dc:subject')).toContain(String(head.info).trim().split('\n')[0]!.trim().slice(0, 40))
  })

  it('dates the package from the source, zip entries included', async () => {
    const stamp = /<dcterms:created[^>]*>([^<]*)</.exec(pkg.core)?.[1]
    expect(stamp).toBeDefined()
    // The shared export is dated from TEST_EPOCH, given as SOURCE_DATE_EPOCH.
    const seconds = TEST_EPOCH
    expect(Date.parse(stamp!)).toBe(Math.floor(seconds / 2) * 2000)
    const dates = new Set(Object.values(pkg.zip.files).map(f => f.date.getTime()))
    expect(dates.size).toBe(1)
  })
})

describe('pptx: a package PowerPoint opens without repair', () => {
  const skip = schemaSkipReason()
  let parts: PackageParts

  beforeAll(async () => {
    parts = await readPackageParts(readFileSync(file))
  })

  it('is consistent: every Override names a part, every part has a type and is reachable, no relationship dangles', () => {
    const problems = packageProblems(parts)
    expect(formatProblems(problems), 'package problems').toBe('')
  })

  it('holds none of the known repair triggers (pptxgenjs #1441, #1442, #1443, #1449; empty lines, negative extents, mid-anchored cells)', () => {
    const problems = repairTriggers(parts)
    expect(formatProblems(problems), 'repair triggers').toBe('')
    // What the check reads is there to be read: shapes, backgrounds, lines and a notes master.
    const slides = [...parts.texts].filter(([n]) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).map(([, x]) => x).join('')
    expect(slides.match(/<p:sp>/g)!.length).toBeGreaterThan(100)
    expect(slides.match(/<p:bgPr>/g)!.length).toBe(deck.slides.length)
    expect(parts.texts.get('ppt/notesMasters/_rels/notesMaster1.xml.rels')).toContain('../theme/theme2.xml')
  })

  it.skipIf(skip)(`validates every XML part against the OOXML schemas, but for the buSzPct allowance${skip ? ` (skipped: ${skip})` : ''}`, () => {
    const result = validateParts(parts.texts)
    expect(result.unchecked, 'XML parts no schema covers').toEqual([])
    expect(result.checked['transitional/pml.xsd']!.length).toBeGreaterThan(deck.slides.length * 2)
    expect(result.errors.map(e => `${e.part}:${e.line}: ${e.element}: ${e.message}`), 'schema errors').toEqual([])
  })

  // The features fixture's PPTX (pictures, code, a table) gets the same checks in any-deck.test.ts.
})

describe('pptx: building blocks', () => {
  const view = (nodes: SlideView['nodes'], unsupported: string[] = []): SlideView => ({ number: 3, nodes, unsupported })
  const text = HEADING_NODE
  const input = (slides: SlideView[]) => pptxInput(slides, 'Say **this**.')

  it('names the slide and the step when a slide holds something it cannot make editable', async () => {
    const error = await buildPptx(input([view([text], ['a <img> element'])])).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PptxSlideError)
    expect((error as PptxSlideError).slide).toBe(3)
    expect((error as PptxSlideError).step).toBe('reading the slide')
    expect((error as Error).message).toMatch(/cannot make a <img> element editable/)
  })

  it('builds the same bytes from the same input, and checks what it built', async () => {
    const a = await buildPptx(input([view([text])]))
    await new Promise(resolve => setTimeout(resolve, 2100))
    const b = await buildPptx(input([view([text])]))
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true)
    expect(await checkPptx(a, 1)).toBeUndefined()
    expect(await checkPptx(a, 2)).toMatchObject({ message: 'the file has 1 slides, expected 2' })
  }, 20_000)

  it('finds a picture or missing notes when checking a package', async () => {
    const zip = await JSZip.loadAsync(await buildPptx(input([view([text])])))
    const xml = await zip.file('ppt/slides/slide1.xml')!.async('string')
    zip.file('ppt/slides/slide1.xml', xml.replace('</p:spTree>', '<p:pic></p:pic></p:spTree>'))
    expect(await checkPptx(await zip.generateAsync({ type: 'uint8array' }), 1)).toMatchObject({ slide: 1, message: expect.stringMatching(/picture/) })
    zip.file('ppt/slides/slide1.xml', xml)
    zip.file('ppt/slides/_rels/slide1.xml.rels', '<Relationships/>')
    expect(await checkPptx(await zip.generateAsync({ type: 'uint8array' }), 1)).toMatchObject({ slide: 1, message: 'it has no speaker notes' })
  })

  it('keeps one set of paragraph properties, the first', () => {
    expect(onePropertiesPerParagraph('<a:p><a:pPr marL="1"><a:buChar char="x"/></a:pPr><a:r><a:t>a</a:t></a:r><a:pPr marL="0"/><a:r><a:t>b</a:t></a:r></a:p>'))
      .toBe('<a:p><a:pPr marL="1"><a:buChar char="x"/></a:pPr><a:r><a:t>a</a:t></a:r><a:r><a:t>b</a:t></a:r></a:p>')
  })

  it('reduces note markdown to plain paragraphs', () => {
    expect(notesText('A **bold** and *soft* [link](http://x).\n\nNext `code`.')).toBe('A bold and soft link.\n\nNext code.')
  })

  it('normalizes dates and random ids in a package', async () => {
    const zip = new JSZip()
    zip.file('docProps/core.xml', '<dcterms:created xsi:type="dcterms:W3CDTF">2031-01-01T00:00:00Z</dcterms:created>', { date: new Date() })
    zip.file('ppt/charts/chart1.xml', '<c16:uniqueId val="{1A2B3C4D-0000-4000-8000-ABCDEFABCDEF}"/>')
    const out = await JSZip.loadAsync(await normalizePptx(await zip.generateAsync({ type: 'uint8array' }), new Date(Date.UTC(2025, 0, 2, 3, 4, 5))))
    expect(await out.file('docProps/core.xml')!.async('string')).toContain('2025-01-02T03:04:04Z')
    expect(await out.file('ppt/charts/chart1.xml')!.async('string')).toContain('{00000000-0000-4000-8000-000000000001}')
    expect(out.file('docProps/core.xml')!.date.toISOString()).toBe('2025-01-02T03:04:04.000Z')
  })
})

describe('pptx: as LibreOffice renders it', () => {
  const rendered: Record<'withFonts' | 'withoutFonts', string> = { withFonts: '', withoutFonts: '' }
  const figuresBySlide: Record<string, number[]> = {}

  beforeAll(() => {
    Object.assign(rendered, renderWithLibreOffice(file, work, deck))
  }, 400_000)

  afterAll(() => {
    const lines = Object.entries(figuresBySlide).map(([name, values]) => `  ${name}: ${values.map((v, i) => `${i + 1}:${(v * 100).toFixed(1)}%`).join(' ')}`)
    if (lines.length)
      process.stdout.write(`pptx vs png, share of 12 px blocks that differ, per slide:\n${lines.join('\n')}\n`)
  })

  it('really renders with the deck\'s fonts in one case and without them in the other', () => {
    const fontsOf = (pdf: string) => execFileSync('pdffonts', [pdf], { encoding: 'utf8' })
    expect(fontsOf(rendered.withFonts)).toMatch(/Inter-Bold/)
    expect(fontsOf(rendered.withFonts)).toMatch(/NotoSansCJK/)
    expect(fontsOf(rendered.withoutFonts)).not.toMatch(/Inter|NotoSansCJK/)
  })

  for (const name of ['withFonts', 'withoutFonts'] as const) {
    it(`${name === 'withFonts' ? 'with' : 'without'} the fonts: every slide looks like its PNG`, () => {
      const dir = path.dirname(rendered[name])
      const pages = readdirSync(dir).filter(n => /^p-\d+\.png$/.test(n)).sort()
      expect(pages.length).toBe(deck.slides.length)
      const rendering = deck.slides.map(s => readPng(path.join(dir, `p-${String(s.number).padStart(2, '0')}.png`)))
      const values = deck.slides.map((s, i) => blockDifference(halvedPng(path.join(out, 'png', `${String(s.number).padStart(2, '0')}.png`)), rendering[i]!))
      figuresBySlide[name] = values
      for (const [i, v] of values.entries())
        expect(v, `slide ${i + 1}: ${(v * 100).toFixed(1)}% of blocks differ`).toBeLessThanOrEqual(MAX_DIFFERENCE[name])
      for (let i = 0; i + 1 < deck.slides.length; i++) {
        const next = String(i + 2).padStart(2, '0')
        const other = blockDifference(halvedPng(path.join(out, 'png', `${next}.png`)), rendering[i]!)
        // The measure tells slides apart: each rendering is far from the next slide's PNG, and
        // (in another face, where spare slides of one large quote come close to each other)
        // nearer its own PNG than the next one by a clear margin.
        expect(other, `slide ${i + 1} against slide ${i + 2}'s PNG`).toBeGreaterThan(name === 'withFonts' ? MAX_DIFFERENCE[name] : values[i]! * 1.25)
      }
    })

    it(`${name === 'withFonts' ? 'with' : 'without'} the fonts: no text overlaps other text or leaves its box`, () => {
      for (const slide of pkg.slides) {
        const words = pdfWords(rendered[name], slide.number)
        expect(words.length, `slide ${slide.number}`).toBeGreaterThan(3)
        const overlaps = overlappingWords(words)
        expect(overlaps.map(([a, b]) => `${a.text} / ${b.text}`), `slide ${slide.number}`).toEqual([])
        // Tables grow downwards with their rows; the slide's bottom edge still bounds them.
        const frames = [
          ...slide.textFrames,
          ...slide.tables.map(t => ({ ...t.frame, h: deck.canvasHeight * 0.75 - t.frame.y })),
          ...slide.charts.map(c => c.frame),
        ]
        expect(strayWords(words, frames, 2).map(w => w.text), `slide ${slide.number}`).toEqual([])
        const page = { w: deck.canvasWidth * 0.75, h: deck.canvasHeight * 0.75 }
        expect(words.filter(w => w.x0 < 0 || w.y0 < 0 || w.x1 > page.w || w.y1 > page.h).map(w => w.text), `slide ${slide.number}`).toEqual([])
      }
    })
  }
})

describe('pptx: the rendering needs', () => {
  it('finds Noto Sans CJK SC for the with-fonts case', () => {
    const listed = execFileSync('fc-list', [':', 'family'], { encoding: 'utf8' })
    expect(listed, `${CJK_FAMILY} is missing: apt-get install fonts-noto-cjk (.ci/run does)`).toContain(CJK_FAMILY)
  })
})
