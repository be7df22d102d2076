/**
 * The slide and click step a print-view container stands for, read from its id (`007-01`:
 * slide 7, its first click state; `007` alone is the first state too): the one place that
 * reads Slidev's container ids. The functions run in the page may use nothing from their module
 * scope, so the print view's init script (print-in-page.ts) installs this function in the page
 * as `__deckSlideOf`, which they call.
 */
export function slideOfContainer(id: string): { slide: number, step: number } {
  const [slide = '', step = '1'] = id.split('-')
  return { slide: Number.parseInt(slide, 10), step: Number.parseInt(step, 10) }
}

declare global {
  /** `slideOfContainer`, as the print view's init script installs it in the page. */
  var __deckSlideOf: typeof slideOfContainer
}

/** The line of the init script that installs `__deckSlideOf`. */
export const SLIDE_OF_SCRIPT = `globalThis.__deckSlideOf = ${slideOfContainer.toString()};`
