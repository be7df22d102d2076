import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { figures, quotes, sourceById } from '../data'
import type { Qualifier } from '../data'
import { parseNumberPhrase } from './support/numbers'
import { findElided, loadSource, normalize, SOURCE_PATH } from './support/source'

const source = loadSource()
const QUALIFIERS: readonly Qualifier[] = ['just over', 'more than', 'over', 'about', 'maybe']

// Without the article these checks cannot run; they are reported as skipped, never as passed.
describe.skipIf(!source)(`provenance against the source article (${source ? SOURCE_PATH : `skipped: no article at ${SOURCE_PATH}; set BRIEFING_SOURCE`})`, () => {
  const article = source ?? ''
  const lines = source ? readFileSync(SOURCE_PATH, 'utf8').split('\n') : []
  /** The line (1-based) where `text` first stands, and whether it lies in the ranges of `sourceId`. */
  const placed = (text: string, sourceId: Parameters<typeof sourceById>[0]) => {
    const line = lines.findIndex(l => normalize(l).includes(normalize(text))) + 1
    return { line, inside: sourceById(sourceId).lines.some(([first, last]) => line >= first && line <= last) }
  }

  it.each(quotes.map(q => [q.id, q] as const))('quote "%s" appears verbatim', (_id, quote) => {
    expect(findElided(article, quote.text), `quote "${quote.id}": this part is not in the article`).toBeUndefined()
    if ('original' in quote)
      expect(article.includes(normalize(quote.original)), `quote "${quote.id}": Chinese original not in the article`).toBe(true)
  })

  it.each(quotes.map(q => [q.id, q] as const))('quote "%s" stands in the part of the article it is credited to', (_id, quote) => {
    const { line, inside } = placed(quote.text.split('…')[0]!, quote.source)
    expect(line, `quote "${quote.id}": its first part is not on one line of the article`).toBeGreaterThan(0)
    expect(inside, `quote "${quote.id}": on line ${line}, outside the lines of "${quote.source}"`).toBe(true)
  })

  it.each(figures.map(f => [f.id, f] as const))('figure "%s" stands in the part of the article it is credited to', (_id, figure) => {
    const { line, inside } = placed(figure.evidence, figure.source)
    expect(inside, `figure "${figure.id}": on line ${line}, outside the lines of "${figure.source}"`).toBe(true)
  })

  it.each(figures.map(f => [f.id, f] as const))('figure "%s" matches the article\'s own words', (_id, figure) => {
    expect(article.includes(normalize(figure.evidence)), `figure "${figure.id}": evidence "${figure.evidence}" not in the article`).toBe(true)
    expect(parseNumberPhrase(figure.evidence), `figure "${figure.id}": value against "${figure.evidence}"`).toEqual(figure.value)
    // The qualifier the source puts on the number must travel with it, and no other.
    const said = QUALIFIERS.find(q => new RegExp(`\\b${q}\\b`, 'i').test(figure.evidence))
    expect('qualifier' in figure ? figure.qualifier : undefined, `figure "${figure.id}": qualifier`).toBe(said)
  })
})

describe('the number reader used for provenance', () => {
  it.each([
    ['three to four hundred engineers', [300, 400]],
    ['maybe one or two billion yuan', [1e9, 2e9]],
    ['more than ten billion yuan', 10e9],
    ['Over 5,000 engineers', 5000],
    ['US $1.5 billion', 1.5e9],
    ['US$28 billion', 28e9],
    ['fell 5.5%', 5.5],
    ['killing three college students', 3],
  ] as const)('reads "%s"', (phrase, expected) => {
    expect(parseNumberPhrase(phrase)).toEqual(expected)
  })

  it('refuses a phrase with no number or with two', () => {
    expect(() => parseNumberPhrase('no number here')).toThrow('found 0')
    expect(() => parseNumberPhrase('3,400 engineers and 10 billion')).toThrow('found 2')
  })
})
