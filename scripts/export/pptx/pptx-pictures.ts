/**
 * The PowerPoint's pictures: each graphic the reading pass found (`PictureShape`) is captured
 * from the print view as a PNG at the export's scale, over a DevTools session, so the file shows
 * it exactly as the slide does. Runs after the reading pass and before the next format.
 */
import type { BrowserContext, Page } from 'playwright-chromium'
import { CliError } from '../../shared/errors'
import type { PictureShape, SlideView } from './slide-view'
import type { RunControl } from '../run'

const STYLE_ID = 'deck-export-picture-capture'

/**
 * A script that hides everything but the picture `p` (and, unless it is a background, what it
 * holds), page backgrounds included. Its element carries `data-export-picture` (pptx-collect-in-page.ts).
 */
function isolate(p: PictureShape): string {
  const own = `[data-export-picture="${p.target}"]`
  const css = [
    'html, body { background: transparent !important; }',
    'body * { visibility: hidden !important; }',
    `${own} { visibility: visible !important; }`,
    p.backdrop ? '' : `${own} * { visibility: visible !important; }`,
  ].join('\n')
  return `(() => { const s = document.createElement('style'); s.id = ${JSON.stringify(STYLE_ID)}; s.textContent = ${JSON.stringify(css)}; document.head.append(s) })()`
}

const RESTORE = `document.getElementById(${JSON.stringify(STYLE_ID)})?.remove()`

/** Captures every picture of `views` in place (sets `png`); returns how many there were. */
export async function capturePictures(run: RunControl, page: Page, context: BrowserContext, views: SlideView[], scale: number): Promise<number> {
  const pictures = views.flatMap(v => v.nodes.filter((n): n is PictureShape => n.kind === 'picture').map(p => ({ slide: v.number, p })))
  if (!pictures.length)
    return 0
  const cdp = await context.newCDPSession(page)
  try {
    // Pictures are captured alone, on a transparent page: text or an arrow that overlaps one
    // stays out of it, and the slide's own fill is the PowerPoint's, drawn under it.
    await cdp.send('Emulation.setDefaultBackgroundColorOverride', { color: { r: 0, g: 0, b: 0, a: 0 } })
    const view = await page.evaluate(() => ({ top: window.scrollY, height: window.innerHeight }))
    let scrolled = false
    for (const { slide, p } of pictures) {
      const { x, y, w, h } = p.pageRect
      await run.step({ step: `capturing a picture (${p.what}) for the PowerPoint`, slide }, async () => {
        // Scrolling only when the picture is out of the window keeps the page as the other formats left it.
        if (y < view.top || y + h > view.top + view.height) {
          view.top = Math.max(0, Math.floor(y))
          scrolled = true
          await cdp.send('Runtime.evaluate', { expression: `window.scrollTo(0, ${view.top})`, returnByValue: true })
        }
        await cdp.send('Runtime.evaluate', { expression: isolate(p), returnByValue: true })
        try {
          const shot = await cdp.send('Page.captureScreenshot', { format: 'png', clip: { x, y, width: w, height: h, scale }, fromSurface: true })
          p.png = Buffer.from(shot.data, 'base64')
        }
        finally {
          await cdp.send('Runtime.evaluate', { expression: RESTORE, returnByValue: true })
        }
      })
      if (!p.png?.length)
        throw new CliError(`slide ${slide}: the capture of a picture (${p.what}) for the PowerPoint came back empty`)
    }
    if (scrolled)
      await cdp.send('Runtime.evaluate', { expression: 'window.scrollTo(0, 0)', returnByValue: true })
  }
  finally {
    await cdp.send('Emulation.setDefaultBackgroundColorOverride', {}).catch(() => {})
    await cdp.detach().catch(() => {})
  }
  return pictures.length
}
