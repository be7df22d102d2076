/** The handout: A4 pages, each slide scaled down with its speaker notes below. */
import { CliError } from '../../shared/errors'
import { HANDOUT_PAGE, handoutMentions, layoutHandout, undoHandout } from './handout-page'
import { handoutNotesHtml, readSlideEvidence } from './handout-notes'
import { checkFonts, ensureSteady, PRINT_OPTIONS } from '../print/print-page'
import { inPageLoadFonts } from '../print/print-in-page'
import { formatBytes } from '../run'
import type { ExportFormat } from '../format-types'

/** Text the handout adds around the slides, whose fonts may not be loaded yet. */
const HANDOUT_TEXT = '#handout-root > .handout-page > header, #handout-root > .handout-page > h2, #handout-root .handout-notes'

export const handoutFormat: ExportFormat<'handout'> = {
  name: 'handout',
  title: 'the handout',
  help: { file: '<name>-handout.pdf', about: ['A4 pages: each slide with its speaker notes below'] },
  clickSteps: 'the handout shows each slide once, in its final state',
  // It is finished as the slide PDF is, with pdf-lib, which loads while the browser starts.
  preload: () => import('../pdf/pdf-finish'),
  // It moves the slides into A4 frames, prints, and puts them back.
  page: { use: 'borrows', before: 'laying out the handout' },
  async render({ run, print: { page }, deck, numbers, options, metadata, titleOf }) {
    const pdf = await import('../pdf/pdf-finish')
    const evidence = await readSlideEvidence(deck.entry)
    const layout = await run.step({ step: 'laying out the handout' }, () => page.evaluate(layoutHandout, {
      deckTitle: deck.title,
      total: deck.slides.length,
      paper: HANDOUT_PAGE.paper,
      pageWidth: HANDOUT_PAGE.width,
      pageHeight: HANDOUT_PAGE.height,
      margin: HANDOUT_PAGE.margin,
      slideWidth: deck.canvasWidth,
      slideHeight: deck.canvasHeight,
      slides: numbers.map(n => ({ number: n, title: titleOf(n), notesHtml: handoutNotesHtml(deck.slides[n - 1]!.note, evidence[n - 1], { mentions: handoutMentions(deck, numbers, n) }) })),
    }))
    // The slides' own fonts are loaded already; the handout adds its header, titles and notes.
    checkFonts(await run.step({ step: 'loading fonts for the handout' }, () => page.evaluate(inPageLoadFonts, HANDOUT_TEXT)), 'handout')
    await ensureSteady(run, page, 'printing the handout')
    const raw = await run.step({ step: 'printing the handout' }, () => page.pdf({
      width: HANDOUT_PAGE.paper.width,
      height: HANDOUT_PAGE.paper.height,
      ...PRINT_OPTIONS,
    }), options.timeoutMs * 2)
    const restored = await run.step({ step: 'restoring the print view' }, () => page.evaluate(undoHandout))
    if (restored !== numbers.length)
      throw new CliError(`restoring the print view after the handout moved ${restored} slides, expected ${numbers.length}`)
    run.mark('handout printed')
    const pageOfSlide = new Map<number, number>()
    let next = 0
    numbers.forEach((n, i) => {
      pageOfSlide.set(n, next)
      next += layout.pages[i] ?? 1
    })
    const long = numbers.filter((_, i) => (layout.pages[i] ?? 1) > 1)
    if (long.length)
      run.warn(`notes of slide${long.length > 1 ? 's' : ''} ${long.join(', ')} did not fit on one handout page and continue on the next`)
    const file = `${deck.exportName}-handout.pdf`
    return { finished: run.inBackground('finishing the handout', pdf.finishPdf(raw, {
      metadata: { ...metadata, title: `${deck.title} — handout` },
      outline: numbers.map(n => ({ title: titleOf(n), pageIndex: pageOfSlide.get(n)! })),
    }).then(async (done) => {
      if (done.pages !== next)
        throw new CliError(`the handout has ${done.pages} pages, expected ${next}`)
      await run.store(file, done.bytes)
      return {
        files: [{ kind: 'handout', file, bytes: done.bytes, pages: done.pages }],
        slideFields: n => ({ handoutPage: pageOfSlide.get(n)! + 1 }),
        summary: `${file} ${formatBytes(done.bytes.length)}`,
      }
    })) }
  },
}
