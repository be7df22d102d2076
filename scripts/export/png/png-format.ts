/**
 * One PNG per slide from the print view. Each capture is taken over a private DevTools
 * session (plain Page.captureScreenshot of a clip at the device scale: no per-shot font or
 * animation round-trips), and the check of one image overlaps the capture of the next.
 */
import type { CDPSession } from 'playwright-chromium'
import { CliError } from '../../shared/errors'
import { pngFacts } from './png-facts'
import { captureStride, ensureSteady, slidesPerViewport } from '../print/print-page'
import { inPageAlignForCapture, inPageRenderOnly } from '../print/print-in-page'
import { formatBytes } from '../run'
import type { ExportFormat, OutputFile } from '../format-types'

export const pngFormat: ExportFormat<'png'> = {
  name: 'png',
  title: 'the PNGs',
  help: { file: 'png/NN.png', about: ['one image per slide at --scale'] },
  clickSteps: true,
  slideProgress: true,
  // It spaces the slides out on the pixel grid for its captures, and checks them there itself.
  page: { use: 'keeps' },
  async render({ run, print: { page, context }, deck, numbers, options }) {
    const { scale } = options
    const pxWidth = Math.round(deck.canvasWidth * scale)
    const pxHeight = Math.round(deck.canvasHeight * scale)
    const boxHeight = Math.ceil(deck.canvasHeight)
    const stride = captureStride(boxHeight, scale)
    const boxes = await run.step({ step: 'preparing screenshots' }, () => page.evaluate(inPageAlignForCapture, stride))
    await ensureSteady(run, page, 'the screenshots', boxes)
    const cdp: CDPSession = await context.newCDPSession(page)
    const digits = Math.max(2, String(deck.slides.length).length)
    const files: OutputFile[] = []
    const stored: Array<Promise<unknown>> = []
    const counter = run.counter('png', boxes.length)
    let total = 0

    const check = (n: number, step: number, bytes: Buffer) => {
      const facts = pngFacts(bytes)
      if (facts.width !== pxWidth || facts.height !== pxHeight)
        throw new CliError(`slide ${n}: png is ${facts.width}×${facts.height}, expected ${pxWidth}×${pxHeight}`)
      if (facts.uniform)
        throw new CliError(`slide ${n}${options.withClicks ? ` (click step ${step})` : ''}: png is blank (every pixel the same colour)`, { hint: 'The slide did not render; open it in `npm run dev` to see why.' })
      const file = `png/${String(n).padStart(digits, '0')}${options.withClicks ? `-${String(step).padStart(2, '0')}` : ''}.png`
      files.push({ kind: 'png', file, slide: n, width: facts.width, height: facts.height })
      total += bytes.length
      // Written now, while the browser works on the next slide.
      stored.push(run.store(file, bytes))
      counter.tick(files.length)
    }

    // Captures go one at a time (Chromium positions each clip itself, so
    // overlapping requests would capture the same region), with one scroll per
    // viewport-full of slides. The next capture is requested before the last
    // image is checked, so the browser encodes while this process checks.
    // As many as the window shows: it is sized for the slides, and click steps can be more pages.
    const windowHeight = await page.evaluate(() => window.innerHeight)
    const perView = Math.max(1, Math.min(slidesPerViewport(boxHeight, scale), Math.floor(windowHeight / stride + 1e-6)))
    const capture = (box: typeof boxes[number]) => {
      const shot = cdp.send('Page.captureScreenshot', {
        format: 'png',
        clip: { x: box.left, y: box.top, width: pxWidth / scale, height: pxHeight / scale, scale },
        fromSurface: true,
        // Chromium's faster PNG settings: the same pixels, in files about a
        // quarter larger, captured noticeably quicker.
        optimizeForSpeed: true,
      })
      shot.catch(() => {})
      return shot
    }
    let scrolledFor = -1
    let pending: { box: typeof boxes[number], shot: ReturnType<typeof capture> } | undefined
    for (let i = 0; i <= boxes.length; i++) {
      let next: typeof pending
      const box = boxes[i]
      if (box) {
        const view = Math.floor(i / perView)
        if (view !== scrolledFor) {
          if (pending) {
            // Scrolling moves the page under an unfinished capture; let it land first.
            await run.step({ step: 'png screenshot', slide: pending.box.slide }, () => pending!.shot)
          }
          // Only the slides in the window are rendered: a long deck's others would cost every capture.
          await run.step({ step: 'png window', slide: box.slide }, () => page.evaluate(inPageRenderOnly, { from: view * perView, to: (view + 1) * perView }))
          await run.step({ step: 'png scroll', slide: box.slide }, () =>
            cdp.send('Runtime.evaluate', { expression: `window.scrollTo(0, ${box.top})`, returnByValue: true }))
          scrolledFor = view
        }
      }
      if (pending) {
        const result = await run.step({ step: 'png screenshot', slide: pending.box.slide }, () => pending!.shot)
        if (box) {
          next = { box, shot: capture(box) }
          // Let the request go out before this process gets busy checking.
          await new Promise(resolve => setImmediate(resolve))
        }
        run.at({ step: 'png check', slide: pending.box.slide })
        check(pending.box.slide, pending.box.step ?? 1, Buffer.from(result.data, 'base64'))
      }
      else if (box) {
        next = { box, shot: capture(box) }
      }
      pending = next
    }
    await run.step({ step: 'png window' }, () => page.evaluate(inPageRenderOnly, {}))
    await cdp.detach().catch(() => {})
    counter.end()
    run.mark('png')
    return { finished: run.inBackground('writing the PNGs', Promise.all(stored).then(() => ({
      files,
      summary: `${files.length} PNG${files.length === 1 ? '' : 's'} at ${scale}x ${formatBytes(total)}`,
    }))) }
  },
}
