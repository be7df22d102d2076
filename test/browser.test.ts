/**
 * The deck as an audience meets it: built once as a static site under a sub-path, served from
 * loopback and presented in headless Chromium. Covers loading with no network, accessibility
 * (axe, chart text, Chinese lang, keyboard), fit on the 980×551 canvas, presenter view, pixel
 * baselines in test/baselines (rewritten on purpose with `npm run test:baselines`), what opening
 * the deck costs, and the forced light theme.
 */
import path from 'node:path'
import type { BrowserContext, Page } from 'playwright-chromium'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { clickSteps } from '../lib/budget'
import { measureOpen } from '../scripts/bench/bench-open'
import type { OpenMeasurement } from '../scripts/bench/bench-open'
import { cleanNote, plainText } from '../scripts/shared/deck'
import { axeViolations } from './support/browser-axe'
import { CANVAS, currentSlideNo, DECK_BASE, openDeck, showSlide, slideUrl, VIEWPORT, waitForSlide } from './support/browser-deck'
import type { DeckSession } from './support/browser-deck'
import { PageLog } from './support/browser-log'
import { fontFilesNeeded, hasChinese, probeCharts, probeChineseLang, probeFill, probeLayout } from './support/browser-probe'
import type { SlideFill, SlideLayout } from './support/browser-probe'
import { checkAgainstBaseline, MAX_DIFF_RATIO, UPDATING } from './support/browser-visual'
import type { VisualResult } from './support/browser-visual'
import { loadSlides } from './support/slides'

const slides = loadSlides()
const TOTAL = slides.length
const DECK_TITLE = plainText(String(slides[0]!.frontmatter.title))
const numbers = slides.map((_, i) => i + 1)
const CANVAS_HEIGHT = CANVAS.height

/**
 * Budget for opening the deck: everything slide 1 needs, fonts included. 1.5 MB is what a
 * conference-room or hotel connection loads in a few seconds; the Chinese font alone would be
 * several megabytes if it were not split into subsets loaded on demand.
 */
const OPEN_BUDGET_BYTES = 1_500_000

/**
 * How far down the canvas every content slide's content must reach in its final state (every
 * click shown, as the plain export and the audience's last look have it). Below this, the lower
 * part of a projected slide sits empty while its text is set smaller than it could be: rebalance
 * by setting the points larger, spreading them, or giving the slide the figure it lacks, never by
 * adding words. A slide that builds starts spare on purpose, so its first step is not held to it.
 */
const MIN_FILL = 0.78
/** Title and section slides stand alone on purpose and are not held to the floor. */
const FILL_EXEMPT = new Set(['cover', 'section', 'center', 'intro', 'end'])

/** The canvas is the slide: shot at scale 1, without the pixel row Slidev adds by rounding 551.25 up. */
const SHOT = { x: 0, y: 0, width: 980, height: 551 }

let deck: DeckSession
let context: BrowserContext
let page: Page
let log: PageLog

interface Visit {
  n: number
  documentTitle: string
  layout: SlideLayout
  /** The layout with every click shown */
  finalLayout: SlideLayout
  /** The fill with every click shown */
  fill: SlideFill
  lang: string[]
  chinese: boolean
  charts: { charts: number, problems: string[] }
  axe: string[]
  visual: VisualResult
}
const visits: Visit[] = []
let firstShot: Buffer | undefined
let firstShotAgain: Buffer | undefined

async function shoot(target: Page): Promise<Buffer> {
  return target.screenshot({ clip: SHOT, animations: 'disabled', caret: 'hide', scale: 'css' })
}

beforeAll(async () => {
  deck = await openDeck()
  context = await deck.browser.newContext({ viewport: VIEWPORT, colorScheme: 'light', reducedMotion: 'reduce' })
  page = await context.newPage()
  log = new PageLog(page, new URL(deck.server.url).origin)

  // One pass over the deck collects everything the per-slide checks below need, so each slide
  // is opened once.
  for (const n of numbers) {
    log.where = `slide ${n}`
    await showSlide(page, deck.server, n)
    const png = await shoot(page)
    if (n === 1)
      firstShot = png
    visits.push({
      n,
      documentTitle: await page.title(),
      layout: await probeLayout(page, n),
      lang: await probeChineseLang(page, `#slide-content .slidev-page-${n}`),
      chinese: await hasChinese(page, n),
      charts: await probeCharts(page, n),
      axe: await axeViolations(page),
      visual: checkAgainstBaseline(n, png),
      // Then the slide's final state: `?clicks=` past its last step shows every v-click.
      ...await (async () => {
        await page.goto(`${slideUrl(deck.server, n)}?clicks=999`)
        await waitForSlide(page, n)
        return { finalLayout: await probeLayout(page, n), fill: await probeFill(page, n) }
      })(),
    })
  }
  log.where = 'slide 1, second visit'
  await showSlide(page, deck.server, 1)
  firstShotAgain = await shoot(page)
})

afterAll(async () => {
  await deck?.close()
})

describe('the built deck, under a sub-path, in Chromium', () => {
  test('every slide loads from the local server alone, with no failed request and no console error', () => {
    expect(visits.map(v => v.n)).toEqual(numbers)
    expect(log.lines()).toEqual([])
  })

  test('every page is titled with the deck title', () => {
    const wrong = visits.filter(v => !v.documentTitle.includes(DECK_TITLE)).map(v => `slide ${v.n}: title is “${v.documentTitle}”`)
    expect(wrong).toEqual([])
  })

  test('axe finds no accessibility violation on any slide', () => {
    expect(visits.flatMap(v => v.axe.map(line => `slide ${v.n}: ${line}`))).toEqual([])
  })

  test('every run of Chinese text is marked lang="zh-…"', () => {
    expect(visits.flatMap(v => v.lang.map(line => `slide ${v.n}: ${line}`))).toEqual([])
  })

  test('every chart is an image with a text alternative', () => {
    expect(visits.flatMap(v => v.charts.problems.map(line => `slide ${v.n}: ${line}`))).toEqual([])
    // The deck has two charts; a probe that found none would prove nothing.
    expect(visits.reduce((sum, v) => sum + v.charts.charts, 0)).toBeGreaterThanOrEqual(2)
  })

  test('the canvas is measured unscaled', () => {
    expect(visits.filter(v => Math.abs(v.layout.scale - 1) > 1e-6).map(v => `slide ${v.n}: scale ${v.layout.scale}`)).toEqual([])
    expect(visits.filter(v => v.layout.measured < 2).map(v => `slide ${v.n}: only ${v.layout.measured} text elements found`)).toEqual([])
  })

  test('no text runs off the canvas', () => {
    expect(visits.flatMap(v => [...v.layout.overflow, ...v.finalLayout.overflow].map(line => `slide ${v.n}: ${line}`))).toEqual([])
  })

  test(`every content slide's content reaches at least ${MIN_FILL * 100} % down the canvas, and nothing past it`, () => {
    const content = visits.filter(v => !FILL_EXEMPT.has(v.fill.layout))
    // A probe that skipped every slide would prove nothing.
    expect(content.length).toBeGreaterThanOrEqual(TOTAL - 4)
    const short = content.filter(v => v.fill.share < MIN_FILL).map(v =>
      `slide ${v.n}: content ends at ${Math.round(v.fill.bottom)} px of ${Math.round(CANVAS_HEIGHT)} (${(v.fill.share * 100).toFixed(0)} %), lowest is ${v.fill.lowest}; rebalance the slide`)
    const over = visits.filter(v => v.fill.bottom > CANVAS_HEIGHT + 0.5).map(v =>
      `slide ${v.n}: ${v.fill.lowest} ends at ${v.fill.bottom.toFixed(1)} px, past the ${Math.round(CANVAS_HEIGHT)} px canvas`)
    const lowest = [...content].sort((a, b) => a.fill.share - b.fill.share)[0]!
    console.info(`canvas fill: lowest content slide is ${lowest.n} at ${(lowest.fill.share * 100).toFixed(1)} % (${Math.round(lowest.fill.bottom)} px); floor ${MIN_FILL * 100} %`)
    expect([...short, ...over]).toEqual([])
  })

  test('no two text blocks overlap', () => {
    expect(visits.flatMap(v => [...v.layout.overlaps, ...v.finalLayout.overlaps].map(line => `slide ${v.n}: ${line}`))).toEqual([])
  })

  test('no text is set below 14 px on the 980 px canvas', () => {
    expect(visits.flatMap(v => [...v.layout.tooSmall, ...v.finalLayout.tooSmall].map(line => `slide ${v.n}: ${line}`))).toEqual([])
  })

  test('screenshots are stable within a run', () => {
    expect(firstShot && firstShotAgain && firstShot.equals(firstShotAgain), 'slide 1 rendered differently on a second visit').toBe(true)
  })

  test.skipIf(UPDATING)(`every slide matches its baseline image (at most ${+(MAX_DIFF_RATIO * 100).toPrecision(3)} % of pixels differ)`, () => {
    const failed = visits.map(v => v.visual).filter(r => r.status === 'different' || r.status === 'size changed' || r.status === 'no baseline')
    const lines = failed.map(r => r.status === 'different'
      ? `slide ${r.slide}: ${r.diffPixels} pixels (${(r.ratio * 100).toFixed(3)} %) differ; see ${r.diffFile}`
      : `slide ${r.slide}: ${r.status}; run \`npm run test:baselines\` if the change is intended`)
    expect(lines).toEqual([])
  })
})

describe('keyboard only', () => {
  test('→, ←, space, Home, End and o move through the deck', async () => {
    log.where = 'keyboard'
    await showSlide(page, deck.server, 1)
    const overview = page.locator('.fixed.z-modal.overflow-y-auto')
    // Slide 2 builds: → shows its points one by one before it moves on to slide 3.
    const builds = clickSteps(slides[1]!.content)
    const steps: Array<[key: string, slide: number]> = [
      ['ArrowRight', 2],
      ...Array.from({ length: builds }, (): [string, number] => ['ArrowRight', 2]),
      ['ArrowRight', 3],
      ['ArrowLeft', 2],
      [' ', 3],
      ['End', TOTAL],
      ['ArrowLeft', TOTAL - 1],
      ['Home', 1],
      ['Space', 2],
    ]
    for (const [key, slide] of steps) {
      await page.keyboard.press(key)
      await expect.poll(() => currentSlideNo(page), { message: `after ${key}` }).toBe(slide)
    }
    // The overview opens over the current slide, arrows move its highlight, Enter goes there.
    await page.keyboard.press('o')
    await expect.poll(() => overview.isVisible(), { message: 'o opens the overview' }).toBe(true)
    expect(await currentSlideNo(page)).toBe(2)
    await expect.poll(() => overview.evaluate(el => getComputedStyle(el).opacity), { message: 'overview fades in' }).toBe('1')
    expect(await axeViolations(page), 'axe, with the overview open').toEqual([])
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    expect(await currentSlideNo(page), 'arrows in the overview only move its highlight').toBe(2)
    await page.keyboard.press('Enter')
    await expect.poll(() => currentSlideNo(page), { message: 'Enter in the overview' }).toBe(4)
    await expect.poll(() => overview.isVisible(), { message: 'Enter closes the overview' }).toBe(false)
    await page.keyboard.press('o')
    await expect.poll(() => overview.isVisible()).toBe(true)
    await page.keyboard.press('Escape')
    await expect.poll(() => overview.isVisible(), { message: 'Escape closes the overview' }).toBe(false)
    expect(await currentSlideNo(page)).toBe(4)
    await waitForSlide(page, 4)
    expect(log.lines().filter(line => line.startsWith('keyboard:'))).toEqual([])
  })
})

describe('presenter view', () => {
  let presenter: Page
  let presenterLog: PageLog
  let presenterContext: BrowserContext

  beforeAll(async () => {
    // A context of its own: Slidev keeps play and presenter windows of one browser in step.
    presenterContext = await deck.browser.newContext({ viewport: { width: 1280, height: 720 }, colorScheme: 'light', reducedMotion: 'reduce' })
    presenter = await presenterContext.newPage()
    presenterLog = new PageLog(presenter, new URL(deck.server.url).origin)
  })

  afterAll(async () => {
    await presenterContext?.close()
  })

  test.each([1, 9, TOTAL])('slide %i shows the slide, the next one and its notes, and passes axe', async (n) => {
    presenterLog.where = `presenter, slide ${n}`
    // At the slide's last click, so that the next pane shows the next slide, not its next step.
    await presenter.goto(`${deck.server.url}#/presenter/${n}?clicks=999`)
    await waitForSlide(presenter, n, '.grid-section.main')
    expect(await currentSlideNo(presenter)).toBe(n)

    const current = presenter.locator(`.grid-section.main .slidev-page-${n} h1`)
    expect(plainText(await current.innerText())).toBe(plainText(String(slides[n - 1]!.title)))

    const next = presenter.locator('.grid-section.next')
    if (n < TOTAL) {
      await expect.poll(() => next.locator(`.slidev-page-${n + 1} h1`).count()).toBe(1)
      expect(plainText(await next.locator(`.slidev-page-${n + 1} h1`).innerText())).toBe(plainText(String(slides[n]!.title)))
    }
    else {
      expect(await next.innerText()).toContain('End of the presentation')
    }

    const notes = presenter.locator('.grid-section.note .slidev-note')
    await expect.poll(() => notes.count()).toBe(1)
    const shown = (await notes.innerText()).replace(/\s+/g, ' ').trim()
    expect(shown).toBe(plainText(cleanNote(slides[n - 1]!.note)))

    expect(await probeChineseLang(presenter, 'body')).toEqual([])
    expect((await axeViolations(presenter)).map(line => `presenter, slide ${n}: ${line}`)).toEqual([])
    expect(presenterLog.lines()).toEqual([])
  })

  test('the notes follow the clicks: each [click] is a marker, and the one being said is marked', async () => {
    const n = slides.findIndex(s => (s.note?.match(/\[click\]/g)?.length ?? 0) >= 3) + 1
    expect(n, 'no slide has three [click] markers in its notes').toBeGreaterThan(0)
    presenterLog.where = `presenter, slide ${n}, click 2`
    await presenter.goto(`${deck.server.url}#/presenter/${n}?clicks=2`)
    await waitForSlide(presenter, n, '.grid-section.main')
    const marks = presenter.locator('.grid-section.note .slidev-note-click-mark')
    await expect.poll(() => marks.count()).toBe(slides[n - 1]!.note!.match(/\[click\]/g)!.length)
    const active = presenter.locator('.grid-section.note .slidev-note-click-mark-active')
    await expect.poll(() => active.count()).toBe(1)
    expect(await active.getAttribute('data-clicks')).toBe('2')
    expect(presenterLog.lines()).toEqual([])
  })
})

describe('a reader with a dark system theme', () => {
  test('still sees the light deck', async () => {
    const dark = await deck.browser.newContext({ viewport: VIEWPORT, colorScheme: 'dark' })
    try {
      const darkPage = await dark.newPage()
      for (const n of [1, 2]) {
        await darkPage.goto(slideUrl(deck.server, n))
        await waitForSlide(darkPage, n)
        const look = await darkPage.evaluate((no) => {
          const layout = document.querySelector(`#slide-content .slidev-page-${no} .slidev-layout`)!
          const channels = (css: string) => (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number)
          return {
            dark: document.documentElement.classList.contains('dark'),
            scheme: getComputedStyle(document.documentElement).colorScheme,
            background: channels(getComputedStyle(layout).backgroundColor),
            text: channels(getComputedStyle(layout.querySelector('h1')!).color),
          }
        }, n)
        const luminance = ([r = 0, g = 0, b = 0]: number[]) => (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
        expect(look.dark, `slide ${n}: <html> has the dark class`).toBe(false)
        expect(look.scheme, `slide ${n}: color-scheme`).not.toContain('dark')
        expect(luminance(look.background), `slide ${n}: background ${look.background}`).toBeGreaterThan(0.9)
        expect(luminance(look.text), `slide ${n}: heading colour ${look.text}`).toBeLessThan(0.3)
      }
    }
    finally {
      await dark.close()
    }
  })
})

describe('opening the deck', () => {
  let open: OpenMeasurement

  beforeAll(async () => {
    open = await measureOpen({ dir: deck.dir, base: DECK_BASE, runs: 1, browser: deck.browser })
  })

  test(`slide 1 costs at most ${OPEN_BUDGET_BYTES / 1e6} MB, fonts included`, () => {
    const top = open.resources.slice(0, 5).map(r => `${r.path} ${r.bytes}`).join(', ')
    expect(open.bytesToFirstSlide, `largest: ${top}`).toBeLessThanOrEqual(OPEN_BUDGET_BYTES)
    expect(open.requests).toBeGreaterThan(3)
  })

  test('fetches only the Chinese font subsets slide 1 uses', async () => {
    await showSlide(page, deck.server, 1)
    const needed = await fontFilesNeeded(page, 1)
    const fetched = open.resources.map(r => path.basename(r.path)).filter(f => f.startsWith('noto-sans-sc'))
    expect(fetched.filter(f => !needed.includes(f))).toEqual([])
  })

  test('fetches Chinese font subsets for a slide that shows Chinese, and only those', async () => {
    const n = visits.find(v => v.chinese)?.n
    expect(n, 'no slide shows Chinese text').toBeDefined()
    const cold = await deck.browser.newContext({ viewport: VIEWPORT })
    try {
      const coldPage = await cold.newPage()
      const fonts: string[] = []
      coldPage.on('request', (request) => {
        if (request.resourceType() === 'font')
          fonts.push(path.basename(new URL(request.url()).pathname))
      })
      await showSlide(coldPage, deck.server, n!)
      const needed = await fontFilesNeeded(coldPage, n!)
      const noto = fonts.filter(f => f.startsWith('noto-sans-sc'))
      expect(noto.length, `slide ${n}: its Chinese text loaded no Noto Sans SC subset`).toBeGreaterThan(0)
      expect(noto.filter(f => !needed.includes(f)), `slide ${n}: subsets it does not use`).toEqual([])
    }
    finally {
      await cold.close()
    }
  })
})
