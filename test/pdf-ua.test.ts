/**
 * The machine-checkable part of PDF/UA-1 (ISO 14289-1), checked on the real
 * exported slide PDF and handout, of this deck and of the features fixture (a deck of
 * its own, with every kind of slide content; its export is shared with
 * any-deck.test.ts). The rules each test stands for are listed in the README;
 * passing them is not a claim of full conformance.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findFigure, findPerson, findQuote } from '../data'
import { comparisonBars } from '../lib/chart'
import { handoutMentions } from '../scripts/export/handout/handout-page'
import { notesToHtml } from '../scripts/export/handout/handout-notes'
import { fold, readDeckFacts, ROOT, runExport } from './export-helpers'
import type { DeckFacts } from './export-helpers'
import { deckExport, FEATURES_ENTRY, featuresExport, TEST_EPOCH } from './support/shared-export'
import { allNodes, apply, backwardJumps, countByType, isMarked, isNode, markedUnder, pdfString, readPdfStructure, textOf } from './pdf-structure'
import type { Json, MarkedContent, PdfStructure, Placed, StructNode } from './pdf-structure'

/** A date no commit of this deck has, so the test sees where dates come from. */
const EPOCH = TEST_EPOCH
/** At most this share of structure elements may be /NonStruct (Chromium's export has about 60 %). */
const NONSTRUCT_BOUND = 0.05

/** PDF 1.7's standard structure types (ISO 32000-1, 14.8.4). */
const STANDARD = new Set([
  'Document', 'Part', 'Art', 'Sect', 'Div', 'BlockQuote', 'Caption', 'TOC', 'TOCI', 'Index', 'NonStruct', 'Private',
  'P', 'H', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'TR', 'TH', 'TD', 'THead', 'TBody', 'TFoot',
  'Span', 'Quote', 'Note', 'Reference', 'BibEntry', 'Code', 'Link', 'Annot', 'Ruby', 'RB', 'RT', 'RP', 'Warichu', 'WT', 'WP',
  'Figure', 'Formula', 'Form',
])

const work = mkdtempSync(path.join(os.tmpdir(), 'deck-pdfua-test-'))
type Manifest = { slides: Array<{ number: number, pdfPage: number, handoutPage?: number }> }
let deck: DeckFacts
const slidesMd = readFileSync(path.join(ROOT, 'slides.md'), 'utf8')

/** One PDF under test: which deck, which file, and what the deck says it should hold. */
interface Case { pdf: PdfStructure, deck: DeckFacts, manifest: Manifest, handout: boolean }
const own = ['slides', 'handout'] as const
const all = [...own, 'features slides', 'features handout'] as const
const cases = {} as Record<typeof all[number], Case>

beforeAll(async () => {
  deck = await readDeckFacts()
  const own = await deckExport()
  const manifest = JSON.parse(readFileSync(path.join(own.out, 'manifest.json'), 'utf8')) as Manifest
  cases.slides = { pdf: readPdfStructure(path.join(own.out, `${deck.exportName}.pdf`)), deck, manifest, handout: false }
  cases.handout = { pdf: readPdfStructure(path.join(own.out, `${deck.exportName}-handout.pdf`)), deck, manifest, handout: true }
  const features = await featuresExport()
  const facts = await readDeckFacts(FEATURES_ENTRY)
  const featuresManifest = JSON.parse(readFileSync(path.join(features.out, 'manifest.json'), 'utf8')) as Manifest
  cases['features slides'] = { pdf: readPdfStructure(path.join(features.out, `${facts.exportName}.pdf`)), deck: facts, manifest: featuresManifest, handout: false }
  cases['features handout'] = { pdf: readPdfStructure(path.join(features.out, `${facts.exportName}-handout.pdf`)), deck: facts, manifest: featuresManifest, handout: true }
}, 400_000)

afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

/** One XMP property's text: a simple value, or the first item of an Alt/Seq/Bag. */
function xmpValue(xmp: string, name: string): string | undefined {
  const m = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xmp)
  if (!m)
    return undefined
  const item = /<rdf:li(?:\s[^>]*)?>([\s\S]*?)<\/rdf:li>/.exec(m[1]!)
  return (item ? item[1]! : m[1]!).trim()
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')
}

/** A PDF date (D:YYYYMMDDHHmmSS and offset) as epoch seconds. */
function pdfDateSeconds(value: string | undefined): number | undefined {
  const m = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'?\d{2}'?)?/.exec(value ?? '')
  if (!m)
    return undefined
  const offset = !m[7] || m[7] === 'Z' ? 'Z' : `${m[7].slice(0, 3)}:${m[7].replace(/'/g, '').slice(3, 5)}`
  return Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${offset}`) / 1000
}

function nodesOf(pdf: PdfStructure): StructNode[] {
  return allNodes(pdf.tree)
}

/** The page a marked-content owner is drawn on: the page itself, or the page that invokes the form. */
function pageIndexOf(pdf: PdfStructure, owner: string): number {
  return pdf.placement(owner)?.page ?? -1
}

/** Where a marked-content sequence starts, in its page's space. */
function placeOf(pdf: PdfStructure, mc: { owner: string, mcid: number }): { x: number, y: number } | undefined {
  const at = pdf.content(mc.owner).sequences.get(mc.mcid)?.at
  const placed = pdf.placement(mc.owner)
  return at && placed ? apply(placed.matrix, at) : undefined
}

/**
 * Marked content in reading order (depth first, kids in order), each with the element that
 * holds it. A figure is read as one item, its alternative text, at its first content: what is
 * drawn inside it (a diagram's labels) is never read on its own.
 */
function inReadingOrder(node: StructNode, into: Array<{ node: StructNode, mc: MarkedContent }> = []) {
  for (const kid of node.kids) {
    if (isNode(kid) && kid.type === 'Figure') {
      const first = markedUnder(kid)[0]
      if (first)
        into.push({ node: kid, mc: first })
    }
    else if (isNode(kid)) {
      inReadingOrder(kid, into)
    }
    else if (isMarked(kid)) {
      into.push({ node, mc: kid })
    }
  }
  return into
}

/** H1 elements grouped by the page their content is on. */
function headingsByPage(pdf: PdfStructure): Map<number, StructNode[]> {
  const out = new Map<number, StructNode[]>()
  for (const node of nodesOf(pdf).filter(n => n.type === 'H1')) {
    const pages = new Set(markedUnder(node).map(mc => pageIndexOf(pdf, mc.owner)))
    for (const page of pages)
      out.set(page, [...out.get(page) ?? [], node])
  }
  return out
}

describe.each(all)('PDF/UA checks: the %s PDF', (which) => {
  const pdf = () => cases[which].pdf
  const deck = () => cases[which].deck

  it('has an XMP packet with the PDF/UA identifier, title, creator, description and language', () => {
    const { xmp, catalog, info } = pdf()
    expect(xmp, 'catalog /Metadata stream').toBeDefined()
    const metadata = pdf().resolve(catalog['/Metadata']) as Record<string, unknown>
    expect(metadata['/Type']).toBe('/Metadata')
    expect(metadata['/Subtype']).toBe('/XML')
    expect(xmpValue(xmp!, 'pdfuaid:part')).toBe('1')
    const title = cases[which].handout ? `${String(deck().headmatter.title)} — handout` : String(deck().headmatter.title)
    expect(xmpValue(xmp!, 'dc:title')).toBe(title)
    expect(xmpValue(xmp!, 'dc:creator')).toBe(String(deck().headmatter.author))
    expect(xmpValue(xmp!, 'dc:description')?.length).toBeGreaterThan(20)
    expect(xmpValue(xmp!, 'dc:language')).toBe(pdfString(catalog['/Lang']))
    // The info dictionary says the same.
    expect(pdfString(info['/Title'])).toBe(xmpValue(xmp!, 'dc:title'))
    expect(pdfString(info['/Author'])).toBe(xmpValue(xmp!, 'dc:creator'))
    expect(pdfString(info['/Subject'])).toBe(xmpValue(xmp!, 'dc:description'))
    expect(pdfString(info['/Keywords'])).toBe(xmpValue(xmp!, 'pdf:Keywords'))
    expect(pdfString(info['/Creator'])).toBe(xmpValue(xmp!, 'xmp:CreatorTool'))
    expect(pdfString(info['/Producer'])).toBe(xmpValue(xmp!, 'pdf:Producer'))
  })

  it('dates its info dictionary and XMP alike, from SOURCE_DATE_EPOCH', () => {
    const { xmp, info } = pdf()
    expect(pdfDateSeconds(pdfString(info['/CreationDate']))).toBe(EPOCH)
    expect(pdfDateSeconds(pdfString(info['/ModDate']))).toBe(EPOCH)
    for (const key of ['xmp:CreateDate', 'xmp:ModifyDate', 'xmp:MetadataDate'])
      expect(Date.parse(xmpValue(xmp!, key) ?? '') / 1000, key).toBe(EPOCH)
  })

  it('declares its language, marks itself tagged, shows its title, and orders tabs by structure', () => {
    const { catalog, pages, resolve } = pdf()
    expect(pdfString(catalog['/Lang'])).toBe(String(deck().headmatter.lang ?? 'en'))
    expect((resolve(catalog['/MarkInfo']) as Record<string, unknown>)['/Marked']).toBe(true)
    expect((resolve(catalog['/ViewerPreferences']) as Record<string, unknown>)['/DisplayDocTitle']).toBe(true)
    expect(pages.length).toBeGreaterThan(0)
    pages.forEach((p, i) => expect(p.dict['/Tabs'], `page ${i + 1}`).toBe('/S'))
  })

  it('uses standard structure types, or maps its own to one', () => {
    const roleMap = (pdf().resolve(pdf().root?.['/RoleMap']) ?? {}) as Record<string, string>
    for (const [type] of Object.entries(countByType(nodesOf(pdf())))) {
      const mapped = STANDARD.has(type) || STANDARD.has(String(roleMap[`/${type}`]).replace(/^\//, ''))
      expect(mapped, `/${type}`).toBe(true)
    }
  })

  it('nests lists and tables as PDF 1.7 defines them', () => {
    const allowed: Record<string, string[]> = {
      L: ['L', 'LI', 'Caption'],
      LI: ['Lbl', 'LBody'],
      Table: ['TR', 'THead', 'TBody', 'TFoot', 'Caption'],
      TR: ['TH', 'TD'],
    }
    const nodes = nodesOf(pdf())
    expect(nodes.some(n => n.type === 'LI')).toBe(true)
    for (const node of nodes.filter(n => allowed[n.type])) {
      for (const kid of node.kids) {
        const type = isNode(kid) ? kid.type : 'content'
        expect(allowed[node.type], `/${node.type} ${node.ref} holds ${type}`).toContain(type)
      }
    }
  })

  it('gives every figure alternative text', () => {
    const figures = nodesOf(pdf()).filter(n => n.type === 'Figure')
    expect(figures.length).toBeGreaterThan(0)
    for (const f of figures)
      expect(f.alt?.trim(), `Figure ${f.ref}`).toBeTruthy()
  })

  it('has one H1 on each titled slide\'s page: that slide\'s title', () => {
    const h1 = headingsByPage(pdf())
    const starts = new Map(cases[which].manifest.slides.map(s => [(cases[which].handout ? s.handoutPage! : s.pdfPage) - 1, s.number]))
    pdf().pages.forEach((_, page) => {
      const slide = starts.get(page)
      const found = (h1.get(page) ?? []).map(n => textOf(pdf(), n))
      if (slide === undefined || !deck().slides[slide - 1]!.titled) {
        expect(found, `page ${page + 1} continues a slide's notes, or shows a slide without a heading`).toEqual([])
        return
      }
      expect(found.length, `page ${page + 1}: H1 elements`).toBe(1)
      expect(fold(found[0]!), `page ${page + 1}`).toBe(fold(deck().slides[slide - 1]!.title))
    })
  })

  it('has no empty structure elements, and a parent tree that matches the tree', () => {
    for (const node of nodesOf(pdf())) {
      expect(node.kids.length, `/${node.type} ${node.ref} has no content`).toBeGreaterThan(0)
      for (const kid of node.kids.filter(isMarked)) {
        expect(pdf().content(kid.owner).sequences.has(kid.mcid), `/${node.type} ${node.ref}: MCID ${kid.mcid} is not in its stream`).toBe(true)
        const key = pdf().structParentsOf(kid.owner)
        expect(key, `owner of /${node.type} ${node.ref}`).toBeDefined()
        expect(pdf().parentTree.get(key!)?.[kid.mcid], `parent tree entry for MCID ${kid.mcid}`).toBe(node.ref)
      }
    }
  })

  it('tags or marks as artifact all content, and keeps shapes outside figures as artifacts', () => {
    const owners = new Set<string>(pdf().pages.map(p => p.ref))
    const inFigure = new Set<string>()
    for (const node of nodesOf(pdf())) {
      markedUnder(node).forEach(mc => owners.add(mc.owner))
      if (node.type === 'Figure')
        markedUnder(node).forEach(mc => inFigure.add(`${mc.owner}#${mc.mcid}`))
    }
    for (const owner of owners)
      expect(pdf().content(owner).untaggedPaint, `untagged painting in ${owner}`).toBe(0)
    for (const node of nodesOf(pdf())) {
      for (const kid of node.kids.filter(isMarked)) {
        const seq = pdf().content(kid.owner).sequences.get(kid.mcid)!
        if (!inFigure.has(`${kid.owner}#${kid.mcid}`))
          expect(seq.shows || seq.invokes, `/${node.type} ${node.ref}: MCID ${kid.mcid} only draws shapes`).toBe(true)
      }
    }
  })

  it('reads each page title first, then top to bottom, left column before right', () => {
    for (const [page, [heading]] of headingsByPage(pdf())) {
      const titleMcs = new Set(markedUnder(heading!))
      const titleAt = placeOf(pdf(), [...titleMcs][0]!)!
      const items: Placed[] = []
      let titleSeen = false
      for (const { node, mc: kid } of inReadingOrder(pdf().tree!)) {
        if (pageIndexOf(pdf(), kid.owner) !== page)
          continue
        const at = placeOf(pdf(), kid)
        if (!at)
          continue
        const placed = { ...at, label: `/${node.type} "${pdf().content(kid.owner).sequences.get(kid.mcid)!.text.slice(0, 30)}"` }
        items.push(placed)
        if (titleMcs.has(kid))
          titleSeen = true
        else if (!titleSeen) // only a line above the title (a kicker) may come first
          expect(at.y, `page ${page + 1}: ${placed.label} is read before the title but sits below it`).toBeGreaterThan(titleAt.y)
      }
      expect(titleSeen, `page ${page + 1}: title`).toBe(true)
      const jumps = backwardJumps(items)
      expect(jumps.map(([a, b]) => `${a.label} → ${b.label}`), `page ${page + 1}`).toEqual([])
    }
  })

  it('describes every link, tags it as a /Link, and points internal links at a page', () => {
    const links = pdf().annotationsByPage.filter(a => a.annot['/Subtype'] === '/Link')
    const elements = new Map(nodesOf(pdf()).map(n => [n.ref, n]))
    for (const { annot } of links) {
      expect(pdfString(annot['/Contents'])?.trim(), 'link /Contents').toBeTruthy()
      const action = pdf().resolve(annot['/A']) as Record<string, Json> | undefined
      if (!action || action['/S'] === '/GoTo')
        expect(pdf().destinationPage(action ? action['/D'] : annot['/Dest']), `target of "${pdfString(annot['/Contents'])}"`).toBeDefined()
      const element = elements.get(pdf().parentOfObject.get(annot['/StructParent'] as number) ?? '')
      expect(element?.type, `structure element of "${pdfString(annot['/Contents'])}"`).toBe('Link')
    }
    for (const node of nodesOf(pdf()).filter(n => n.type === 'Link'))
      expect(node.kids.some(k => !isNode(k) && !isMarked(k)), `/Link ${node.ref} has its annotation`).toBe(true)
    console.info(`${which}: ${links.length} link annotation(s)`)
  })

  it(`keeps /NonStruct under ${NONSTRUCT_BOUND * 100} % of structure elements`, () => {
    const counts = countByType(nodesOf(pdf()))
    const total = Object.values(counts).reduce((a, b) => a + b, 0)
    const share = (counts.NonStruct ?? 0) / total
    console.info(`${which}: ${total} structure elements, /NonStruct ${(share * 100).toFixed(1)} %: ${JSON.stringify(counts)}`)
    expect(share).toBeLessThanOrEqual(NONSTRUCT_BOUND)
  })
})

describe.each(own)('PDF/UA checks that need this deck\'s content: the %s PDF', (which) => {
  const pdf = () => cases[which].pdf

  it('states each chart\'s data in its figure\'s alternative text', () => {
    const figures = nodesOf(pdf()).filter(n => n.type === 'Figure')
    const charts = [...slidesMd.matchAll(/<CompareChart\b[^>]*:ids="\[([^\]]*)\]"/g)]
      .flatMap(m => [...m[1]!.matchAll(/'([^']+)'/g)].map(x => x[1]!))
    expect(charts.length).toBeGreaterThan(0)
    for (const id of charts) {
      const subject = findFigure(id)!
      const bars = comparisonBars(subject, findFigure(subject.baseline!)!, 1)
      const alt = figures.find(f => f.alt?.startsWith(subject.label))?.alt
      expect(alt, `chart of ${id}`).toBeDefined()
      for (const bar of bars)
        expect(alt, `chart of ${id}`).toContain(bar.valueText)
    }
  })

  it('tags each quote card as a quotation, with speaker and source as its caption', () => {
    // The cards on the slides, and those each slide's `handout:` list adds under its notes.
    const handoutIds = [...slidesMd.matchAll(/^handout: \[([^\]]*)\]$/gm)].flatMap(m => m[1]!.split(',').map(s => s.trim()))
    const cards = [...[...slidesMd.matchAll(/<QuoteCard\s+id="([^"]+)"/g)].map(m => m[1]!), ...(which === 'handout' ? handoutIds.filter(id => findQuote(id)) : [])]
    const quotes = nodesOf(pdf()).filter(n => n.type === 'BlockQuote')
    expect(quotes.map(q => q.ref).length).toBe(cards.length)
    const leftover = [...cards]
    for (const q of quotes) {
      const text = fold(textOf(pdf(), q))
      const id = leftover.find(c => text.includes(fold(findQuote(c)!.text.slice(0, 40))))
      expect(id, `BlockQuote ${q.ref}: ${textOf(pdf(), q).slice(0, 60)}`).toBeDefined()
      leftover.splice(leftover.indexOf(id!), 1)
      const captions = q.kids.filter(isNode).filter(k => k.type === 'Caption')
      expect(captions.length, `caption of "${id}"`).toBe(1)
      expect(textOf(pdf(), captions[0]!)).toContain(findPerson(findQuote(id!)!.speaker)!.name)
    }
  })

  it('turns each slide named in the notes into a working link to that slide', () => {
    if (!cases[which].handout) {
      // The slide PDF has no notes, and nothing on the slides refers to another slide.
      expect(pdf().annotations.filter(a => a['/Subtype'] === '/Link')).toEqual([])
      return
    }
    // Notes name other slides by title, or by the part of it before a colon: “the Sources slide”.
    const references = deck.slides.flatMap(from => deck.slides.filter(to => to.number !== from.number).flatMap((to) => {
      const short = to.title.split(':')[0]!.trim()
      return [...new Set([to.title, short])].flatMap(name => [`“${name}” slide`, `${name} slide`])
        .filter(words => from.note.includes(words))
        .slice(0, 1)
        .map(words => ({ from: from.number, to: to.number, words }))
    }))
    expect(references.length, 'the notes name other slides').toBeGreaterThan(0)
    for (const ref of references) {
      const fromPage = cases[which].manifest.slides.find(s => s.number === ref.from)!.handoutPage! - 1
      const toPage = cases[which].manifest.slides.find(s => s.number === ref.to)!.handoutPage! - 1
      const link = pdf().annotationsByPage.find(({ page, annot }) => page >= fromPage && annot['/Subtype'] === '/Link'
        && fold(pdfString(annot['/Contents']) ?? '') === fold(ref.words))
      expect(link, `slide ${ref.from}: link "${ref.words}"`).toBeDefined()
      expect(pdf().destinationPage(link!.annot['/Dest']), `slide ${ref.from}: "${ref.words}" lands on slide ${ref.to}`).toBe(toPage)
    }
    console.info(`handout: ${references.length} slide name(s) in the notes, each a link`)
  })

  it('declares Chinese text as zh-Hans, where the rest is in the document language', () => {
    let chinese = 0
    const walk = (node: StructNode, lang: string | undefined) => {
      const here = node.lang ?? lang
      for (const kid of node.kids) {
        if (isNode(kid)) {
          walk(kid, here)
          continue
        }
        if (!isMarked(kid))
          continue
        const text = pdf().content(kid.owner).sequences.get(kid.mcid)?.text ?? ''
        if (/\p{Script=Han}/u.test(text)) {
          chinese++
          expect(here, `"${text}" (/${node.type} ${node.ref})`).toBe('zh-Hans')
        }
        else if (/\p{Script=Latin}{3,}/u.test(text)) {
          expect(here ?? pdfString(pdf().catalog['/Lang']), `"${text.slice(0, 40)}" (/${node.type} ${node.ref})`).toBe(String(deck.headmatter.lang ?? 'en'))
        }
      }
    }
    walk(pdf().tree!, undefined)
    // The deck shows Chinese originals of quotes, names and a hashtag.
    expect(chinese).toBeGreaterThan(3)
  })
})

describe('reading-order check', () => {
  it('flags a right-hand column read before the left-hand one, and passes the other way round', () => {
    const title = { x: 50, y: 500, label: 'title' }
    const left = [{ x: 50, y: 400, label: 'left 1' }, { x: 50, y: 300, label: 'left 2' }]
    const right = [{ x: 500, y: 400, label: 'right 1' }, { x: 500, y: 300, label: 'right 2' }]
    expect(backwardJumps([title, ...left, ...right])).toEqual([])
    expect(backwardJumps([title, ...right, ...left]).map(([a, b]) => `${a.label} → ${b.label}`)).toEqual(['right 2 → left 1'])
  })
})

describe('links between slides in the notes', () => {
  const deckLike = {
    slides: [
      { number: 1, title: 'Opening', titled: true, note: '' },
      { number: 2, title: 'Scorecard: ambition against hard truth', titled: true, note: '' },
      { number: 3, title: 'Sources', titled: true, note: '' },
      { number: 4, title: 'Slide 4', titled: false, note: '' },
    ],
  }

  it('offers every other exported, titled slide by its title and the part before a colon', () => {
    expect(handoutMentions(deckLike, [1, 2, 3, 4], 1).map(m => `${m.name} → ${m.href}`)).toEqual([
      'Scorecard: ambition against hard truth → #handout-slide-2',
      'Scorecard → #handout-slide-2',
      'Sources → #handout-slide-3',
    ])
    expect(handoutMentions(deckLike, [1, 2], 1).map(m => m.name)).toEqual(['Scorecard: ambition against hard truth', 'Scorecard'])
  })

  it('links “the Sources slide” and “the “Scorecard” slide”, and nothing that only looks like them', () => {
    const mentions = handoutMentions(deckLike, [1, 2, 3], 1)
    expect(notesToHtml('See the Sources slide, the full “Scorecard” slide and **the Scorecard slide**.', { mentions }))
      .toBe('<p>See the <a href="#handout-slide-3">Sources slide</a>, the full <a href="#handout-slide-2">“Scorecard” slide</a> and <strong>the <a href="#handout-slide-2">Scorecard slide</a></strong>.</p>')
    expect(notesToHtml('Open Sources slides, the Sourcesslide, this slide.', { mentions })).toBe('<p>Open Sources slides, the Sourcesslide, this slide.</p>')
    expect(notesToHtml('See the Sources slide.')).toBe('<p>See the Sources slide.</p>')
  })
})
