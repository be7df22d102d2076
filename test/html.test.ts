/**
 * The single-file HTML deck, as someone who receives it meets it: exported once, copied alone
 * into an empty folder and opened from file:// in Chromium with every request but the file
 * itself refused. Covers the size budget, what is inlined, every slide under the browser
 * suite's axe and layout checks, keys, hash routes, the presenter view with notes, and each
 * slide's pixels against the browser build's (test/baselines).
 */
import { clickSteps } from '../lib/budget'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import pixelmatch from 'pixelmatch'
import type { Browser, BrowserContext, Page } from 'playwright-chromium'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchChromium } from '../scripts/shared/chromium'
import { cleanNote, plainText } from '../scripts/shared/deck'
import { externalReferences, HTML_BUDGET_BYTES, showing, visitProblems, visitSingleFile } from '../scripts/export/html/html-check'
import type { FileVisit } from '../scripts/export/html/html-check'
import { readDeckFacts, runExport } from './export-helpers'
import { deckExport } from './support/shared-export'
import type { DeckFacts } from './export-helpers'
import { axeViolations } from './support/browser-axe'
import { currentSlideNo, VIEWPORT } from './support/browser-deck'
import { probeLayout } from './support/browser-probe'
import type { SlideLayout } from './support/browser-probe'
import { BASELINE_DIR, baselineName, OUTPUT_DIR, PIXEL_THRESHOLD } from './support/browser-visual'
import { loadSlides } from './support/slides'

const TOTAL = loadSlides().length

/**
 * Share of a slide's 980×551 pixels that may differ from the browser build's baseline, counted
 * by pixelmatch at the browser suite's per-pixel threshold. The single file renders the same
 * components with the same glyphs (the fonts are cut down, not replaced), so the figure should
 * be that of two runs of the browser build. 0.05 % (270 pixels) leaves room for a glyph whose
 * hinting changes when its font is subset, and stays well under a real change: a reworded source
 * line is over 100 pixels on its own and a missing Chinese glyph (a box or a fallback face)
 * several hundred, a block moved by a third of a pixel about 5,000.
 */
const MAX_SLIDE_DIFF = 0.0005

const SHOT = { x: 0, y: 0, width: 980, height: 551 }

const work = mkdtempSync(path.join(os.tmpdir(), 'deck-html-test-'))
const alone = path.join(work, 'alone')
let facts: DeckFacts
let htmlFile: string
let html: string
let url: string
let browser: Browser
let visit: FileVisit
const layouts = new Map<number, SlideLayout>()
const axe = new Map<number, string[]>()
const diffs = new Map<number, { pixels: number, ratio: number }>()

function compare(n: number, png: Buffer): { pixels: number, ratio: number } {
  const a = PNG.sync.read(readFileSync(path.join(BASELINE_DIR, baselineName(n))))
  const b = PNG.sync.read(png)
  if (a.width !== b.width || a.height !== b.height)
    return { pixels: Number.NaN, ratio: Number.NaN }
  const diff = new PNG({ width: a.width, height: a.height })
  const pixels = pixelmatch(a.data, b.data, diff.data, a.width, a.height, { threshold: PIXEL_THRESHOLD })
  const ratio = pixels / (a.width * a.height)
  if (ratio > MAX_SLIDE_DIFF) {
    mkdirSync(OUTPUT_DIR, { recursive: true })
    writeFileSync(path.join(OUTPUT_DIR, `html-${baselineName(n).replace('.png', '-diff.png')}`), PNG.sync.write(diff))
  }
  return { pixels, ratio }
}

beforeAll(async () => {
  facts = await readDeckFacts()
  const { out } = await deckExport()
  const name = `${facts.exportName}.html`
  mkdirSync(alone)
  copyFileSync(path.join(out, name), path.join(alone, name))
  htmlFile = path.join(alone, name)
  html = readFileSync(htmlFile, 'utf8')
  url = pathToFileURL(htmlFile).href
  browser = (await launchChromium()).browser
  visit = await visitSingleFile(browser, url, facts.slides.length, {
    timeoutMs: 30_000,
    async onSlide(page, n) {
      layouts.set(n, await probeLayout(page, n))
      axe.set(n, await axeViolations(page))
      diffs.set(n, compare(n, await page.screenshot({ clip: SHOT, animations: 'disabled', caret: 'hide', scale: 'css' })))
    },
  })
}, 300_000)

afterAll(async () => {
  await browser?.close().catch(() => {})
  rmSync(work, { recursive: true, force: true })
})

describe('the single-file HTML', () => {
  test(`is at most ${HTML_BUDGET_BYTES / 1e6} MB`, () => {
    const bytes = Buffer.byteLength(html)
    console.info(`single-file HTML: ${bytes} bytes (budget ${HTML_BUDGET_BYTES})`)
    expect(bytes).toBeLessThanOrEqual(HTML_BUDGET_BYTES)
  })

  test('refers to no other file: scripts, styles, fonts and pictures are in the page', () => {
    expect(externalReferences(html)).toEqual([])
    expect(html.match(/<script\b[^>]*\ssrc=/gi) ?? []).toEqual([])
    expect(html.match(/<link\b[^>]*rel="(?:stylesheet|modulepreload|preload)"/gi) ?? []).toEqual([])
    // Every face is a data: URL; a build that left them as files would fail above, one that
    // dropped them would show here.
    expect((html.match(/url\(["']?data:font\/woff2/g) ?? []).length).toBeGreaterThanOrEqual(5)
  })

  test('shows every slide from file:// with no request refused and no console error', () => {
    expect(visit.slides.map(v => v.slide)).toEqual(facts.slides.map(s => s.number))
    const refused = [...visit.slides, visit.other].reduce((sum, v) => sum + v.refused.length, 0)
    const errors = [...visit.slides, visit.other].reduce((sum, v) => sum + v.consoleErrors.length, 0)
    console.info(`single-file HTML from file://: ${refused} requests refused, ${errors} console errors`)
    expect(visitProblems(visit)).toEqual([])
  })

  test('axe finds no accessibility violation on any slide', () => {
    expect([...axe].flatMap(([n, lines]) => lines.map(line => `slide ${n}: ${line}`))).toEqual([])
    expect(axe.size).toBe(facts.slides.length)
  })

  test('no text runs off the canvas, overlaps other text or is set below 14 px', () => {
    const lines = [...layouts].flatMap(([n, l]) => [...l.overflow, ...l.overlaps, ...l.tooSmall].map(line => `slide ${n}: ${line}`))
    expect(lines).toEqual([])
    expect([...layouts].filter(([, l]) => l.measured < 2 || Math.abs(l.scale - 1) > 1e-6).map(([n]) => n)).toEqual([])
  })

  test(`every slide matches the browser build's image (at most ${MAX_SLIDE_DIFF * 100} % of pixels differ)`, () => {
    const rows = [...diffs].sort(([a], [b]) => a - b)
    const worst = [...rows].sort(([, a], [, b]) => b.ratio - a.ratio)[0]!
    console.info(`single file vs browser build: ${rows.map(([n, d]) => `${n}:${d.pixels}`).join(' ')}; worst slide ${worst[0]} with ${worst[1].pixels} pixels (${(worst[1].ratio * 100).toFixed(4)} %)`)
    expect(rows.length).toBe(facts.slides.length)
    expect(rows.filter(([, d]) => !(d.ratio <= MAX_SLIDE_DIFF)).map(([n, d]) => `slide ${n}: ${d.pixels} pixels (${(d.ratio * 100).toFixed(3)} %) differ; see test/.output/html-${baselineName(n).replace('.png', '-diff.png')}`)).toEqual([])
  })
})

describe('presenting from the single file', () => {
  let context: BrowserContext
  let page: Page

  beforeAll(async () => {
    context = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'light', reducedMotion: 'reduce' })
    // Nothing but the file itself, here as in the visit above.
    await context.route('**/*', route => route.request().url().split('#')[0] === url ? route.continue() : route.abort())
    page = await context.newPage()
  })

  afterAll(async () => {
    await context?.close()
  })

  test('a hash route opens its slide', async () => {
    await page.goto(`${url}#/5`)
    await showing(page, '#slide-content .slidev-page-5')
    expect(plainText(await page.locator('#slide-content .slidev-page-5 h1').innerText())).toBe(plainText(facts.slides[4]!.title))
  })

  test('→, ←, space, Home, End and o move through the deck', async () => {
    const total = facts.slides.length
    await page.goto(`${url}#/1`)
    await showing(page, '#slide-content .slidev-page-1')
    for (const [key, slide] of [['ArrowRight', 2], ['ArrowLeft', 1], [' ', 2], ['End', total], ['Home', 1]] as const) {
      await page.keyboard.press(key)
      await expect.poll(() => currentSlideNo(page), { message: `after ${key}` }).toBe(slide)
    }
    const overview = page.locator('.fixed.z-modal.overflow-y-auto')
    await page.keyboard.press('o')
    await expect.poll(() => overview.isVisible(), { message: 'o opens the overview' }).toBe(true)
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('Enter')
    await expect.poll(() => currentSlideNo(page), { message: 'Enter in the overview' }).toBe(2)
  })

  test('an audience window follows the presenter window of the same browser', async () => {
    const audience = await context.newPage()
    try {
      await audience.goto(`${url}#/1`)
      await showing(audience, '#slide-content .slidev-page-1')
      await page.goto(`${url}#/presenter/1`)
      await showing(page, '.grid-section.main .slidev-page-1')
      await page.keyboard.press('ArrowRight')
      await expect.poll(() => currentSlideNo(page)).toBe(2)
      // Slide 2 builds: → shows each of its points before it moves on.
      for (let i = 0; i <= clickSteps(loadSlides()[1]!.content); i++)
        await page.keyboard.press('ArrowRight')
      await expect.poll(() => currentSlideNo(page)).toBe(3)
      await expect.poll(() => currentSlideNo(audience), { message: 'the audience window did not follow' }).toBe(3)
    }
    finally {
      await audience.close()
    }
  })

  test.each([1, 9, TOTAL])('the presenter view of slide %i shows its notes', async (n) => {
    await page.goto(`${url}#/presenter/${n}`)
    await showing(page, `.grid-section.main .slidev-page-${n}`)
    const notes = page.locator('.grid-section.note .slidev-note')
    await expect.poll(() => notes.count()).toBe(1)
    expect((await notes.innerText()).replace(/\s+/g, ' ').trim()).toBe(plainText(cleanNote(facts.slides[n - 1]!.note)))
  })
})
