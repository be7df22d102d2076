/**
 * What a slide asks of its audience and its speaker, from the slide's source alone (no browser):
 * the words it shows in its final state, counted as a PDF's text layer counts them (a run of
 * characters between spaces that holds a letter or a digit), its click steps, and how long its
 * notes take to say. The words a component draws are rebuilt from the data module the same way
 * the component's template puts them together, so the count follows the data.
 */
import type { Figure, Quote, ScorecardRow, Source, TimelineEvent } from '../data/types'
import { comparisonBars, ratioLines } from './chart'
import { citeSource } from './cite'
import { figureParts, formatDate, formatFigure } from './format'
import { componentUses, proseLines } from './slide-text'

/** Words a minute of a talk given at a steady pace, for the notes' speaking time. */
export const WORDS_PER_MINUTE = 130

export interface BudgetData {
  quotes: readonly Quote[]
  figures: readonly Figure[]
  timeline: readonly TimelineEvent[]
  sources: readonly Source[]
  scorecard: readonly ScorecardRow[]
  people: readonly { id: string, name: string, nameZh?: string }[]
}

/** Words as a PDF text layer has them: whitespace-separated runs holding a letter or digit. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter(w => /[\p{L}\p{N}]/u.test(w)).length
}

/** Slidev's click markers in notes (`[click]`, `[click:3]`). */
const CLICK_MARK = /\[click(?::\+?\d+)?\]/g

/** How many `[click]` markers the notes hold. */
export function clickMarks(notes: string): number {
  return notes.match(CLICK_MARK)?.length ?? 0
}

/** Seconds the notes take to say at WORDS_PER_MINUTE, click markers left out. */
export function speakingSeconds(notes: string): number {
  return countWords(notes.replace(CLICK_MARK, ' ')) / WORDS_PER_MINUTE * 60
}

/**
 * Click steps a slide's content asks for: one per `v-click` (element or attribute, without a
 * position of its own), one per item a `<v-clicks>` reveals (each list item, else each child
 * line); `v-after` shares the step before it.
 */
export function clickSteps(content: string): number {
  const source = content.replace(/<!--[\s\S]*?-->/g, '')
  let steps = 0
  const groups = /<v-clicks\b[^>]*>([\s\S]*?)<\/v-clicks>/g
  for (const [, inner] of source.matchAll(groups)) {
    const items = inner!.split('\n').filter(l => /^\s{0,1}[-*+]\s|^\d+[.)]\s/.test(l)).length
    steps += items || inner!.split('\n').filter(l => l.trim()).length
  }
  const rest = source.replace(groups, ' ')
  steps += rest.match(/<v-click\b(?![^>]*\bat=)/g)?.length ?? 0
  steps += rest.match(/<(?!v-click)[\w-]+\b[^>]*\sv-click(?:[\s>=/])/g)?.length ?? 0
  return steps
}

/** The words one component use draws, as its template puts them together. */
function componentWords(tag: string, ids: readonly string[], attrs: Record<string, string>, data: BudgetData): string[] {
  const source = (id: string) => data.sources.find(s => s.id === id)
  const out: string[] = []
  if (tag === 'QuoteCard') {
    for (const id of ids) {
      const q = data.quotes.find(x => x.id === id)
      if (!q)
        continue
      const s = source(q.source)
      out.push(q.text, q.original ? `Chinese original ${q.original}` : '', data.people.find(p => p.id === q.speaker)?.name ?? '', q.context ? `, ${q.context}` : '', s ? citeSource(s) : '')
    }
  }
  if (tag === 'FigureStat') {
    for (const id of ids) {
      const f = data.figures.find(x => x.id === id)
      if (!f)
        continue
      const p = figureParts(f)
      const also = f.also ? data.figures.find(x => x.id === f.also) : undefined
      const s = source(f.source)
      out.push(p.qualifier ?? '', `${p.prefix}${p.number}${p.suffix}`, also ? `(${formatFigure(also)}, as the article gives it)` : '', f.label, s ? citeSource(s) : '')
    }
  }
  if (tag === 'CompareChart') {
    out.push(attrs.title ?? '')
    for (const id of ids) {
      const f = data.figures.find(x => x.id === id)
      const b = f?.baseline ? data.figures.find(x => x.id === f.baseline) : undefined
      if (!f || !b)
        continue
      out.push(f.label, ...comparisonBars(f, b, 100).flatMap(bar => [bar.label, bar.valueText]))
      if ('ratio' in attrs)
        out.push(...ratioLines(f, b))
    }
  }
  if (tag === 'TimelineStrip') {
    for (const id of ids) {
      const e = data.timeline.find(x => x.id === id)
      if (e)
        out.push(formatDate(e.date), e.title, e.detail ?? '')
    }
  }
  if (tag === 'Citation')
    out.push(`Source: ${ids.map(id => source(id)).filter(Boolean).map(s => citeSource(s!)).join('; ')}`)
  if (tag === 'PersonName') {
    for (const id of ids) {
      const p = data.people.find(x => x.id === id)
      if (p)
        out.push(p.name, p.nameZh ?? '')
    }
  }
  if (tag === 'SourceList') {
    for (const s of data.sources)
      out.push(s.title, `${s.publisher}${s.translated ? ' translation' : ''} · ${formatDate(s.date)}`, s.note ?? '')
  }
  if (tag === 'Scorecard') {
    const rows = ids.length ? data.scorecard.filter(r => ids.includes(r.domain)) : data.scorecard
    const brief = 'brief' in attrs
    const compact = 'compact' in attrs
    if (!brief && !compact)
      out.push('Domain Ambition Hard truth Verdict')
    for (const r of rows)
      out.push(r.name, r.verdict, brief ? '' : r.hardTruth, brief || compact ? '' : r.ambition)
  }
  return out
}

export interface SlideBudget {
  /** Words on screen in the slide's final state */
  words: number
  /** Click steps after the slide first shows */
  clicks: number
  /** `[click]` markers in its notes */
  marks: number
  /** Seconds its notes take to say */
  seconds: number
}

/** The budget of one slide: its title, its content (Markdown and component tags) and its notes. */
export function slideBudget(slide: { title?: string, content: string, note?: string }, data: BudgetData): SlideBudget {
  const prose = proseLines(slide.content).replace(/^#\s+.*$/m, '').replace(/^\s*(?:[-*+]|\d+[.)])\s+/gm, '').replace(/\*\*|__/g, '')
  const parts = [slide.title ?? '', prose]
  for (const use of componentUses(0, slide.content)) {
    // Boolean attributes (`ratio`, `brief`, `compact`) are written bare, so read them from the tag.
    const tag = new RegExp(`<${use.tag}\\b([^>]*)>`, 'g')
    const raw = [...slide.content.matchAll(tag)].find(m => use.ids.every(id => m[1]!.includes(id)))?.[1] ?? ''
    const attrs: Record<string, string> = { ...use.attrs }
    for (const flag of ['ratio', 'brief', 'compact']) {
      if (new RegExp(`(?:^|\\s)${flag}(?:\\s|/|$)`).test(raw))
        attrs[flag] = ''
    }
    parts.push(...componentWords(use.tag, use.ids, attrs, data))
  }
  return {
    words: countWords(parts.join(' ')),
    clicks: clickSteps(slide.content),
    marks: clickMarks(slide.note ?? ''),
    seconds: speakingSeconds(slide.note ?? ''),
  }
}
