/**
 * What makes a rendered slide unfit to export even though it rendered: an error box a
 * component drew in place of its content (any element marked `data-deck-error`, which
 * components/DataError.vue sets), a Vue error raised while rendering (recorded by the watch
 * the export build installs, see `ERROR_WATCH`), and a tag that is neither an HTML element
 * nor a component of the deck, which Vue's production build leaves in the page silently.
 * `inPageSlideFaults` runs in the page, so it must not use anything from module scope.
 */
import { CliError } from '../../shared/errors'

export interface SlideFault {
  /** Slide number, when the fault could be placed on one. */
  slide?: number
  kind: 'error-box' | 'vue-error' | 'unknown-tag' | 'diagram-error'
  message: string
}

/** The global the export build's error watch appends to: `{ slide?, message, info }`. */
export const ERROR_LIST = '__deckExportErrors'

/**
 * Code the export build puts at the start of Slidev's app setup: Vue errors and warnings are
 * recorded with the slide whose component raised them (the route Slidev provides to each slide),
 * and still printed to the console. Production Vue drops its warnings before they are made, so
 * in the export build it is errors that arrive here.
 */
export const ERROR_WATCH = `
  {
    const list = (window.${ERROR_LIST} = window.${ERROR_LIST} || []);
    const slideOf = (instance) => {
      const provides = instance && instance.$ && instance.$.provides;
      if (!provides)
        return undefined;
      const route = provides['$$slidev-route'];
      const page = provides['$$slidev-page'];
      const no = (route && route.no) ?? (page && typeof page === 'object' ? page.value : page);
      return typeof no === 'number' ? no : Number.isFinite(Number(no)) && no !== null && no !== '' ? Number(no) : undefined;
    };
    app.config.errorHandler = (error, instance, info) => {
      list.push({ slide: slideOf(instance), message: String((error && error.message) || error), info: String(info || '') });
      console.error(error);
    };
    app.config.warnHandler = (message, instance) => {
      list.push({ slide: slideOf(instance), message: String(message), info: 'warning' });
    };
  }
`

export function inPageSlideFaults(numbers: number[]): SlideFault[] {
  const faults: SlideFault[] = []
  const wanted = new Set(numbers)
  const recorded = ((window as unknown as Record<string, unknown>).__deckExportErrors ?? []) as Array<{ slide?: number, message: string, info: string }>
  for (const e of recorded) {
    if (e.slide === undefined || wanted.has(e.slide))
      faults.push({ slide: e.slide, kind: 'vue-error', message: e.info === 'warning' ? `Vue warning: ${e.message}` : `${e.message}${e.info ? ` (${e.info})` : ''}` })
  }
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('.print-slide-container'))) {
    const slide = __deckSlideOf(el.id).slide
    if (el.style.display === 'none' || !wanted.has(slide))
      continue
    for (const box of Array.from(el.querySelectorAll<HTMLElement>('[data-deck-error]')))
      faults.push({ slide, kind: 'error-box', message: box.getAttribute('data-deck-error') || (box.textContent ?? '').replace(/\s+/g, ' ').trim() })
    // Slidev's Mermaid component shows a diagram that failed as a red-bordered <pre> of the error;
    // Mermaid's own error graphic ("Syntax error in text") is an SVG of role description "error".
    for (const pre of Array.from(el.querySelectorAll<HTMLElement>('pre[border~="red"]')))
      faults.push({ slide, kind: 'diagram-error', message: (pre.textContent ?? '').trim().split('\n')[0]!.trim() })
    const roots: Array<Element | ShadowRoot> = [el, ...Array.from(el.querySelectorAll('*')).flatMap(n => n.shadowRoot ? [n.shadowRoot] : [])]
    for (const root of roots) {
      for (const svg of Array.from(root.querySelectorAll('svg[aria-roledescription="error"]')))
        faults.push({ slide, kind: 'diagram-error', message: (svg.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 160) || 'Mermaid drew its error graphic' })
    }
    const seen = new Set<string>()
    for (const node of Array.from(el.querySelectorAll('*'))) {
      const name = node.localName
      const unknown = node instanceof HTMLUnknownElement || (node instanceof HTMLElement && name.includes('-') && !customElements.get(name))
      if (unknown && !seen.has(name)) {
        seen.add(name)
        faults.push({ slide, kind: 'unknown-tag', message: name })
      }
    }
  }
  return faults
}

/** The tag as the slide's source spells it (the page only knows it in lower case). */
function spelled(tag: string, source: string | undefined): string {
  const escaped = tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`<(${escaped})(?=[\\s/>])`, 'i').exec(source ?? '')?.[1] ?? tag
}

/** The first fault as the error the export stops with, or undefined when there is none. */
export function faultError(faults: SlideFault[], sourceOf: (slide: number) => string | undefined): CliError | undefined {
  const f = faults.find(x => x.slide !== undefined) ?? faults[0]
  if (!f)
    return undefined
  const where = f.slide === undefined ? 'a slide' : `slide ${f.slide}`
  const more = faults.length > 1 ? ` (and ${faults.length - 1} more problem${faults.length > 2 ? 's' : ''})` : ''
  switch (f.kind) {
    case 'error-box':
      return new CliError(`${where} shows an error: ${f.message}${more}`, { hint: 'Fix the slide in the deck; an export never ships a slide that shows an error box.' })
    case 'vue-error':
      return new CliError(`${where}: a component raised an error while rendering: ${f.message}${more}`, { hint: 'Open the slide in `npm run dev` to see the full error.' })
    case 'diagram-error':
      return new CliError(`${where}: a Mermaid diagram failed to render: ${f.message}${more}`, { hint: 'Fix the diagram\'s code on that slide; open it in `npm run dev` or the Mermaid live editor to see the error.' })
    case 'unknown-tag': {
      const tag = spelled(f.message, f.slide === undefined ? undefined : sourceOf(f.slide))
      return new CliError(`${where}: unknown component <${tag}>: it is neither in the deck's components/ nor an HTML element${more}`, { hint: 'Check the spelling, and that the component is in the components/ folder beside the deck file.' })
    }
  }
}

export interface SlideOverflow {
  slide: number
  /** How far the content reaches below the canvas, px of the canvas. */
  below: number
}

/**
 * Slides whose content reaches below the canvas. Such a slide is still exported on one page,
 * cut at the canvas's bottom edge (as the presenter sees it), and the export says so.
 */
export function inPageOverflow(canvasHeight: number): SlideOverflow[] {
  const out: SlideOverflow[] = []
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('.print-slide-container'))) {
    if (el.style.display === 'none')
      continue
    const page = el.querySelector<HTMLElement>('.slidev-page') ?? el
    const frame = page.getBoundingClientRect()
    const k = frame.height > 0 ? canvasHeight / frame.height : 1
    let bottom = 0
    for (const node of Array.from(page.querySelectorAll('*'))) {
      const r = node.getBoundingClientRect()
      if (r.width > 0 && r.height > 0)
        bottom = Math.max(bottom, r.bottom - frame.top)
    }
    const below = Math.round(bottom * k - canvasHeight)
    if (below > 1)
      out.push({ slide: __deckSlideOf(el.id).slide, below })
  }
  return out
}
