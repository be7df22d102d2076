/**
 * The one registry of output formats, in the order they use the browser, and the exporter's
 * side of sharing the print view among them (see `PageUse`): before a format that uses the
 * page, the page is made known to be steady; after one that borrows it, every slide must be back
 * where it was. No format knows which others run.
 */
import type { Format } from '../shared/cli'
import type { Deck } from '../shared/deck'
import { FormatRefusal } from '../shared/errors'
import type { RunControl } from './run'
import type { SettledView } from './print/print-in-page'
import { ensureSteady } from './print/print-page'
import type { ExportFormat, FormatContext, FormatResult } from './format-types'
import { handoutFormat } from './handout/handout-format'
import { htmlFormat } from './html/html-format'
import { pdfFormat } from './pdf/pdf-format'
import { pngFormat } from './png/png-format'
import { pptxFormat } from './pptx/pptx-format'

/**
 * The handout borrows the rendered slides and gives them back, the PDF prints them, the
 * PowerPoint reads them, and the PNG captures keep them spaced out on the pixel grid, so they
 * come last of the formats that use the page. The single-file HTML opens a page of its own.
 */
export const FORMATS: readonly ExportFormat[] = [handoutFormat, pdfFormat, pptxFormat, pngFormat, htmlFormat]

/** Why `formats`, in this order, cannot share one print view (a format that keeps it changed is followed by one that uses it), or undefined. */
export function pageOrderProblem(formats: readonly Pick<ExportFormat, 'name' | 'page'>[]): string | undefined {
  const keeper = formats.findIndex(f => f.page.use === 'keeps')
  const after = keeper < 0 ? undefined : formats.slice(keeper + 1).find(f => f.page.use !== 'none')
  return after ? `${after.name} uses the print view after ${formats[keeper]!.name}, which leaves it changed` : undefined
}

/** A format that cannot be made from the deck, and why. */
export interface LeftOut {
  format: Format
  refusal: FormatRefusal
}

/** The objections the chosen formats have to the deck as read (see `ExportFormat.refuse`), in registry order. */
export function deckRefusals(deck: Deck, chosen: readonly Format[], registry: readonly ExportFormat[] = FORMATS): LeftOut[] {
  return registry.filter(f => chosen.includes(f.name)).flatMap((format) => {
    const refusal = format.refuse?.(deck)
    return refusal ? [{ format: format.name, refusal }] : []
  })
}

type Box = SettledView['boxes'][number]

/** What the exporter knows of the page between formats. */
interface PageState {
  /** The slides' boxes when the page was last seen steady; undefined once something may have changed it. */
  steady?: Box[]
}

/**
 * Renders each chosen format, in registry order, from the one print view; returns each one's
 * finishing work. `check` is how the page is seen steady (the print view's own check by
 * default), `registry` the formats to choose from (`FORMATS`). With `leaveOut`, a format whose
 * render finds it cannot be made faithfully (a FormatRefusal) is handed to it and the others go
 * on; without, the refusal fails the export.
 */
export async function renderFormats(ctx: FormatContext, chosen: readonly Format[], {
  check = (run, before, expected) => ensureSteady(run, ctx.print.page, before, expected),
  registry = FORMATS,
  leaveOut,
}: {
  check?: (run: RunControl, before: string, expected?: Box[]) => Promise<Box[]>
  registry?: readonly ExportFormat[]
  leaveOut?: (left: LeftOut) => void
} = {}): Promise<Map<Format, Promise<FormatResult>>> {
  const formats = registry.filter(f => chosen.includes(f.name))
  const problem = pageOrderProblem(formats)
  if (problem)
    throw new Error(`the formats are in the wrong order: ${problem}`)
  const state: PageState = {}
  const finishing = new Map<Format, Promise<FormatResult>>()
  for (const format of formats) {
    const use = format.page
    if ((use.use === 'reads' || use.use === 'borrows') && !state.steady)
      state.steady = await check(ctx.run, use.before)
    let rendered: Awaited<ReturnType<ExportFormat['render']>>
    try {
      rendered = await format.render(ctx)
    }
    catch (error) {
      if (!(leaveOut && error instanceof FormatRefusal))
        throw error
      leaveOut({ format: format.name, refusal: error })
      // What it did to the page before it gave up is not known: the next format checks again.
      if (use.use !== 'none')
        state.steady = undefined
      continue
    }
    finishing.set(format.name, rendered.finished)
    if (use.use === 'borrows')
      // The formats after it use the slides next: every one must be back where it was, and rendered there.
      state.steady = await check(ctx.run, `the formats after the ${format.name}`, state.steady)
    else if (use.use === 'keeps')
      state.steady = undefined
  }
  return finishing
}
