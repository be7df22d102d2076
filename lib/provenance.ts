/**
 * The provenance rules: what must stand in the source article, word for word, for the deck to
 * quote it or cite a number from it. A quote stands in the article verbatim, `…` marking a cut
 * whose parts all occur in order; a Chinese original stands in it as printed; a figure's evidence
 * stands in it and gives the figure's value and qualifier; each stands in the lines of the source
 * it is credited to; and a person's names are spelt as the article spells them.
 *
 * Pure functions over text, used by `npm run check` (scripts/check/check-deck.ts) and by the tests.
 * Text is compared after folding runs of whitespace (`normalize`) and nothing else.
 */
import type { Figure, Person, Qualifier, Quote, Source } from '../data/types'
import { parseNumberPhrase } from './numbers'

/** Collapses runs of whitespace; nothing else about the text is changed before comparing. */
export const normalize = (text: string): string => text.replace(/\s+/g, ' ').trim()

/** The article as the rules read it: whole, whitespace folded, and as its lines (1-based in `lineWith`). */
export interface Article {
  /** The whole article, whitespace folded */
  text: string
  /** The lines as they are on disk, as `nl -ba` numbers them from 1 */
  lines: readonly string[]
}

export function readArticle(raw: string): Article {
  return { text: normalize(raw), lines: raw.split('\n') }
}

/**
 * Finds `quoted` in `text` (already whitespace folded), where `…` in `quoted` marks a cut: every
 * part must occur, in order. Returns the first part that could not be found after the ones before
 * it, or undefined when all were.
 */
export function findElided(text: string, quoted: string): string | undefined {
  let from = 0
  for (const part of quoted.split('…').map(p => normalize(p)).filter(Boolean)) {
    const at = text.indexOf(part, from)
    if (at < 0)
      return part
    from = at + part.length
  }
  return undefined
}

/** Whether `words` stand in `text` (already whitespace folded), word for word. */
export const standsIn = (text: string, words: string): boolean => text.includes(normalize(words))

/** The first line (1-based) on which `words` stand whole; 0 when no single line holds them. */
export function lineWith(lines: readonly string[], words: string): number {
  const wanted = normalize(words)
  return lines.findIndex(l => normalize(l).includes(wanted)) + 1
}

/** Where `words` stand, and whether that line lies in the line ranges of `source`. */
export function placement(lines: readonly string[], words: string, source: Pick<Source, 'lines'>): { line: number, inside: boolean } {
  const line = lineWith(lines, words)
  return { line, inside: source.lines.some(([first, last]) => line >= first && line <= last) }
}

/** The qualifiers a figure can carry, longest first so that `just over` wins over `over`. */
export const QUALIFIERS: readonly Qualifier[] = ['just over', 'more than', 'over', 'about', 'maybe']

/** The qualifier the article puts on a number in `evidence`, if any. */
export function qualifierOf(evidence: string): Qualifier | undefined {
  return QUALIFIERS.find(q => new RegExp(`\\b${q}\\b`, 'i').test(evidence))
}

// ---------------------------------------------------------------------------------------------
// The rules, record by record

/** One broken rule: the words at fault, what is wrong, and what to do about it. */
export interface Fault {
  sentence: string
  message: string
  hint: string
}

/** A source as the placement rule needs it: its id (for the message) and its line ranges. */
export type CreditedSource = Pick<Source, 'id' | 'lines'>

const rangesText = (source: CreditedSource) => source.lines.map(([a, b]) => a === b ? `${a}` : `${a}–${b}`).join(', ')

/** The placement rule for `words` credited to `source`; `what` names them in the message. */
function placementFault(article: Article, words: string, source: CreditedSource, what: string): Fault | undefined {
  const { line, inside } = placement(article.lines, words, source)
  if (inside)
    return undefined
  return {
    sentence: words,
    message: line
      ? `${what} is on line ${line}, outside the lines of source "${source.id}" (${rangesText(source)})`
      : `${what} is not on one line of the article`,
    hint: line
      ? 'Credit it to the source whose lines hold it, or fix that source\'s `lines` in data/sources.ts.'
      : 'Cut it with “…” where the article starts a new line.',
  }
}

/**
 * A quote against the article: verbatim (cuts marked `…`), its Chinese original as printed, and,
 * when `source` is given, its first part on a line of that source.
 */
export function quoteFaults(quote: Pick<Quote, 'text' | 'original'>, article: Article, source?: CreditedSource): Fault[] {
  const faults: Fault[] = []
  const missing = findElided(article.text, quote.text)
  if (missing !== undefined)
    faults.push({ sentence: missing, message: 'this part is not in the article word for word', hint: 'Copy it from the article exactly (curly quotes, dashes, plain commas in Chinese); mark a cut with “…”.' })
  if (quote.original && !standsIn(article.text, quote.original))
    faults.push({ sentence: quote.original, message: 'the Chinese original is not in the article', hint: 'Copy the Chinese exactly as the article prints it.' })
  if (missing === undefined && source) {
    const fault = placementFault(article, quote.text.split('…')[0]!, source, 'its first part')
    if (fault)
      faults.push(fault)
  }
  return faults
}

/**
 * A figure against the article: its evidence verbatim, the value and the qualifier read from that
 * evidence equal to its own, and, when `source` is given, the evidence on a line of that source.
 * Evidence that is not in the article is the only fault reported for it.
 */
export function figureFaults(figure: Pick<Figure, 'evidence' | 'value' | 'qualifier'>, article: Article, source?: CreditedSource): Fault[] {
  const sentence = figure.evidence
  if (!standsIn(article.text, sentence))
    return [{ sentence, message: 'the evidence is not in the article word for word', hint: 'Set `evidence` to the article\'s own phrase for the number.' }]
  const faults: Fault[] = []
  try {
    const read = parseNumberPhrase(sentence)
    if (JSON.stringify(read) !== JSON.stringify(figure.value))
      faults.push({ sentence, message: `value ${JSON.stringify(figure.value)} does not match ${JSON.stringify(read)} read from the evidence`, hint: 'Fix the value (or the evidence) so they agree.' })
  }
  catch (error) {
    faults.push({ sentence, message: (error as Error).message, hint: 'Make `evidence` a phrase with exactly one number (or range).' })
  }
  const said = qualifierOf(sentence)
  if ((figure.qualifier ?? undefined) !== said)
    faults.push({ sentence, message: `qualifier is ${figure.qualifier ? `"${figure.qualifier}"` : 'missing'}, the article says ${said ? `"${said}"` : 'none'}`, hint: 'Keep the article\'s qualifier with the number, and no other.' })
  if (source) {
    const fault = placementFault(article, sentence, source, 'the evidence')
    if (fault)
      faults.push(fault)
  }
  return faults
}

/** A person against the article: each name they are given, in English and Chinese, as it prints it. */
export function personFaults(person: Pick<Person, 'name' | 'nameZh'>, article: Article): Fault[] {
  return [person.name, person.nameZh]
    .filter((name): name is string => Boolean(name))
    .filter(name => !standsIn(article.text, name))
    .map(name => ({ sentence: name, message: 'this name is not in the article', hint: 'Spell the name as the article does.' }))
}
