import type { Browser, Page } from 'playwright-chromium'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../scripts/shared/chromium'
import { inPageSteady, printViewInitScript, unsteadyReason } from '../scripts/export/print/print-in-page'
import type { SteadyView } from '../scripts/export/print/print-in-page'

// Two slide boxes as Slidev's print view lays them out, on a page of their own.
const PRINT_VIEW = `<!doctype html><html><head><style>body, p { margin: 0 }</style></head><body>
<div id="001-01" class="print-slide-container" style="width:980px;height:552px;background:#fff"><p id="text">one</p></div>
<div id="002-01" class="print-slide-container" style="width:980px;height:552px;background:#fff"><p>two</p></div>
</body></html>`

const box = (slide: number, top: number) => ({ slide, top, left: 0, width: 980, height: 552 })
const view = (over: Partial<SteadyView> = {}): SteadyView => ({ steady: true, frames: 2, fontsLoading: false, boxes: [box(1, 0), box(2, 552)], ...over })

describe('print view: the guard before a capture', () => {
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    ({ browser } = await launchChromium())
    page = await browser.newPage({ viewport: { width: 980, height: 1200 } })
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
  })

  /** The page holding `html`, with the print view's init script, whose helpers the functions run in the page use. */
  const show = async (html: string) => {
    await page.setContent(html)
    await page.addScriptTag({ content: printViewInitScript() })
  }

  it('finds a page that does not change steady after two frames, with each slide\'s box', async () => {
    await show(PRINT_VIEW)
    const steady = await page.evaluate(inPageSteady, 5000)
    expect(steady).toEqual({ steady: true, frames: 2, fontsLoading: false, boxes: [box(1, 0), box(2, 552)] })
  })

  it('waits out a page that changes for a while, then reports it steady', async () => {
    await show(PRINT_VIEW)
    // Changes every frame for 400 ms; the wait must not end before they do.
    await page.evaluate(() => {
      const page = window as unknown as { ticking: boolean }
      const until = performance.now() + 400
      page.ticking = true
      const tick = () => {
        document.getElementById('text')!.textContent = `at ${Math.round(performance.now())}`
        if (performance.now() < until)
          requestAnimationFrame(tick)
        else
          page.ticking = false
      }
      requestAnimationFrame(tick)
    })
    const steady = await page.evaluate(inPageSteady, 5000)
    expect(steady.steady).toBe(true)
    expect(await page.evaluate(() => (window as unknown as { ticking: boolean }).ticking)).toBe(false)
  })

  it('gives up on a page that never stops changing, and says so', async () => {
    await show(PRINT_VIEW)
    await page.evaluate(() => {
      let n = 0
      const tick = () => {
        document.getElementById('text')!.textContent = String(n++)
        requestAnimationFrame(tick)
      }
      requestAnimationFrame(tick)
    })
    const moving = await page.evaluate(inPageSteady, 300)
    expect(moving.steady).toBe(false)
    expect(unsteadyReason(moving)?.reason).toMatch(/^the page kept changing for \d+ frames$/)
  })
})

describe('print view: what makes a view unfit to capture', () => {
  it('accepts a steady view with every slide where it was', () => {
    expect(unsteadyReason(view(), [box(1, 0), box(2, 552)])).toBeUndefined()
    expect(unsteadyReason(view())).toBeUndefined()
  })

  it('names the slide that moved, and how', () => {
    expect(unsteadyReason(view({ boxes: [box(1, 0), box(2, 560)] }), [box(1, 0), box(2, 552)]))
      .toEqual({ slide: 2, reason: 'its top is 560 px, expected 552 px' })
  })

  it('rejects a view with other slides than expected, or fonts still loading', () => {
    expect(unsteadyReason(view({ boxes: [box(2, 0)] }), [box(1, 0), box(2, 552)])?.reason)
      .toBe('the print view shows slides 2, expected 1,2')
    expect(unsteadyReason(view({ fontsLoading: true }))?.reason).toBe('web fonts were still loading')
  })
})
