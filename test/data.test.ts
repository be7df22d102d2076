import { describe, expect, it } from 'vitest'
import {
  figureById, figures, findFigure, findPerson, findQuote, findSource, people, quoteById, quotes,
  scorecard, sourceById, sources, timeline, UnknownIdError,
} from '../data'
import { dateStart } from '../lib/format'

const PRECISION_PATTERN = { day: /^\d{4}-\d{2}-\d{2}$/, month: /^\d{4}-\d{2}$/, year: /^\d{4}$/ }

function duplicates(ids: readonly string[]): string[] {
  return ids.filter((id, i) => ids.indexOf(id) !== i)
}

describe('the data module', () => {
  it.each([
    ['quotes', quotes.map(q => q.id)],
    ['figures', figures.map(f => f.id)],
    ['sources', sources.map(s => s.id)],
    ['people', people.map(p => p.id)],
    ['timeline', timeline.map(e => e.id)],
    ['scorecard', scorecard.map(r => r.domain)],
  ])('has unique ids among %s', (_kind, ids) => {
    expect(duplicates(ids)).toEqual([])
  })

  it('has kebab-case ids that slides can use as attributes', () => {
    const all = [...quotes, ...figures, ...sources, ...people, ...timeline].map(r => r.id)
    expect(all.filter(id => !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id))).toEqual([])
  })

  it('resolves every speaker and source a quote names', () => {
    for (const q of quotes) {
      expect(findPerson(q.speaker), `quote "${q.id}": speaker "${q.speaker}"`).toBeDefined()
      expect(findSource(q.source), `quote "${q.id}": source "${q.source}"`).toBeDefined()
    }
  })

  it('resolves every source and baseline a figure names, and baselines share the unit', () => {
    for (const f of figures) {
      expect(findSource(f.source), `figure "${f.id}": source "${f.source}"`).toBeDefined()
      if ('baseline' in f) {
        const base = findFigure(f.baseline)
        expect(base, `figure "${f.id}": baseline "${f.baseline}"`).toBeDefined()
        expect(base?.unit, `figure "${f.id}": unit of baseline`).toBe(f.unit)
      }
    }
  })

  it('resolves every source of the timeline and every id of the scorecard', () => {
    for (const e of timeline)
      expect(findSource(e.source), `event "${e.id}": source "${e.source}"`).toBeDefined()
    for (const row of scorecard) {
      for (const id of row.quotes)
        expect(findQuote(id), `scorecard "${row.domain}": quote "${id}"`).toBeDefined()
      for (const id of row.figures)
        expect(findFigure(id), `scorecard "${row.domain}": figure "${id}"`).toBeDefined()
    }
  })

  it('gives every figure a finite positive value, a unit, and ranges that run low to high', () => {
    for (const f of figures) {
      const values = typeof f.value === 'number' ? [f.value] : [...f.value]
      for (const v of values)
        expect(Number.isFinite(v) && v > 0, `figure "${f.id}": value ${v}`).toBe(true)
      if (values.length === 2)
        expect(values[0]! < values[1]!, `figure "${f.id}": range ${values.join('–')}`).toBe(true)
      expect(f.unit.trim(), `figure "${f.id}": unit`).not.toBe('')
      if ('currency' in f)
        expect(f.unit, `figure "${f.id}": unit of ${f.currency}`).toBe(f.currency === 'CNY' ? 'yuan' : 'US dollars')
    }
  })

  it('writes dates to match their precision', () => {
    const dates = [...timeline.map(e => [e.id, e.date] as const), ...sources.map(s => [s.id, s.date] as const)]
    for (const [id, date] of dates)
      expect(date.iso, `"${id}": ${date.precision} date`).toMatch(PRECISION_PATTERN[date.precision])
  })

  it('keeps the timeline in date order', () => {
    for (let i = 1; i < timeline.length; i++) {
      const [before, after] = [timeline[i - 1]!, timeline[i]!]
      expect(dateStart(after.date) >= dateStart(before.date), `"${after.id}" is dated before "${before.id}"`).toBe(true)
    }
  })

  it('gives every source a publisher, a label and line ranges that no other source shares', () => {
    const owner = new Map<number, string>()
    for (const s of sources) {
      expect(s.publisher, s.id).not.toBe('')
      expect(s.label, s.id).not.toBe('')
      expect(s.lines.length, `source "${s.id}": lines`).toBeGreaterThan(0)
      for (const [first, last] of s.lines) {
        expect(first >= 1 && first <= last, `source "${s.id}": range ${first}–${last}`).toBe(true)
        for (let line = first; line <= last; line++) {
          expect(owner.get(line), `source "${s.id}": line ${line} is already in "${owner.get(line)}"`).toBeUndefined()
          owner.set(line, s.id)
        }
      }
    }
  })

  it('looks records up by id and names the kind and id it could not find', () => {
    expect(quoteById('gale').original).toBe('疾风知劲草,路遥知马力。')
    expect(figureById('first-car-engineers').value).toBe(3400)
    expect(sourceById('anniversary-2025').date.iso).toBe('2025-05-22')
    // @ts-expect-error: a misspelt id is a type error; at run time it throws a named error
    expect(() => quoteById('gail')).toThrow(new UnknownIdError('quote', 'gail'))
    expect(() => quoteById('gail' as never)).toThrow('unknown quote id "gail"')
  })
})
