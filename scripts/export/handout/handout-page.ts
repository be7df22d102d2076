/**
 * The handout is laid out inside the already rendered print view: each slide
 * (still live, vector DOM) is scaled into a frame on a portrait page with its
 * notes underneath, so the handout costs one more print, not a second render.
 * Afterwards `undoHandout` puts the slides back for the deck's own PDF and
 * screenshots.
 *
 * `layoutHandout` runs in the page (it is passed to `page.evaluate`), so it
 * must not use anything from its module scope.
 */

import type { Deck } from '../../shared/deck'
import type { SlideMention } from './handout-notes'

export interface HandoutSlide {
  number: number
  title: string
  /** Pre-rendered, escaped HTML of the notes; '' when the slide has none. */
  notesHtml: string
}

export interface HandoutInput {
  deckTitle: string
  /** Slides in the deck, for "Slide N of T". */
  total: number
  /** Paper size as CSS lengths, for the @page rule (Slidev's own rule is landscape). */
  paper: { width: string, height: string }
  /** Page box in CSS px. */
  pageWidth: number
  pageHeight: number
  margin: number
  slideWidth: number
  slideHeight: number
  /** Same order as the print view's slide containers. */
  slides: HandoutSlide[]
}

export interface HandoutResult {
  /** Pages each slide took: 1, or more when its notes could not be fitted on one page. */
  pages: number[]
  /** Font size (px) the notes ended up with, per slide. */
  fontSizes: number[]
}

/**
 * The slides a slide's notes may link to in the handout: every other exported
 * slide, named by its title or the part of it before a colon (“the Scorecard
 * slide” for “Scorecard: ambition against hard truth”). A name two slides
 * share links to neither.
 */
export function handoutMentions(deck: Pick<Deck, 'slides'>, included: readonly number[], from: number): SlideMention[] {
  const byName = new Map<string, number[]>()
  for (const slide of deck.slides) {
    if (!slide.titled)
      continue
    for (const name of new Set([slide.title, slide.title.split(':')[0]!.trim()]))
      byName.set(name, [...byName.get(name) ?? [], slide.number])
  }
  return [...byName]
    .filter(([name, slides]) => name && slides.length === 1 && slides[0] !== from && included.includes(slides[0]!))
    .sort((a, b) => b[0].length - a[0].length)
    .map(([name, [n]]) => ({ name, href: `#handout-slide-${n}` }))
}

export const HANDOUT_PAGE = {
  /** A4 portrait at 96 px per inch. */
  width: 793,
  height: 1122,
  margin: 44,
  paper: { width: '210mm', height: '297mm' },
}

export function layoutHandout(input: HandoutInput): HandoutResult {
  const containers = Array.from(document.querySelectorAll<HTMLElement>('.print-slide-container')).filter(el => el.style.display !== 'none')
  if (containers.length !== input.slides.length)
    throw new Error(`the print view shows ${containers.length} slides, expected ${input.slides.length}`)

  const sample = containers[0]?.querySelector('.slidev-layout') ?? containers[0] ?? document.body
  const fontFamily = getComputedStyle(sample).fontFamily || 'sans-serif'
  const inner = input.pageWidth - 2 * input.margin
  const scale = inner / input.slideWidth
  const frameHeight = Math.floor(input.slideHeight * scale)

  // Where each slide lived, marked in the page itself (an inert <template> in its place, the
  // slide naming it), so that `undoHandout` can put the print view back as it was.
  // The colour each slide's text inherits where it lives (a dark scheme's light text), kept on
  // its frame: moved into the handout, it would inherit the handout's own dark ink.
  const inherited = containers.map(el => getComputedStyle(el).color)
  containers.forEach((el, i) => {
    const mark = document.createElement('template')
    mark.setAttribute('data-handout-origin', String(i))
    el.before(mark)
    el.setAttribute('data-handout-from', String(i))
  })

  const style = document.createElement('style')
  style.id = 'handout-style'
  style.textContent = `
@page { size: ${input.paper.width} ${input.paper.height}; margin: 0; }
html, body { background: #fff !important; height: auto !important; overflow: visible !important; }
body > *:not(#handout-root) { display: none !important; }
#handout-root { font-family: ${fontFamily}; color: #16181d; background: #fff; }
#handout-root .handout-page {
  box-sizing: border-box; width: ${input.pageWidth}px; height: ${input.pageHeight}px;
  padding: ${input.margin}px; display: flex; flex-direction: column; overflow: hidden;
  break-after: page; break-inside: avoid; background: #fff;
}
#handout-root .handout-page:last-child { break-after: auto; }
#handout-root .handout-page.handout-overflow { height: auto; min-height: ${input.pageHeight}px; overflow: visible; break-inside: auto; }
#handout-root > .handout-page > header {
  display: flex; justify-content: space-between; gap: 16px; flex: none;
  font-size: 11px; line-height: 1.3; color: #5b6170; padding-bottom: 6px; margin-bottom: 14px;
  border-bottom: 1px solid #d9dce3;
}
#handout-root .handout-frame {
  position: relative; flex: none; width: ${inner}px; height: ${frameHeight}px; overflow: hidden;
  outline: 1px solid #c9ced8; outline-offset: 0;
}
#handout-root .handout-frame > .print-slide-container {
  position: absolute !important; top: 0; left: 0; margin: 0 !important;
  transform: scale(${scale}); transform-origin: 0 0; break-after: auto !important;
}
#handout-root > .handout-page > h2 { flex: none; font-size: 17px; line-height: 1.3; font-weight: 700; margin: 18px 0 8px; }
#handout-root .handout-notes { flex: 1 1 auto; min-height: 0; overflow: hidden; font-size: 14px; line-height: 1.5; }
#handout-root .handout-overflow .handout-notes { overflow: visible; }
#handout-root .handout-notes p, #handout-root .handout-notes ul, #handout-root .handout-notes ol { margin: 0 0 0.6em; }
#handout-root .handout-notes ul, #handout-root .handout-notes ol { padding-left: 1.4em; }
#handout-root .handout-notes li { margin: 0 0 0.25em; }
#handout-root .handout-notes h4 { font-size: 1em; font-weight: 700; margin: 0.8em 0 0.3em; }
#handout-root .handout-notes code { font-size: 0.92em; background: #f0f2f5; padding: 0 0.2em; border-radius: 3px; }
#handout-root .handout-notes a { color: #1d4ed8; text-decoration: underline; }
#handout-root .handout-empty { color: #8a8f9c; font-style: italic; }
#handout-root [data-handout-detail] { zoom: 0.7; margin: 0.8em 0 1em; }
#handout-root .handout-evidence { list-style: none; padding-left: 0; font-size: 0.86em; color: #3b4150; }
#handout-root .handout-evidence li { margin: 0 0 0.15em; }
`
  document.head.appendChild(style)

  const root = document.createElement('div')
  root.id = 'handout-root'
  const sections: HTMLElement[] = []
  containers.forEach((container, i) => {
    const slide = input.slides[i]!
    const page = document.createElement('section')
    page.className = 'handout-page'
    // The target of links to this slide from other slides' notes.
    page.id = `handout-slide-${slide.number}`
    const header = document.createElement('header')
    // A running header: in the tagged PDF it is an artifact, not part of the slide's reading order.
    header.setAttribute('aria-hidden', 'true')
    const deck = document.createElement('span')
    deck.textContent = input.deckTitle
    const where = document.createElement('span')
    where.textContent = `Slide ${slide.number} of ${input.total}`
    header.append(deck, where)
    const frame = document.createElement('div')
    frame.className = 'handout-frame'
    frame.style.color = inherited[i]!
    frame.append(container)
    const title = document.createElement('h2')
    title.textContent = slide.title
    const notes = document.createElement('div')
    notes.className = 'handout-notes'
    if (slide.notesHtml)
      notes.innerHTML = slide.notesHtml
    else
      notes.innerHTML = '<p class="handout-empty">No speaker notes for this slide.</p>'
    // Detail the slide keeps off the screen (an element marked `data-handout-detail`, hidden
    // there) is shown here, after the notes and before the article lines under them. Its place
    // in the slide is marked so that `undoHandout` can put it back, hidden again.
    const detail = container.querySelector<HTMLElement>('[data-handout-detail]')
    if (detail) {
      const mark = document.createElement('template')
      mark.setAttribute('data-handout-detail-origin', String(i))
      detail.before(mark)
      detail.setAttribute('data-handout-detail-from', String(i))
      detail.hidden = false
      const lines = notes.querySelector('.handout-evidence')
      const heading = lines?.previousElementSibling?.tagName === 'H4' ? lines.previousElementSibling : lines
      notes.insertBefore(detail, heading ?? null)
    }
    page.append(header, frame, title, notes)
    root.append(page)
    sections.push(page)
  })
  document.body.append(root)

  const pages: number[] = []
  const fontSizes: number[] = []
  for (const page of sections) {
    const notes = page.querySelector<HTMLElement>('.handout-notes')!
    let size = 14
    // Notes followed by the slide's detail run on to the next page at full size rather than
    // shrink: the detail is what the reader came to the handout for.
    const detail = !!notes.querySelector('[data-handout-detail]')
    while (!detail && notes.scrollHeight > notes.clientHeight + 1 && size > 9) {
      size -= 0.5
      notes.style.fontSize = `${size}px`
    }
    if (notes.scrollHeight > notes.clientHeight + 1) {
      page.classList.add('handout-overflow')
      pages.push(Math.max(1, Math.ceil(page.getBoundingClientRect().height / input.pageHeight)))
    }
    else {
      pages.push(1)
    }
    fontSizes.push(size)
  }
  window.scrollTo(0, 0)
  return { pages, fontSizes }
}

/**
 * Returns the slides to the print view in their original places and drops the
 * handout, so the same rendered slides can then be printed and captured as
 * the deck. Runs in the page.
 */
export function undoHandout(): number {
  for (const mark of Array.from(document.querySelectorAll<HTMLTemplateElement>('template[data-handout-detail-origin]'))) {
    const el = document.querySelector<HTMLElement>(`[data-handout-detail-from="${mark.getAttribute('data-handout-detail-origin')}"]`)
    if (el) {
      el.hidden = true
      el.removeAttribute('data-handout-detail-from')
      mark.replaceWith(el)
    }
    else {
      mark.remove()
    }
  }
  const marks = Array.from(document.querySelectorAll<HTMLTemplateElement>('template[data-handout-origin]'))
  for (const mark of marks) {
    const el = document.querySelector(`[data-handout-from="${mark.getAttribute('data-handout-origin')}"]`)
    if (el) {
      mark.replaceWith(el)
      el.removeAttribute('data-handout-from')
    }
    else {
      mark.remove()
    }
  }
  document.getElementById('handout-root')?.remove()
  document.getElementById('handout-style')?.remove()
  window.scrollTo(0, 0)
  return marks.length
}
