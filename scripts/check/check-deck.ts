/**
 * Every check an editor needs after changing slides.md or data/, without a browser: ids resolve,
 * quotes are verbatim, figures agree with their own words, evidence spans stand on their lines,
 * and every number, date, name and quoted phrase in the deck's own words is backed by the spans
 * of its slide or record. The rules for quotes, figures and names against the article are
 * lib/provenance.ts's; this module applies them to the records and says where each one is.
 * Returns problems; never throws on bad content.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseSync } from '@slidev/parser'
import type { Figure, Person, Quote, ScorecardRow, Source, TimelineEvent } from '../../data'
import * as projectData from '../../data'
import type { Span } from '../../lib/evidence'
import { missingTokens, parseSpan, positionalReference, sentencesOf, shortSpan, spanProblem } from '../../lib/evidence'
import type { Fault } from '../../lib/provenance'
import { figureFaults, normalize, personFaults, quoteFaults, readArticle } from '../../lib/provenance'
import { componentUses, proseLines } from '../../lib/slide-text'
import { selectEvents } from '../../lib/timeline'

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

export interface CheckInput {
  root: string
  /** Records to check in place of the project's data/ modules, kind by kind */
  data?: Partial<DeckData>
  /** The article as it is on disk; undefined when it is not there */
  article?: string
  /** slides.md text; read from `root` when not given */
  slidesText?: string
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** The line (1-based) of `file` where `needle` first occurs at or after `from`; `fallback` if nowhere. */
function lineOf(text: string, needle: string, from = 0, fallback = 1): number {
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
interface Record_ {
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
function records(root: string, data: DeckData): Record_[] {
  const { quotes, figures, timeline, scorecard, sources, people } = data
  const of = <T>(kind: string, file: string, items: readonly T[], id: (item: T) => string, read: (item: T) => Omit<Record_, 'kind' | 'id' | 'where'>, key = 'id'): Record_[] =>
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
function readSpans(items: readonly unknown[], report: (message: string, hint: string) => void): Span[] {
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

const joinSupport = (spans: Span[], texts: string[]) => normalize([...spans.map(s => s.text), ...texts].join(' \n '))

function tokenMessage(missing: ReturnType<typeof missingTokens>, where: string): string {
  const kinds = { number: 'number', date: 'date', name: 'name', quoted: 'quoted phrase', claim: 'first or superlative' }
  return missing.map(t => `${kinds[t.kind]} “${t.text}”`).join(', ') + ` ${missing.length > 1 ? 'are' : 'is'} not in ${where}`
}

export function checkDeck(input: CheckInput): Problem[] {
  const problems: Problem[] = []
  const root = input.root
  const slidesPath = path.join(root, 'slides.md')
  const slidesText = input.slidesText ?? readFileSync(slidesPath, 'utf8')
  const articleLines = input.article?.split('\n')
  const article = input.article ? readArticle(input.article) : undefined
  const data: DeckData = { ...(projectData as DeckData), ...input.data }
  const { quotes, figures, timeline, scorecard, sources, people } = data
  const all = records(root, data)
  const byKind = (kind: string, id: string) => all.find(r => r.kind === kind && r.id === id)

  // ---- ids --------------------------------------------------------------------------------
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

  // ---- quotes and figures against the article ----------------------------------------------
  if (article) {
    const sourceOf = (id: string) => sources.find(s => s.id === id)
    const report = (record: Record_, faults: Fault[]) => {
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
  }

  // ---- data records: spans and their own words ------------------------------------------------
  const recordSupport = new Map<Record_, string>()
  for (const r of all) {
    const subject = `${r.kind} "${r.id}"`
    const spans = readSpans(r.spans, (message, hint) => problems.push({ where: r.where, subject, message, hint }))
    if (articleLines) {
      for (const s of spans) {
        const wrong = spanProblem(s, articleLines)
        if (wrong)
          problems.push({ where: r.where, subject, sentence: `L${s.line}: ${shortSpan(s.text, 70)}`, message: `evidence span: ${wrong}`, hint: 'Copy the words from that line of the article exactly, or fix the line number (`nl -ba article.txt`).' })
      }
    }
    if (r.needsSpan && !r.spans.length)
      problems.push({ where: r.where, subject, message: 'has no `support` spans', hint: 'Add the article lines its words rest on, e.g. `support: [\'L43: In early 2021, …\']`.' })
    const support = joinSupport(spans, r.verbatim)
    recordSupport.set(r, `${support} \n ${normalize(r.own.join(' \n '))}`)
    for (const own of r.own) {
      for (const sentence of sentencesOf(own)) {
        const missing = missingTokens(sentence, support)
        if (missing.length)
          problems.push({ where: r.where, subject, sentence, message: tokenMessage(missing, 'its support spans or the text it carries'), hint: 'Add the article span that says it to `support` (`L<line>: words`), or reword.' })
      }
    }
  }

  // ---- slides ------------------------------------------------------------------------------
  let slides
  try {
    slides = parseSync(slidesText, slidesPath).slides
  }
  catch (error) {
    problems.push({ where: 'slides.md:1', subject: 'slides.md', message: `cannot be parsed: ${(error as Error).message}`, hint: 'Fix the frontmatter or separators it names.' })
    return problems
  }
  const slideStart = (i: number) => {
    // The parser's `start` is the separator line (0-based); search from there.
    return Math.max(0, slides[i]!.start ?? 0)
  }
  const RESOLVE: Record<string, (id: string) => Record_ | undefined> = {
    QuoteCard: id => byKind('quote', id),
    FigureStat: id => byKind('figure', id),
    CompareChart: id => byKind('figure', id),
    TimelineStrip: id => byKind('timeline event', id),
    Citation: id => byKind('source', id),
    PersonName: id => byKind('person', id),
    Scorecard: id => byKind('scorecard row', id),
  }

  // A sentence may name another slide by its title (“the Sources slide”, “on “The money” slide”):
  // such a reference is not a claim, so it is taken out before the sentence's tokens are read.
  const slideNames = [...new Set(slides.flatMap((s) => {
    const full = normalize(String(s.title ?? '').replace(/<[^>]*>/g, ''))
    return [full, full.split(':')[0]!.trim()].filter(Boolean)
  }))].sort((a, b) => b.length - a.length)
  const withoutSlideNames = (sentence: string) => slideNames.reduce((text, name) =>
    text.replaceAll(`“${name}” slide`, 'slide').replaceAll(`${name} slide`, 'slide'), sentence)
  slides.forEach((slide, i) => {
    const n = i + 1
    const title = normalize(String(slide.title ?? `Slide ${n}`).replace(/<[^>]*>/g, ''))
    const from = slideStart(i)
    const at = (needle: string) => `slides.md:${lineOf(slidesText, needle, from, from + 1)}`
    const subject = (part: string) => `slide ${n} “${title}”${part ? `, ${part}` : ''}`

    // Components, their ids, and the records they show.
    const shown: Record_[] = []
    for (const use of componentUses(n, slide.content)) {
      const resolve = RESOLVE[use.tag]
      for (const id of use.ids) {
        const record = resolve?.(id)
        if (resolve && !record) {
          problems.push({ where: at(id), subject: subject(`<${use.tag}>`), message: `${use.tag} names "${id}", which is not in data/`, hint: 'Use an id that exists (see data/*.ts), or add the record.' })
          continue
        }
        if (record) {
          shown.push(record)
          if (record.kind === 'quote') {
            const q = quotes.find(x => x.id === id)!
            shown.push(byKind('person', q.speaker)!, byKind('source', q.source)!)
          }
          if (record.kind === 'figure') {
            const f = figures.find(x => x.id === id)! as Figure
            shown.push(byKind('source', f.source)!)
            if (f.also && byKind('figure', f.also))
              shown.push(byKind('figure', f.also)!)
            if (f.baseline && use.tag === 'CompareChart')
              shown.push(byKind('figure', f.baseline)!)
          }
          if (record.kind === 'timeline event')
            shown.push(byKind('source', timeline.find(e => e.id === id)!.source)!)
          if (record.kind === 'scorecard row') {
            const row = scorecard.find(r => r.domain === id)!
            shown.push(...row.quotes.map(q => byKind('quote', q)!), ...row.figures.map(f => byKind('figure', f)!))
          }
        }
      }
      if (use.tag === 'Scorecard' && !use.ids.length)
        shown.push(...all.filter(r => r.kind === 'scorecard row'))
      if (use.tag === 'SourceList')
        shown.push(...all.filter(r => r.kind === 'source'))
      if (use.tag === 'TimelineStrip' && !use.ids.length && (use.attrs.from || use.attrs.to)) {
        for (const e of selectEvents(timeline, use.attrs.from, use.attrs.to))
          shown.push(byKind('timeline event', e.id)!)
      }
    }

    // The slide's own evidence.
    const raw = (slide.frontmatter as Record<string, unknown>).evidence
    const items = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
    if (raw !== undefined && !Array.isArray(raw))
      problems.push({ where: at('evidence:'), subject: subject('evidence'), message: '`evidence:` is not a list', hint: 'Write one `- L<line>: words` item per line under `evidence:`.' })
    const spans = readSpans(items, (message, hint) => problems.push({ where: at('evidence:'), subject: subject('evidence'), message, hint }))
    if (!spans.length)
      problems.push({ where: `slides.md:${from + 1}`, subject: subject(''), message: 'has no evidence', hint: 'Add `evidence:` to the slide\'s frontmatter with the article lines its prose and notes rest on (`- L43: words from line 43`).' })
    if (articleLines) {
      for (const s of spans) {
        const wrong = spanProblem(s, articleLines)
        if (wrong)
          problems.push({ where: at(s.text.slice(0, 30)), subject: subject('evidence'), sentence: `L${s.line}: ${shortSpan(s.text, 70)}`, message: `evidence span: ${wrong}`, hint: 'Copy the words from that line of the article exactly, or fix the line number (`nl -ba article.txt`).' })
      }
    }
    const support = [joinSupport(spans, []), ...shown.map(r => recordSupport.get(r) ?? '')].join(' \n ')
    const where = 'the slide’s evidence or the data it shows'

    // Sentences: the title, the prose, chart titles, and the notes.
    const blocks: Array<[part: string, text: string]> = [
      ['title', title],
      ['prose', proseLines(slide.content).replace(/^#\s+.*$/m, '')],
      ...componentUses(n, slide.content).filter(u => u.attrs.title).map(u => [`<${u.tag}> title`, u.attrs.title!] as [string, string]),
      ['notes', slide.note ?? ''],
    ]
    for (const [part, text] of blocks) {
      for (const sentence of sentencesOf(text)) {
        const missing = missingTokens(part === 'title' ? sentence : withoutSlideNames(sentence), support, { heading: part === 'title' })
        if (missing.length)
          problems.push({ where: at(sentence.split(' ').slice(0, 4).join(' ')), subject: subject(part), sentence, message: tokenMessage(missing, where), hint: 'Add the article span that says it to the slide\'s `evidence:` (`- L<line>: words`), show the data record that carries it, or reword.' })
        if (part === 'notes') {
          const pointer = positionalReference(sentence)
          if (pointer)
            problems.push({ where: at(sentence.split(' ').slice(0, 4).join(' ')), subject: subject(part), sentence, message: `points at another slide by position (“${pointer}”)`, hint: 'Name the slide by its title instead, so the note stays true when slides move.' })
        }
      }
    }
  })
  return problems
}

/** One problem as the terminal shows it: place, subject, sentence, what is wrong, what to do. */
export function formatProblem(p: Problem): string {
  const head = `${p.where}  ${p.subject}`
  const sentence = p.sentence ? `\n    “${shortSpan(p.sentence, 140)}”` : ''
  return `${head}${sentence}\n    ${p.message}\n    → ${p.hint}`
}
