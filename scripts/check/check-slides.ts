/**
 * The slides' part of `npm run check`: each slide's components name records that exist, the
 * slide has evidence that stands on its lines, and every number, date, name and quoted phrase
 * of its title, prose, chart titles and notes is backed by its evidence or the records it shows.
 */
import { parseSync } from '@slidev/parser'
import type { Figure } from '../../data'
import { missingTokens, positionalReference, sentencesOf } from '../../lib/evidence'
import { normalize } from '../../lib/provenance'
import { componentUses, diagramLabels, proseLines } from '../../lib/slide-text'
import { selectEvents } from '../../lib/timeline'
import type { DataRecord, Problem, Records } from './check-records'
import { joinSupport, lineOf, readSpans, spanProblems, tokenMessage } from './check-records'

type ComponentUse = ReturnType<typeof componentUses>[number]

/** The component that shows each kind of record by id. */
const SHOWS: Record<string, string> = {
  QuoteCard: 'quote',
  FigureStat: 'figure',
  CompareChart: 'figure',
  TimelineStrip: 'timeline event',
  Citation: 'source',
  PersonName: 'person',
  Scorecard: 'scorecard row',
}

/**
 * The records one component use puts on its slide, with those each one brings along (a quote
 * its speaker and source, a figure its source, its other currency and, in a chart, its
 * baseline), and the ids it names that no record has.
 */
function shownRecords({ data, all, byKind }: Records, use: ComponentUse): { shown: DataRecord[], unknown: string[] } {
  const { quotes, figures, timeline, scorecard } = data
  const shown: DataRecord[] = []
  const unknown: string[] = []
  const kind = SHOWS[use.tag]
  for (const id of kind ? use.ids : []) {
    const record = byKind(kind!, id)
    if (!record) {
      unknown.push(id)
      continue
    }
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
  if (use.tag === 'Scorecard' && !use.ids.length)
    shown.push(...all.filter(r => r.kind === 'scorecard row'))
  if (use.tag === 'SourceList')
    shown.push(...all.filter(r => r.kind === 'source'))
  if (use.tag === 'TimelineStrip' && !use.ids.length && (use.attrs.from || use.attrs.to)) {
    for (const e of selectEvents(timeline, use.attrs.from, use.attrs.to))
      shown.push(byKind('timeline event', e.id)!)
  }
  return { shown, unknown }
}

/**
 * Every slide of `slidesText` (the file at `slidesPath`), against the records (`support` holds
 * the text that backs each one, from `recordProblems`) and, when given, the article's lines.
 */
export function slideProblems(records: Records, support: Map<DataRecord, string>, slidesText: string, slidesPath: string, articleLines?: string[]): Problem[] {
  const problems: Problem[] = []
  let slides
  try {
    slides = parseSync(slidesText, slidesPath).slides
  }
  catch (error) {
    return [{ where: 'slides.md:1', subject: 'slides.md', message: `cannot be parsed: ${(error as Error).message}`, hint: 'Fix the frontmatter or separators it names.' }]
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
    // The parser's `start` is the separator line (0-based); search from there.
    const from = Math.max(0, slide.start ?? 0)
    const at = (needle: string) => `slides.md:${lineOf(slidesText, needle, from, from + 1)}`
    const subject = (part: string) => `slide ${n} “${title}”${part ? `, ${part}` : ''}`

    // Components, their ids, and the records they show.
    const shown: DataRecord[] = []
    for (const use of componentUses(n, slide.content)) {
      const found = shownRecords(records, use)
      for (const id of found.unknown)
        problems.push({ where: at(id), subject: subject(`<${use.tag}>`), message: `${use.tag} names "${id}", which is not in data/`, hint: 'Use an id that exists (see data/*.ts), or add the record.' })
      shown.push(...found.shown)
    }

    // The slide's own evidence.
    const raw = (slide.frontmatter as Record<string, unknown>).evidence
    const items = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
    if (raw !== undefined && !Array.isArray(raw))
      problems.push({ where: at('evidence:'), subject: subject('evidence'), message: '`evidence:` is not a list', hint: 'Write one `- L<line>: words` item per line under `evidence:`.' })
    const spans = readSpans(items, (message, hint) => problems.push({ where: at('evidence:'), subject: subject('evidence'), message, hint }))
    if (!spans.length)
      problems.push({ where: `slides.md:${from + 1}`, subject: subject(''), message: 'has no evidence', hint: 'Add `evidence:` to the slide\'s frontmatter with the article lines its prose and notes rest on (`- L43: words from line 43`).' })
    problems.push(...spanProblems(spans, articleLines, s => at(s.text.slice(0, 30)), subject('evidence')))
    const backing = [joinSupport(spans, []), ...shown.map(r => support.get(r) ?? '')].join(' \n ')
    const where = 'the slide’s evidence or the data it shows'

    // Sentences: the title, the prose, diagram labels, chart titles, and the notes. Titles and
    // labels are set in title case, so a capital there does not mark a name.
    const blocks: Array<[part: string, text: string]> = [
      ['title', title],
      ['prose', proseLines(slide.content).replace(/^#\s+.*$/m, '')],
      ['diagram', diagramLabels(slide.content).join('\n')],
      ...componentUses(n, slide.content).filter(u => u.attrs.title).map(u => [`<${u.tag}> title`, u.attrs.title!] as [string, string]),
      ['notes', slide.note ?? ''],
    ]
    for (const [part, text] of blocks) {
      for (const sentence of sentencesOf(text)) {
        const missing = missingTokens(part === 'title' ? sentence : withoutSlideNames(sentence), backing, { heading: part === 'title' || part === 'diagram' })
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
