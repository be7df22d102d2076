/**
 * The data records as `npm run check` reads them (`records`: each quote, figure, event, row,
 * source and person with its own words, the verbatim text it carries, its spans and the line it
 * is written at), and the checks of the records themselves: ids that resolve, quotes, figures
 * and names against the article, spans that stand on their lines, and the records' own words
 * backed by their spans. The slides' checks, which use these records, are check-slides.ts's.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Figure, Person, Quote, ScorecardRow, Source, TimelineEvent } from '../../data'
import type { Span } from '../../lib/evidence'
import { missingTokens, parseSpan, sentencesOf, shortSpan, spanProblem } from '../../lib/evidence'
import type { Article, Fault } from '../../lib/provenance'
import { figureFaults, normalize, personFaults, quoteFaults } from '../../lib/provenance'

export interface Problem {
  /** `slides.md:123` or `data/timeline.ts:40` */
  where: string
  /** `slide 9 “The 10-X investment”, notes` or `timeline event "su7-launch"` */
  subject: string
  /** The sentence at fault, when there is one */
  sentence?: string
  message: string
  /** What to do about it */
  hint: string
}

/** The records the check reads; the project's data/ unless a caller passes its own (tests do). */
export interface DeckData {
  quotes: readonly Quote[]
  figures: readonly Figure[]
  timeline: readonly TimelineEvent[]
  scorecard: readonly ScorecardRow[]
  sources: readonly Source[]
  people: readonly Person[]
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** The line (1-based) of `file` where `needle` first occurs at or after `from`; `fallback` if nowhere. */
export function lineOf(text: string, needle: string, from = 0, fallback = 1): number {
  const lines = text.split('\n')
  const probe = needle.trim().slice(0, 40)
  for (let i = Math.max(0, from); i < lines.length; i++) {
    if (probe && lines[i]!.includes(probe))
      return i + 1
  }
  return fallback
}

/** The line of a record in a data module: the line that holds its id. */
function recordLine(root: string, file: string, key: string, id: string): string {
  const text = readFileSync(path.join(root, file), 'utf8')
  return `${file}:${lineOf(text, `${key}: '${id}'`)}`
}

function dateSentence(e: TimelineEvent): string {
  if (e.date.derived)
    return e.date.derived
  const [year, month, day] = e.date.iso.split('-')
  const parts = [day ? String(Number(day)) : '', month ? MONTHS[Number(month) - 1]! : '', year!].filter(Boolean)
  return e.date.approx ? `${e.date.approx}.` : `${parts.join(' ')}.`
}

/** A data record's own words, the verbatim text it carries, and its spans. */
export interface DataRecord {
  kind: string
  id: string
  where: string
  own: string[]
  verbatim: string[]
  spans: readonly unknown[]
  /** Whether the record must cite at least one span */
  needsSpan: boolean
}

/** Every record of the data module, kind by kind, with the file and line it is written at. */
export function records(root: string, data: DeckData): DataRecord[] {
  const { quotes, figures, timeline, scorecard, sources, people } = data
  const of = <T>(kind: string, file: string, items: readonly T[], id: (item: T) => string, read: (item: T) => Omit<DataRecord, 'kind' | 'id' | 'where'>, key = 'id'): DataRecord[] =>
    items.map(item => ({ kind, id: id(item), where: recordLine(root, file, key, id(item)), ...read(item) }))
  return [
    ...of('quote', 'data/quotes.ts', quotes, q => q.id, q => ({ own: q.context ? [q.context] : [], verbatim: [q.text, q.original ?? ''], spans: q.support ?? [], needsSpan: false })),
    ...of('figure', 'data/figures.ts', figures, f => f.id, f => ({ own: [f.label, f.short ?? ''].filter(Boolean), verbatim: [f.evidence], spans: f.support ?? [], needsSpan: false })),
    ...of('timeline event', 'data/timeline.ts', timeline, e => e.id, e => ({ own: [dateSentence(e), e.title, e.detail ?? ''].filter(Boolean), verbatim: [], spans: e.support ?? [], needsSpan: true })),
    ...of('scorecard row', 'data/scorecard.ts', scorecard, r => r.domain, r => ({
      own: [r.name, r.ambition, r.hardTruth],
      // What the row shows of quotes and figures is checked as theirs: verbatim.
      verbatim: [...r.quotes.map(id => quotes.find(q => q.id === id)?.text ?? ''), ...r.figures.map(id => figures.find(f => f.id === id)?.evidence ?? '')],
      spans: r.support ?? [],
      needsSpan: true,
    }), 'domain'),
    ...of('source', 'data/sources.ts', sources, src => src.id, src => ({ own: [src.title, src.label, src.note], verbatim: [], spans: src.support ?? [], needsSpan: true })),
    ...of('person', 'data/people.ts', people, p => p.id, p => ({ own: [p.role], verbatim: [p.name, p.nameZh ?? ''], spans: p.support ?? [], needsSpan: false })),
  ]
}

/** Reads a list of spans; problems for items that are not spans. */
export function readSpans(items: readonly unknown[], report: (message: string, hint: string) => void): Span[] {
  const spans: Span[] = []
  for (const item of items) {
    const span = parseSpan(item)
    if ('error' in span)
      report(`evidence item ${span.error}`, 'Each item is the article\'s line number and its words: `L43: In early 2021, Lei Jun learned …`.')
    else
      spans.push(span)
  }
  return spans
}

export const joinSupport = (spans: Span[], texts: string[]) => normalize([...spans.map(s => s.text), ...texts].join(' \n '))

export function tokenMessage(missing: ReturnType<typeof missingTokens>, where: string): string {
  const kinds = { number: 'number', date: 'date', name: 'name', quoted: 'quoted phrase', claim: 'first or superlative' }
  return missing.map(t => `${kinds[t.kind]} “${t.text}”`).join(', ') + ` ${missing.length > 1 ? 'are' : 'is'} not in ${where}`
}


/** The records of one check, and how to find one by kind and id. */
export interface Records {
  root: string
  data: DeckData
  all: DataRecord[]
  byKind: (kind: string, id: string) => DataRecord | undefined
}

export function readRecords(root: string, data: DeckData): Records {
  const all = records(root, data)
  return { root, data, all, byKind: (kind, id) => all.find(r => r.kind === kind && r.id === id) }
}

/** Each span that does not stand on its article line, as a problem of `subject`. */
export function spanProblems(spans: Span[], articleLines: string[] | undefined, where: (span: Span) => string, subject: string): Problem[] {
  if (!articleLines)
    return []
  return spans.flatMap((s) => {
    const wrong = spanProblem(s, articleLines)
    return wrong ? [{ where: where(s), subject, sentence: `L${s.line}: ${shortSpan(s.text, 70)}`, message: `evidence span: ${wrong}`, hint: 'Copy the words from that line of the article exactly, or fix the line number (`nl -ba article.txt`).' }] : []
  })
}

/** Ids used twice, and ids a record names that no record has. */
export function idProblems({ root, data, byKind }: Records): Problem[] {
  const { quotes, figures, timeline, scorecard, sources, people } = data
  const problems: Problem[] = []
  const idLists: Array<[string, string, readonly string[]]> = [
    ['quote', 'data/quotes.ts', quotes.map(q => q.id)],
    ['figure', 'data/figures.ts', figures.map(f => f.id)],
    ['timeline event', 'data/timeline.ts', timeline.map(e => e.id)],
    ['source', 'data/sources.ts', sources.map(s => s.id)],
    ['person', 'data/people.ts', people.map(p => p.id)],
  ]
  for (const [kind, file, ids] of idLists) {
    for (const [i, id] of ids.entries()) {
      if (ids.indexOf(id) !== i)
        problems.push({ where: recordLine(root, file, 'id', id), subject: `${kind} "${id}"`, message: `the id "${id}" is used twice`, hint: 'Give one of the records a new id and update slides.md.' })
    }
  }
  for (const q of quotes) {
    if (!people.some(p => p.id === q.speaker) || !sources.some(s => s.id === q.source))
      problems.push({ where: byKind('quote', q.id)!.where, subject: `quote "${q.id}"`, message: `speaker "${q.speaker}" or source "${q.source}" does not exist`, hint: 'Use an id from data/people.ts and data/sources.ts.' })
  }
  for (const f of figures) {
    if (f.baseline && !figures.some(b => b.id === f.baseline))
      problems.push({ where: byKind('figure', f.id)!.where, subject: `figure "${f.id}"`, message: `baseline "${f.baseline}" does not exist`, hint: 'Name a figure id from data/figures.ts.' })
    if (f.also && !figures.some(b => b.id === f.also))
      problems.push({ where: byKind('figure', f.id)!.where, subject: `figure "${f.id}"`, message: `also "${f.also}" does not exist`, hint: 'Name the figure id of the same amount in the other currency.' })
  }
  for (const r of scorecard) {
    for (const id of [...r.quotes, ...r.figures]) {
      if (!quotes.some(q => q.id === id) && !figures.some(f => f.id === id))
        problems.push({ where: byKind('scorecard row', r.domain)!.where, subject: `scorecard row "${r.domain}"`, message: `"${id}" is neither a quote nor a figure`, hint: 'Use ids from data/quotes.ts and data/figures.ts.' })
    }
  }
  return problems
}

/** Quotes, figures and names as the article has them (lib/provenance.ts's rules). */
export function articleProblems({ data, byKind }: Records, article: Article): Problem[] {
  const { quotes, figures, sources, people } = data
  const problems: Problem[] = []
  const sourceOf = (id: string) => sources.find(s => s.id === id)
  const report = (record: DataRecord, faults: Fault[]) => {
    for (const fault of faults)
      problems.push({ where: record.where, subject: `${record.kind} "${record.id}"`, ...fault })
  }
  for (const q of quotes)
    report(byKind('quote', q.id)!, quoteFaults(q, article, sourceOf(q.source)))
  for (const f of figures)
    report(byKind('figure', f.id)!, figureFaults(f, article, sourceOf(f.source)))
  // The narrator's “name” is a role label, not a person's name to spell as the article does.
  for (const p of people.filter(p => p.id !== 'cctv-narrator'))
    report(byKind('person', p.id)!, personFaults(p, article))
  return problems
}

/**
 * Each record's spans, and its own words against them. Also returns, record by record, the
 * text that backs a slide showing it: its spans, the verbatim text it carries and its own words.
 */
export function recordProblems({ all }: Records, articleLines?: string[]): { problems: Problem[], support: Map<DataRecord, string> } {
  const problems: Problem[] = []
  const support = new Map<DataRecord, string>()
  for (const r of all) {
    const subject = `${r.kind} "${r.id}"`
    const spans = readSpans(r.spans, (message, hint) => problems.push({ where: r.where, subject, message, hint }))
    problems.push(...spanProblems(spans, articleLines, () => r.where, subject))
    if (r.needsSpan && !r.spans.length)
      problems.push({ where: r.where, subject, message: 'has no `support` spans', hint: 'Add the article lines its words rest on, e.g. `support: [\'L43: In early 2021, …\']`.' })
    const backing = joinSupport(spans, r.verbatim)
    support.set(r, `${backing} \n ${normalize(r.own.join(' \n '))}`)
    for (const own of r.own) {
      for (const sentence of sentencesOf(own)) {
        const missing = missingTokens(sentence, backing)
        if (missing.length)
          problems.push({ where: r.where, subject, sentence, message: tokenMessage(missing, 'its support spans or the text it carries'), hint: 'Add the article span that says it to `support` (`L<line>: words`), or reword.' })
      }
    }
  }
  return { problems, support }
}
