/**
 * The PowerPoint's pictures: each graphic the reading pass found (`PictureShape`) is captured
 * from the print view as a PNG at the export's scale, over a DevTools session, so the file shows
 * it exactly as the slide does. Runs after the reading pass and before the next format.
 */
import type { BrowserContext, Page } from 'playwright-chromium'
import { CliError } from './errors'
import type { PictureShape, SlideView } from './pptx-view'
import type { RunControl } from './run'

/** Captures every picture of `views` in place (sets `png`); returns how many there were. */
export async function capturePictures(run: RunControl, page: Page, context: BrowserContext, views: SlideView[], scale: number): Promise<number> {
  const pictures = views.flatMap(v => v.nodes.filter((n): n is PictureShape => n.kind === 'picture').map(p => ({ slide: v.number, p })))
  if (!pictures.length)
    return 0
  const cdp = await context.newCDPSession(page)
  try {
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
        const shot = await cdp.send('Page.captureScreenshot', { format: 'png', clip: { x, y, width: w, height: h, scale }, fromSurface: true })
        p.png = Buffer.from(shot.data, 'base64')
      })
      if (!p.png?.length)
        throw new CliError(`slide ${slide}: the capture of a picture (${p.what}) for the PowerPoint came back empty`)
    }
    if (scrolled)
      await cdp.send('Runtime.evaluate', { expression: 'window.scrollTo(0, 0)', returnByValue: true })
  }
  finally {
    await cdp.detach().catch(() => {})
  }
  return pictures.length
}
