/**
 * The one registry of output formats: the order --help, --format, the manifest and the closing
 * line list them in, and (by `renderOrder`) the order they use the browser in. The exporter's
 * side of sharing the print view among them (see `PageUse`): before a format that uses the
 * page, the page is made known to be steady; after one that borrows it, every slide must be back
 * where it was. No format knows which others run.
 */
import type { Deck } from '../shared/deck'
import { FormatRefusal } from '../shared/errors'
import type { RunControl } from './run'
import type { SettledView } from './print/print-in-page'
import { ensureSteady } from './print/print-page'
import type { ExportFormat, FormatContext, FormatResult, PageUse } from './format-types'
import { handoutFormat } from './handout/handout-format'
import { htmlFormat } from './html/html-format'
import { pdfFormat } from './pdf/pdf-format'
import { pngFormat } from './png/png-format'
import { pptxFormat } from './pptx/pptx-format'

export const FORMATS = [pdfFormat, pngFormat, handoutFormat, pptxFormat, htmlFormat] as const

/** A format's name, as --format takes it: one of the registry's. */
export type Format = typeof FORMATS[number]['name']

/** The order of the ways a format uses the print view in which they can share it (see `PageUse`). */
const PAGE_ORDER: ReadonlyArray<PageUse['use']> = ['borrows', 'reads', 'keeps', 'none']

/**
 * `formats` in the order they use the browser: the one that borrows the slides and gives them
 * back (the handout) first, then those that only read them (PDF, PowerPoint), then the one
 * that rearranges them for good (the PNGs), then those with a page of their own (the HTML);
 * in registry order within each.
 */
export function renderOrder<F extends Pick<ExportFormat, 'page'>>(formats: readonly F[]): F[] {
  return formats.map((f, i) => ({ f, i })).sort((a, b) => PAGE_ORDER.indexOf(a.f.page.use) - PAGE_ORDER.indexOf(b.f.page.use) || a.i - b.i).map(({ f }) => f)
}

/** Why `formats`, in this order, cannot share one print view (a format that keeps it changed is followed by one that uses it), or undefined. */
export function pageOrderProblem(formats: readonly Pick<ExportFormat, 'name' | 'page'>[]): string | undefined {
  const keeper = formats.findIndex(f => f.page.use === 'keeps')
  const after = keeper < 0 ? undefined : formats.slice(keeper + 1).find(f => f.page.use !== 'none')
  return after ? `${after.name} uses the print view after ${formats[keeper]!.name}, which leaves it changed` : undefined
}

/** A format that cannot be made from the deck, and why. */
export interface LeftOut {
  format: string
  refusal: FormatRefusal
}

/** The objections the chosen formats have to the deck as read (see `ExportFormat.refuse`), in registry order. */
export function deckRefusals(deck: Deck, chosen: readonly string[], registry: readonly ExportFormat[] = FORMATS): LeftOut[] {
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
 * Renders each chosen format, in `renderOrder`, from the one print view; returns each one's
 * finishing work, by name. `check` is how the page is seen steady (the print view's own check by
 * default), `registry` the formats to choose from (`FORMATS`). With `leaveOut`, a format whose
 * render finds it cannot be made faithfully (a FormatRefusal) is handed to it and the others go
 * on; without, the refusal fails the export.
 */
export async function renderFormats(ctx: FormatContext, chosen: readonly string[], {
  check = (run, before, expected) => ensureSteady(run, ctx.print.page, before, expected),
  registry = FORMATS,
  leaveOut,
  builds,
}: {
  check?: (run: RunControl, before: string, expected?: Box[]) => Promise<Box[]>
  registry?: readonly ExportFormat[]
  leaveOut?: (left: LeftOut) => void
  /** The chosen formats' own builds (`ExportFormat.build`), by name. */
  builds?: ReadonlyMap<string, Promise<import('./build/build-cache').BuildResult>>
} = {}): Promise<Map<string, Promise<FormatResult>>> {
  const formats = renderOrder(registry.filter(f => chosen.includes(f.name)))
  const problem = pageOrderProblem(formats)
  if (problem)
    throw new Error(`the formats are in the wrong order: ${problem}`)
  const state: PageState = {}
  const finishing = new Map<string, Promise<FormatResult>>()
  for (const format of formats) {
    const use = format.page
    if ((use.use === 'reads' || use.use === 'borrows') && !state.steady)
      state.steady = await check(ctx.run, use.before)
    let rendered: Awaited<ReturnType<ExportFormat['render']>>
    if (!format.slideProgress)
      ctx.run.progress(`export: making ${format.title} (${ctx.numbers.length} slide${ctx.numbers.length === 1 ? '' : 's'}) …`)
    try {
      rendered = await format.render({ ...ctx, ownBuild: builds?.get(format.name) })
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
