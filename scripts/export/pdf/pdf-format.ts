/** The slide PDF: one page per slide at the canvas size, tagged, with an outline of slide titles. */
import { CliError } from '../../shared/errors'
import { PRINT_OPTIONS } from '../print/print-page'
import { formatBytes } from '../run'
import type { ExportFormat } from '../format-types'

export const pdfFormat: ExportFormat<'pdf'> = {
  name: 'pdf',
  title: 'the PDF',
  help: { file: '<name>.pdf', about: ['one page per slide at the canvas size; tagged, with', 'bookmarks, metadata and embedded fonts'] },
  clickSteps: true,
  // pdf-lib, which finishes the file, loads while the browser starts.
  preload: () => import('./pdf-finish'),
  page: { use: 'reads', before: 'printing the PDF' },
  async render({ run, print: { page, steps }, deck, numbers, options, metadata, titleOf }) {
    const pdf = await import('./pdf-finish')
    const width = deck.canvasWidth
    const boxHeight = Math.ceil(deck.canvasHeight)
    const raw = await run.step({ step: 'printing the PDF' }, () => page.pdf({
      // One pixel of slack each way: Chromium rounds paper sizes, and a page
      // even a fraction smaller than the slide would push it onto two pages.
      width: `${width + 1}px`,
      height: `${boxHeight + 1}px`,
      ...PRINT_OPTIONS,
    }), options.timeoutMs * 2)
    run.mark('pdf printed')
    const file = `${deck.exportName}.pdf`
    const firstPage = new Map<number, number>()
    steps.forEach(({ slide }, i) => {
      if (!firstPage.has(slide))
        firstPage.set(slide, i)
    })
    return { finished: run.inBackground('finishing the PDF', pdf.finishPdf(raw, {
      metadata,
      // A bookmark per slide, at its first page (with --with-clicks a slide has a page per click step).
      outline: numbers.map(n => ({ title: titleOf(n), pageIndex: firstPage.get(n)! })),
      pageSize: { width: width * 0.75, height: deck.canvasHeight * 0.75 },
    }).then(async (done) => {
      if (done.pages !== steps.length)
        throw new CliError(`the PDF has ${done.pages} pages for ${steps.length === numbers.length ? `${numbers.length} slides` : `${steps.length} click steps of ${numbers.length} slides`}`, { hint: 'Chromium printed fewer pages than the print view holds slides. Export the deck in parts with --range to find the slides, and report the deck.' })
      if (!done.tagged)
        throw new CliError('the PDF came out untagged (no /StructTreeRoot)', { hint: 'Use a newer Chromium (tagged PDFs need Chromium 120 or later).' })
      await run.store(file, done.bytes)
      return {
        files: [{ kind: 'pdf', file, bytes: done.bytes, pages: done.pages }],
        slideFields: n => ({ pdfPage: firstPage.get(n)! + 1 }),
        summary: `${file} ${formatBytes(done.bytes.length)}`,
      }
    })) }
  },
}
