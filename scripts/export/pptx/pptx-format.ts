/**
 * The editable PowerPoint: the print view is read back in the browser (pptx-collect-in-page.ts),
 * turned into native pieces (text runs, shapes, charts, tables, pictures) in this process
 * (pptx-interpret.ts), and pptxgenjs builds the file (pptx-build.ts) while the browser goes on
 * with the next format.
 */
import { CliError } from '../../shared/errors'
import { collectorSource } from './pptx-collect-in-page'
import { interpretSlides } from './pptx-interpret'
import { PptxSlideError } from './pptx-common'
import type { CollectedSlide } from './collected-slide'
import { capturePictures } from './pptx-pictures'
import { formatBytes } from '../run'
import type { ExportFormat } from '../format-types'

/** A slide's fault (a PptxSlideError) as the message that names the slide and the step; anything else as it is. */
function slideError(error: unknown): unknown {
  return error instanceof PptxSlideError ? new CliError(`slide ${error.slide}: ${error.step} for the PowerPoint failed: ${error.message}`) : error
}

function named<T>(work: () => T): T {
  try {
    return work()
  }
  catch (error) {
    throw slideError(error)
  }
}

export const pptxFormat: ExportFormat<'pptx'> = {
  name: 'pptx',
  title: 'the PowerPoint',
  help: { file: '<name>.pptx', about: ['editable PowerPoint: native text, charts and tables,', 'speaker notes; names the fonts rather than embedding them'] },
  clickSteps: 'the PowerPoint shows each slide once, in its final state',
  // Capturing a picture hides the rest of the page for a moment and shows it again.
  page: { use: 'reads', before: 'reading the slides for the PowerPoint' },
  async render({ run, print: { page, context }, deck, numbers, options, metadata, titleOf }) {
    const collected = await run.step({ step: 'reading the slides for the PowerPoint' }, () => page.evaluate<string>(collectorSource(numbers)))
    const views = named(() => interpretSlides(JSON.parse(collected) as CollectedSlide[]))
    await capturePictures(run, page, context, views, options.scale)
    run.mark('pptx read')
    const file = `${deck.exportName}.pptx`
    const work = import('./pptx-build').then(async ({ buildPptx, checkPptx, PptxSlideError }) => {
      let bytes: Uint8Array
      try {
        bytes = await buildPptx({
          title: deck.title,
          author: deck.author,
          subject: deck.subject,
          lang: deck.lang,
          canvasWidth: deck.canvasWidth,
          canvasHeight: deck.canvasHeight,
          date: metadata.date,
          slides: views.map(view => ({ number: view.number, title: titleOf(view.number), notes: deck.slides[view.number - 1]!.note, view })),
        })
      }
      catch (error) {
        throw slideError(error)
      }
      const problem = await checkPptx(bytes, numbers)
      if (problem)
        throw new CliError(`${problem.slide ? `slide ${problem.slide}: ` : ''}the PowerPoint check failed: ${problem.message}`)
      await run.store(file, bytes)
      return {
        files: [{ kind: 'pptx' as const, file, bytes, pages: numbers.length }],
        summary: `${file} ${formatBytes(bytes.length)}`,
      }
    })
    return { finished: run.inBackground('building the PowerPoint', work) }
  },
}
