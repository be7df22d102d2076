import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString } from 'pdf-lib'
import type { PDFObject } from 'pdf-lib'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { quotes } from '../data'
import { hashInputs } from '../scripts/export/build/build-cache'
import { parseRange } from '../scripts/shared/deck'
import { notesToHtml } from '../scripts/export/handout/handout-notes'
import { pngFacts } from '../scripts/export/png/png-facts'
import { serveDir } from '../scripts/shared/serve'
import { firstSentence, fold, pdfText, readDeckFacts, ROOT, runExport, sha256File, treeDigest } from './export-helpers'
import { deckExport, TEST_EPOCH } from './support/shared-export'
import { loadSlides } from './support/slides'
import type { DeckFacts, RunResult } from './export-helpers'

const work = mkdtempSync(path.join(os.tmpdir(), 'deck-export-test-'))
/** This deck's export in every format, shared with the other test files (support/shared-export.ts). */
let outA: string
const outB = path.join(work, 'b')
let deck: DeckFacts
let first: RunResult
let pdfFile: string
let handoutFile: string
let pdf: PDFDocument

function text(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFHexString || value instanceof PDFString ? value.decodeText() : undefined
}

function outlineTitles(doc: PDFDocument): string[] {
  const titles: string[] = []
  let item = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)?.lookupMaybe(PDFName.of('First'), PDFDict)
  while (item && titles.length < 1000) {
    titles.push(text(item.get(PDFName.of('Title'))) ?? '')
    item = item.lookupMaybe(PDFName.of('Next'), PDFDict)
  }
  return titles
}

function info(doc: PDFDocument, key: string): string | undefined {
  const dict = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict)
  return text(dict.get(PDFName.of(key)))
}

/**
 * An `onSpawn` hook for `runExport` that sends `signal` to the run `delayMs` after it has
 * started writing (its staging folder beside `out` exists); `sent()` says whether it did.
 */
function signalOnceWriting(out: string, signal: NodeJS.Signals, delayMs: number) {
  let sent = false
  const onSpawn = (pid: number) => {
    const poll = setInterval(() => {
      if (stagingLeftovers(out).length) {
        clearInterval(poll)
        setTimeout(() => {
          sent = true
          process.kill(pid, signal)
        }, delayMs)
      }
    }, 50)
    setTimeout(() => clearInterval(poll), 60_000)
  }
  return { onSpawn, sent: () => sent }
}

/**
 * Copies outputs that are about to fail a comparison to test/.output/<name>/, so the
 * differing files can be inspected (qpdf --qdf, pdftotext, an image diff) after the run.
 */
function keepForInspection(name: string, dirs: string[]): void {
  const dest = path.join(ROOT, 'test', '.output', name)
  rmSync(dest, { recursive: true, force: true })
  for (const dir of dirs)
    cpSync(dir, path.join(dest, path.basename(dir)), { recursive: true })
  console.error(`kept the differing exports in ${path.relative(ROOT, dest)}/`)
}

/** Leftover staging folders a run would have created next to `out`. */
function stagingLeftovers(out: string): string[] {
  const parent = path.dirname(out)
  return existsSync(parent) ? readdirSync(parent).filter(n => n.startsWith(`.${path.basename(out)}.tmp-`)) : []
}

beforeAll(async () => {
  deck = await readDeckFacts()
  ;({ out: outA, result: first } = await deckExport())
  pdfFile = path.join(outA, `${deck.exportName}.pdf`)
  handoutFile = path.join(outA, `${deck.exportName}-handout.pdf`)
  pdf = await PDFDocument.load(readFileSync(pdfFile), { updateMetadata: false })
}, 300_000)

afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

describe('export: the slide PDF', () => {
  it('has one page per slide at the canvas size', () => {
    expect(pdf.getPageCount()).toBe(deck.slides.length)
    for (const page of pdf.getPages()) {
      const box = page.getMediaBox()
      expect(box.width).toBeCloseTo(deck.canvasWidth * 0.75, 2)
      expect(box.height).toBeCloseTo(deck.canvasHeight * 0.75, 2)
    }
  })

  it('has one bookmark per slide, named by the slide title', () => {
    expect(outlineTitles(pdf)).toEqual(deck.slides.map(s => s.title))
  })

  it('is tagged and declares its language', () => {
    expect(pdf.catalog.has(PDFName.of('StructTreeRoot'))).toBe(true)
    const markInfo = pdf.catalog.lookup(PDFName.of('MarkInfo'), PDFDict)
    expect(String(markInfo.get(PDFName.of('Marked')))).toBe('true')
    const lang = typeof deck.headmatter.lang === 'string' ? deck.headmatter.lang : 'en'
    expect(text(pdf.catalog.get(PDFName.of('Lang')))).toBe(lang)
  })

  it('carries the headmatter as document metadata', () => {
    const head = deck.headmatter
    expect(info(pdf, 'Title')).toBe(String(head.title).replace(/\s+/g, ' ').trim())
    if (typeof head.author === 'string')
      expect(info(pdf, 'Author')).toBe(head.author)
    const keywords = Array.isArray(head.keywords) ? head.keywords.map(String) : String(head.keywords ?? '').split(',')
    expect(info(pdf, 'Keywords')?.split(',').map(k => k.trim())).toEqual(keywords.map(k => k.trim()).filter(Boolean))
    if (typeof head.info === 'string')
      expect(info(pdf, 'Subject')).toContain(head.info.trim().split('\n')[0]!.trim().slice(0, 40))
    expect(info(pdf, 'CreationDate')).toMatch(/^D:\d{14}/)
  })

  it('shows every slide fully rendered', () => {
    for (const slide of deck.slides) {
      const page = pdfText(pdfFile, slide.number)
      expect(page, `slide ${slide.number}`).not.toMatch(/Loading slide|Failed to fetch this slide/)
      // Slide 1's title is the deck title from the headmatter, which the cover need not repeat.
      if (slide.number > 1 && slide.title !== `Slide ${slide.number}`)
        expect(fold(page), `slide ${slide.number}`).toContain(fold(slide.title).slice(0, 24))
    }
  })

  it('keeps the slide text as selectable text, Chinese included', () => {
    const textLayer = fold(pdfText(pdfFile))
    const shown = new Set<string>()
    for (const m of readFileSync(path.join(ROOT, 'slides.md'), 'utf8').matchAll(/<QuoteCard\b[^>]*\bid="([^"]+)"/g))
      shown.add(m[1]!)
    const onSlides = quotes.filter(q => shown.has(q.id))
    if (!onSlides.length) {
      // A deck that shows no quotes yet: the title slide must still be text.
      expect(textLayer).toContain(fold(deck.slides[0]!.title).slice(0, 20))
      return
    }
    const chinese = onSlides.filter(q => 'original' in q && /\p{Script=Han}/u.test(String(q.original)))
    expect(chinese.length, 'the deck shows at least one quote with a Chinese original').toBeGreaterThan(0)
    for (const q of [...chinese, ...onSlides.slice(0, 3)]) {
      expect(textLayer, `quote ${q.id}`).toContain(fold(q.text))
      if ('original' in q && q.original)
        expect(textLayer, `Chinese original of ${q.id}`).toContain(fold(String(q.original)))
    }
  })

  it('embeds every font it uses', () => {
    const descriptors = pdf.context.enumerateIndirectObjects()
      .map(([, obj]) => obj)
      .filter((obj): obj is PDFDict => obj instanceof PDFDict && obj.get(PDFName.of('Type')) === PDFName.of('FontDescriptor'))
    expect(descriptors.length).toBeGreaterThan(0)
    for (const d of descriptors) {
      const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some(k => pdf.context.lookup(d.get(PDFName.of(k))) instanceof PDFRawStream)
      expect(embedded, String(d.get(PDFName.of('FontName')))).toBe(true)
    }
    const listing = execFileSync('pdffonts', [pdfFile], { encoding: 'utf8' }).trim().split('\n').slice(2)
    expect(listing.length).toBe(descriptors.length)
    for (const line of listing) {
      const cols = line.trim().split(/\s+/)
      expect(cols.at(-5), line).toBe('yes')
    }
  })
})

describe('export: the PNGs', () => {
  it('has one image per slide at the scaled canvas size, none of them blank', () => {
    const files = readdirSync(path.join(outA, 'png')).sort()
    expect(files).toEqual(deck.slides.map(s => `${String(s.number).padStart(2, '0')}.png`))
    for (const f of files) {
      const png = PNG.sync.read(readFileSync(path.join(outA, 'png', f)))
      expect(png.width, f).toBe(Math.round(deck.canvasWidth * 2))
      expect(png.height, f).toBe(Math.round(deck.canvasHeight * 2))
      const first = png.data.readUInt32LE(0)
      let differs = 0
      for (let i = 4; i < png.data.length; i += 4) {
        if (png.data.readUInt32LE(i) !== first)
          differs++
      }
      // A real slide has text on it, not just a few stray pixels.
      expect(differs / (png.width * png.height), f).toBeGreaterThan(0.005)
    }
  })
})

describe('export: the handout', () => {
  it('starts a page for each slide, in order, with that slide\'s notes on it', async () => {
    const handout = await PDFDocument.load(readFileSync(handoutFile), { updateMetadata: false })
    const total = handout.getPageCount()
    expect(total).toBeGreaterThanOrEqual(deck.slides.length)
    expect(outlineTitles(handout)).toEqual(deck.slides.map(s => s.title))
    const pages = Array.from({ length: total }, (_, i) => fold(pdfText(handoutFile, i + 1)))
    const firstPage = deck.slides.map(s => pages.findIndex(p => p.includes(fold(`Slide ${s.number} of ${deck.slides.length}`))))
    expect(firstPage.every((p, i) => p >= 0 && (i === 0 || p > firstPage[i - 1]!)), `first pages ${firstPage.join(',')}`).toBe(true)
    for (const slide of deck.slides) {
      if (!slide.note.trim())
        continue
      expect(pages[firstPage[slide.number - 1]!], `notes of slide ${slide.number}`).toContain(fold(firstSentence(slide.note)))
    }
    expect(deck.slides.some(s => s.note.trim()), 'the deck has speaker notes').toBe(true)
  })

  it('shows under each slide the quotes its `handout:` list names, which the slide itself does not show', async () => {
    const handout = await PDFDocument.load(readFileSync(handoutFile), { updateMetadata: false })
    const total = handout.getPageCount()
    const pages = Array.from({ length: total }, (_, i) => fold(pdfText(handoutFile, i + 1)))
    const starts = deck.slides.map(s => pages.findIndex(p => p.includes(fold(`Slide ${s.number} of ${deck.slides.length}`))))
    const lists = loadSlides().map(s => (s.frontmatter as { handout?: string[] }).handout ?? [])
    let checked = 0
    for (const [i, slide] of deck.slides.entries()) {
      const ids = lists[i]!
      const text = pages.slice(starts[i]!, i + 1 < starts.length ? starts[i + 1]! : total).join(' ')
      const slidePdf = fold(pdfText(pdfFile, slide.number))
      for (const q of quotes.filter(q => ids.includes(q.id))) {
        const head = fold(q.text.slice(0, 40))
        expect(text, `slide ${slide.number}: handout quote "${q.id}"`).toContain(head)
        expect(slidePdf, `slide ${slide.number}: quote "${q.id}" is in the handout only`).not.toContain(head)
        checked++
      }
    }
    expect(lists.filter(l => l.length).length, 'slides with a handout list').toBeGreaterThan(10)
    expect(checked).toBeGreaterThan(20)
  })
})

describe('export: the manifest', () => {
  it('lists every file with its true size and SHA-256', () => {
    const manifest = JSON.parse(readFileSync(path.join(outA, 'manifest.json'), 'utf8'))
    expect(manifest.title).toBe(String(deck.headmatter.title).replace(/\s+/g, ' ').trim())
    expect(manifest.slideCount).toBe(deck.slides.length)
    expect(manifest.slides.map((s: { number: number }) => s.number)).toEqual(deck.slides.map(s => s.number))
    expect(manifest.slides.map((s: { title: string }) => s.title)).toEqual(deck.slides.map(s => s.title))
    const listed: Array<{ path: string, bytes: number, sha256: string }> = [
      ...manifest.files,
      ...manifest.slides.flatMap((s: { files: unknown[] }) => s.files),
    ]
    expect(listed.map(f => f.path).sort()).toEqual(
      Object.keys(treeDigest(outA)).filter(p => p !== 'manifest.json').sort(),
    )
    for (const f of listed) {
      const file = path.join(outA, f.path)
      expect(statSync(file).size, f.path).toBe(f.bytes)
      expect(sha256File(file), f.path).toBe(f.sha256)
    }
  })
})

describe('export: repeatability and safety', () => {
  it('gives byte-identical files on a second run', async () => {
    const second = await runExport(['--out', outB, '--quiet'], { env: { SOURCE_DATE_EPOCH: String(TEST_EPOCH) } })
    expect(second.code, second.stderr).toBe(0)
    expect(second.stdout).toBe('')
    expect(treeDigest(outB)).toEqual(treeDigest(outA))
  }, 240_000)

  it('leaves the previous export untouched and cleans up when interrupted', async () => {
    const out = path.join(work, 'interrupted')
    mkdirSync(out)
    writeFileSync(path.join(out, 'keep.txt'), 'earlier export')
    const interrupt = signalOnceWriting(out, 'SIGTERM', 1000)
    const result = await runExport(['--out', out], { onSpawn: interrupt.onSpawn })
    expect(interrupt.sent()).toBe(true)
    expect(result.code).toBe(143)
    expect(result.stderr).toMatch(/^export: interrupted by SIGTERM during .+; .+ was left as it was$/m)
    expect(readdirSync(out)).toEqual(['keep.txt'])
    expect(stagingLeftovers(out)).toEqual([])
  }, 120_000)

  it('names the step that ran out of time, and leaves nothing behind', async () => {
    const out = path.join(work, 'timeout')
    const result = await runExport(['--out', out, '--timeout', '1'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^export: .*timed out after 1 ms$/m)
    expect(existsSync(out)).toBe(false)
    expect(stagingLeftovers(out)).toEqual([])
  }, 120_000)

  it('runs two exports at once into different folders, the handout not disturbing the rest', async () => {
    const [x, y] = await Promise.all([
      runExport(['--out', path.join(work, 'x'), '--format', 'pdf,png', '--range', '1-2', '--quiet']),
      runExport(['--out', path.join(work, 'y'), '--range', '1-2', '--quiet']),
    ])
    expect(x.code, x.stderr).toBe(0)
    expect(y.code, y.stderr).toBe(0)
    const xs = treeDigest(path.join(work, 'x'))
    const ys = treeDigest(path.join(work, 'y'))
    // Only files both wrote are compared; the manifest names the formats each ran.
    if (Object.keys(xs).some(f => f !== 'manifest.json' && f in ys && xs[f] !== ys[f]))
      keepForInspection('concurrent-exports', [path.join(work, 'x'), path.join(work, 'y')])
    expect(Object.keys(xs).sort()).toEqual(['manifest.json', `${deck.exportName}.pdf`, 'png/01.png', 'png/02.png'].sort())
    expect(Object.keys(ys).sort()).toEqual([...Object.keys(xs), `${deck.exportName}-handout.pdf`, `${deck.exportName}.pptx`, `${deck.exportName}.html`].sort())
    // Laying out the handout borrows the rendered slides; the PDF and PNGs must not notice.
    for (const file of [`${deck.exportName}.pdf`, 'png/01.png', 'png/02.png'])
      expect(ys[file], file).toBe(xs[file])
    // The same slides as in the full export, pixel for pixel and byte for byte.
    expect(xs['png/02.png']).toBe(sha256File(path.join(outA, 'png', '02.png')))
  }, 180_000)
})

describe('export: in one process', () => {
  it('runs again and again, each run with its own state and signal handlers', async () => {
    // Importing the script must not start an export: only running it as a command does.
    const { main } = await import('../scripts/export')
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
    const listeners = () => signals.map(s => process.listenerCount(s))
    const before = listeners()
    const args = (out: string, ...more: string[]) => ['--format', 'pdf', '--range', '1', '--out', out, '--quiet', ...more]
    const files = ['manifest.json', `${deck.exportName}.pdf`].sort()

    const one = path.join(work, 'in-process-1')
    expect(await main(args(one))).toBe(0)
    expect(readdirSync(one).sort()).toEqual(files)
    expect(listeners()).toEqual(before)

    // A failed run after a published one still removes its own staging folder.
    const failed = path.join(work, 'in-process-failed')
    expect(await main(args(failed, '--timeout', '1'))).toBe(1)
    expect(existsSync(failed)).toBe(false)
    expect(stagingLeftovers(failed)).toEqual([])
    expect(listeners()).toEqual(before)

    const two = path.join(work, 'in-process-2')
    expect(await main(args(two))).toBe(0)
    expect(readdirSync(two).sort()).toEqual(files)
    expect(stagingLeftovers(two)).toEqual([])
    expect(listeners()).toEqual(before)
    expect(sha256File(path.join(two, `${deck.exportName}.pdf`))).toBe(sha256File(path.join(one, `${deck.exportName}.pdf`)))
  }, 240_000)
})

describe('export: staging folders of killed runs', () => {
  it('removes those a killed run left behind, but never one of an export still running', async () => {
    const out = path.join(work, 'killed')
    // Once the run is writing, end it the hard way: no clean-up can run.
    const kill = signalOnceWriting(out, 'SIGKILL', 1500)
    const first = await runExport(['--out', out, '--range', '1-3'], { onSpawn: kill.onSpawn })
    expect(kill.sent()).toBe(true)
    expect(first.signal).toBe('SIGKILL')
    const left = stagingLeftovers(out)
    expect(left.length).toBe(1)
    // A folder named for a process that is running (this test) stands for an export in progress.
    const running = `.${path.basename(out)}.tmp-${process.pid}-live`
    mkdirSync(path.join(path.dirname(out), running))
    const second = await runExport(['--out', out, '--range', '1', '--format', 'pdf'])
    expect(second.code, second.stderr).toBe(0)
    expect(second.stderr).toContain(`removed 1 staging folder left by an interrupted run`)
    expect(stagingLeftovers(out)).toEqual([running])
    rmSync(path.join(path.dirname(out), running), { recursive: true })
  }, 180_000)
})

describe('export: bad options', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['an unknown format', ['--format', 'pdf,gif'], /^export: --format pdf,gif: unknown format "gif"/m],
    ['a format PowerPoint does not call pptx', ['--format', 'pptx,ppt'], /^export: --format pptx,ppt: unknown format "ppt"; choose from pdf, png, handout, pptx/m],
    ['slide 0', ['--range', '0'], /^export: --range "0": slides are numbered from 1/m],
    ['a backwards range', ['--range', '5-2'], /^export: --range "5-2" runs backwards/m],
    ['a slide past the end', ['--range', '99'], /^export: --range "99": the deck has \d+ slides/m],
    ['a bad scale', ['--scale', '0'], /^export: --scale 0: expected a positive number/m],
    ['an unknown option', ['--colour', 'red'], /^export: unknown option '--colour'/m],
    ['--dark', ['--dark'], /^export: --dark is not offered: the deck forces a light colour schema/m],
    ['a browser path that does not exist', ['--browser', '/nonexistent/chromium'], /^export: --browser \/nonexistent\/chromium: no such file/m],
  ]

  // Each case is a separate process that fails during option checks; running them together saves time.
  it.concurrent.for(cases)('rejects %s and writes nothing', { timeout: 60_000 }, async ([, args, message], { expect }) => {
    const out = path.join(work, `bad-${args.join('-').replace(/\W+/g, '_')}`)
    const result = await runExport(['--out', out, ...args])
    expect(result.code).not.toBe(0)
    expect(result.stderr).toMatch(message)
    expect(result.stderr).not.toMatch(/\n\s+at /)
    expect(existsSync(out)).toBe(false)
    expect(stagingLeftovers(out)).toEqual([])
  })

  it('rejects an --out it cannot write and writes nothing', async () => {
    const file = path.join(work, 'a-file')
    writeFileSync(file, 'not a folder')
    const out = path.join(file, 'exports')
    const result = await runExport(['--out', out])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^export: --out .*a-file\/exports: .*(not a folder|is a file)/m)
    expect(readFileSync(file, 'utf8')).toBe('not a folder')
    expect(readdirSync(work).filter(n => n.startsWith('.a-file'))).toEqual([])
  }, 60_000)

  it('prints usage for --help', async () => {
    const result = await runExport(['--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^Usage: npm run export -- \[options\]/)
    for (const option of ['--out', '--format', '--scale', '--range', '--browser', '--fresh', '--placeholders', '--timeout', '--quiet'])
      expect(result.stdout).toContain(option)
  }, 60_000)
})

describe('export helpers', () => {
  it('parses slide ranges and rejects bad ones', () => {
    expect(parseRange('1,3-5', 6)).toEqual([1, 3, 4, 5])
    expect(parseRange(' 4 , 2-3,2 ', 6)).toEqual([2, 3, 4])
    expect(() => parseRange('0', 6)).toThrow(/numbered from 1/)
    expect(() => parseRange('5-2', 6)).toThrow(/backwards/)
    expect(() => parseRange('7', 6)).toThrow(/has 6 slides/)
    expect(() => parseRange('1,,2', 6)).toThrow(/empty/)
    expect(() => parseRange('a', 6)).toThrow(/not a slide number/)
  })

  it('tells a blank PNG from a drawn one, whatever filters the encoder chose', () => {
    const make = (paint: (png: PNG) => void, filterType: number) => {
      const png = new PNG({ width: 64, height: 48, filterType })
      png.data.fill(0)
      for (let i = 0; i < png.data.length; i += 4)
        png.data.writeUInt32BE(0xF5F3EEFF, i)
      paint(png)
      return PNG.sync.write(png, { filterType })
    }
    for (const filter of [0, 1, 2, 3, 4]) {
      expect(pngFacts(make(() => {}, filter))).toEqual({ width: 64, height: 48, uniform: true })
      const dot = make(png => png.data.writeUInt32BE(0x102030FF, ((47 * 64) + 63) * 4), filter)
      expect(pngFacts(dot).uniform).toBe(false)
    }
  })

  it('tells a blank PNG from a drawn one in a large uncompressed picture, wherever the one differing pixel is', () => {
    // Stored uncompressed, so the data is large: a dot in the top rows or in the last pixel must be found.
    const make = (dot?: { x: number, y: number }) => {
      const png = new PNG({ width: 400, height: 300 })
      for (let i = 0; i < png.data.length; i += 4)
        png.data.writeUInt32BE(0xF5F3EEFF, i)
      if (dot)
        png.data.writeUInt32BE(0x102030FF, ((dot.y * 400) + dot.x) * 4)
      return PNG.sync.write(png, { deflateLevel: 0, filterType: 2 })
    }
    expect(make().length).toBeGreaterThan(400_000)
    expect(pngFacts(make())).toEqual({ width: 400, height: 300, uniform: true })
    expect(pngFacts(make({ x: 5, y: 2 })).uniform).toBe(false)
    expect(pngFacts(make({ x: 399, y: 299 })).uniform).toBe(false)
  })

  it('renders notes markdown as safe HTML', () => {
    expect(notesToHtml('Hello **world** <script>x</script>\n\n- one\n- two `a<b`')).toBe(
      '<p>Hello <strong>world</strong> &lt;script&gt;x&lt;/script&gt;</p>\n<ul><li>one</li><li>two <code>a&lt;b</code></li></ul>',
    )
  })

  it('hashes the build inputs: a change to one rebuilds, an unrelated file does not', async () => {
    const project = path.join(work, 'project')
    mkdirSync(path.join(project, 'components'), { recursive: true })
    mkdirSync(path.join(project, 'data'), { recursive: true })
    writeFileSync(path.join(project, 'slides.md'), '# One\n')
    writeFileSync(path.join(project, 'components', 'Box.vue'), '<template><div /></template>\n')
    writeFileSync(path.join(project, 'data', 'index.ts'), 'export const n = 1\n')
    writeFileSync(path.join(project, 'package-lock.json'), '{}\n')
    const md = [path.join(project, 'slides.md')]
    const base = await hashInputs(project, md)
    expect(base.files).toEqual(['components/Box.vue', 'data/index.ts', 'package-lock.json', 'slides.md'])
    writeFileSync(path.join(project, 'README.md'), 'notes\n')
    expect((await hashInputs(project, md)).hash).toBe(base.hash)
    writeFileSync(path.join(project, 'data', 'index.ts'), 'export const n = 2\n')
    const changed = await hashInputs(project, md)
    expect(changed.hash).not.toBe(base.hash)
    mkdirSync(path.join(project, 'setup'))
    writeFileSync(path.join(project, 'setup', 'main.ts'), 'export default () => {}\n')
    expect((await hashInputs(project, md)).hash).not.toBe(changed.hash)
  })

  it('serves a folder on loopback with the right types, a fallback page and no way out', async () => {
    const site = path.join(work, 'site')
    mkdirSync(path.join(site, 'assets'), { recursive: true })
    writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>deck</title>')
    writeFileSync(path.join(site, 'assets', 'font.woff2'), Buffer.from([0x77, 0x4F, 0x46, 0x32]))
    writeFileSync(path.join(work, 'secret.txt'), 'outside')
    const server = await serveDir(site, { base: '/deck/' })
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/deck\/$/)
      const font = await fetch(new URL('assets/font.woff2', server.url))
      expect(font.status).toBe(200)
      expect(font.headers.get('content-type')).toBe('font/woff2')
      expect(Buffer.from(await font.arrayBuffer())).toEqual(Buffer.from([0x77, 0x4F, 0x46, 0x32]))
      const page = await fetch(new URL('some/route', server.url))
      expect(page.status).toBe(200)
      expect(page.headers.get('content-type')).toMatch(/^text\/html/)
      expect(await page.text()).toContain('<title>deck</title>')
      expect((await fetch(new URL('missing.js', server.url))).status).toBe(404)
      expect((await fetch(new URL('/deck/%2e%2e/secret.txt', server.url))).status).not.toBe(200)
      expect((await fetch(new URL('/elsewhere/index.html', server.url))).status).toBe(404)
    }
    finally {
      await server.close()
    }
  })
})
