/**
 * The deck's quotes and figures against the source article, by the rules `npm run check` applies
 * (lib/provenance.ts): each rule asserted on its own, then the checker's verdict on the record.
 */
import { describe, expect, it } from 'vitest'
import { figures, quotes, sourceById } from '../data'
import { figureFaults, findElided, lineWith, normalize, personFaults, placement, qualifierOf, quoteFaults, readArticle, standsIn } from '../lib/provenance'
import { parseNumberPhrase } from './support/numbers'
import { loadSource, SOURCE_PATH } from './support/source'

const source = loadSource()

// Without the article these checks cannot run; they are reported as skipped, never as passed.
describe.skipIf(!source)(`provenance against the source article (${source ? SOURCE_PATH : `skipped: no article at ${SOURCE_PATH}; set BRIEFING_SOURCE`})`, () => {
  const article = source?.text ?? ''
  const lines = source?.lines ?? []
  /** The line (1-based) where `text` first stands, and whether it lies in the ranges of `sourceId`. */
  const placed = (text: string, sourceId: Parameters<typeof sourceById>[0]) => placement(lines, text, sourceById(sourceId))

  it.each(quotes.map(q => [q.id, q] as const))('quote "%s" appears verbatim', (_id, quote) => {
    expect(findElided(article, quote.text), `quote "${quote.id}": this part is not in the article`).toBeUndefined()
    if ('original' in quote)
      expect(standsIn(article, quote.original), `quote "${quote.id}": Chinese original not in the article`).toBe(true)
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
    expect(standsIn(article, figure.evidence), `figure "${figure.id}": evidence "${figure.evidence}" not in the article`).toBe(true)
    expect(parseNumberPhrase(figure.evidence), `figure "${figure.id}": value against "${figure.evidence}"`).toEqual(figure.value)
    // The qualifier the source puts on the number must travel with it, and no other.
    const said = qualifierOf(figure.evidence)
    expect('qualifier' in figure ? figure.qualifier : undefined, `figure "${figure.id}": qualifier`).toBe(said)
  })

  // The same rules as `npm run check` reports them: nothing for the records as they are.
  it.each(quotes.map(q => [q.id, q] as const))('quote "%s" passes the checker\'s rules', (_id, quote) => {
    expect(quoteFaults(quote, source!, sourceById(quote.source))).toEqual([])
  })

  it.each(figures.map(f => [f.id, f] as const))('figure "%s" passes the checker\'s rules', (_id, figure) => {
    expect(figureFaults(figure, source!, sourceById(figure.source))).toEqual([])
  })
})

describe('the provenance rules, on text made up for them', () => {
  const article = readArticle('Alpha  beta\n  gamma delta.\n\n“Quoted words,” he said — twice.\nIt cost more than 3,400 yuan.')

  it('folds runs of whitespace, line breaks included, and changes nothing else', () => {
    expect(normalize('  a \t b\n\n c  ')).toBe('a b c')
    expect(normalize('“curly” — dash')).toBe('“curly” — dash')
    expect(article.text).toBe('Alpha beta gamma delta. “Quoted words,” he said — twice. It cost more than 3,400 yuan.')
    expect(article.lines).toHaveLength(5)
  })

  it('finds a quote whole, across a line break and with its spacing changed', () => {
    expect(findElided(article.text, 'beta gamma')).toBeUndefined()
    expect(findElided(article.text, 'beta\n   gamma  delta.')).toBeUndefined()
    expect(standsIn(article.text, 'Alpha\nbeta')).toBe(true)
    expect(standsIn(article.text, '"Quoted words," he said')).toBe(false)
  })

  it('finds the parts of an elided quote in order, and names the part that is missing or out of order', () => {
    expect(findElided(article.text, 'Alpha … delta. … twice.')).toBeUndefined()
    expect(findElided(article.text, '…beta…')).toBeUndefined()
    expect(findElided(article.text, 'delta. … Alpha')).toBe('Alpha')
    expect(findElided(article.text, 'Alpha … epsilon … delta.')).toBe('epsilon')
    // A part is looked for after the end of the one before, not after its start.
    expect(findElided(article.text, 'Alpha beta … beta')).toBe('beta')
  })

  it('places words on the first line that holds them whole, and against a source\'s line ranges', () => {
    expect(lineWith(article.lines, 'gamma  delta.')).toBe(2)
    expect(lineWith(article.lines, 'beta gamma')).toBe(0)
    expect(placement(article.lines, 'twice.', { lines: [[3, 4]] })).toEqual({ line: 4, inside: true })
    expect(placement(article.lines, 'twice.', { lines: [[1, 2], [5, 5]] })).toEqual({ line: 4, inside: false })
  })

  it('reads the qualifier the article puts on a number, the longest first', () => {
    expect(qualifierOf('just over 3,000')).toBe('just over')
    expect(qualifierOf('More than ten')).toBe('more than')
    expect(qualifierOf('overseas sales of 5')).toBeUndefined()
  })

  it('reports a quote that is not verbatim, a Chinese original that is not printed, and a quote credited to the wrong lines', () => {
    expect(quoteFaults({ text: 'Alpha … delta.' }, article, { id: 'intro', lines: [[1, 2]] })).toEqual([])
    expect(quoteFaults({ text: 'Alpha … omega', original: '疾风' }, article).map(f => [f.sentence, f.message])).toEqual([
      ['omega', 'this part is not in the article word for word'],
      ['疾风', 'the Chinese original is not in the article'],
    ])
    expect(quoteFaults({ text: 'he said — twice.' }, article, { id: 'intro', lines: [[1, 2]] }).map(f => f.message))
      .toEqual(['its first part is on line 4, outside the lines of source "intro" (1–2)'])
    expect(quoteFaults({ text: 'beta gamma' }, article, { id: 'intro', lines: [[1, 2]] }).map(f => f.message))
      .toEqual(['its first part is not on one line of the article'])
  })

  it('reports a figure whose evidence is missing, or whose value, qualifier or lines disagree with it', () => {
    const figure = { evidence: 'more than 3,400 yuan', value: 3400, qualifier: 'more than' } as const
    expect(figureFaults(figure, article, { id: 'cost', lines: [[5, 5]] })).toEqual([])
    expect(figureFaults({ ...figure, evidence: 'more than 3,500 yuan' }, article).map(f => f.message)).toEqual(['the evidence is not in the article word for word'])
    expect(figureFaults({ ...figure, value: 3500, qualifier: undefined }, article, { id: 'intro', lines: [[1, 2]] }).map(f => f.message)).toEqual([
      'value 3500 does not match 3400 read from the evidence',
      'qualifier is missing, the article says "more than"',
      'the evidence is on line 5, outside the lines of source "intro" (1–2)',
    ])
    expect(figureFaults({ ...figure, evidence: 'yuan.' }, article).map(f => f.message)).toEqual([
      'expected one number in "yuan.", found 0',
      'qualifier is "more than", the article says none',
    ])
  })

  it('reports a name the article does not print', () => {
    expect(personFaults({ name: 'Alpha', nameZh: '阿尔法' }, article).map(f => f.sentence)).toEqual(['阿尔法'])
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
