import { describe, expect, it } from 'vitest'
import { figureById, timeline } from '../data'
import { comparisonBars, ratioLines, ratioText } from '../lib/chart'
import { citeSource } from '../lib/cite'
import { dateStart, formatDate, formatFigure, formatNumber } from '../lib/format'
import { splitScripts } from '../lib/text'
import { selectEvents } from '../lib/timeline'

describe('formatNumber', () => {
  it('writes large round sums in words and keeps every digit', () => {
    expect(formatNumber(10e9)).toBe('10 billion')
    expect(formatNumber(1.5e9)).toBe('1.5 billion')
    expect(formatNumber(105e9)).toBe('105 billion')
    expect(formatNumber(3400)).toBe('3,400')
    expect(formatNumber(5.5)).toBe('5.5')
  })

  it('writes a range once, with the scale after it', () => {
    expect(formatNumber([300, 400])).toBe('300–400')
    expect(formatNumber([1e9, 2e9])).toBe('1–2 billion')
  })
})

describe('formatFigure', () => {
  it('keeps the qualifier, unit and currency with the number', () => {
    expect(formatFigure(figureById('first-car-spend'))).toBe('more than 10 billion yuan')
    expect(formatFigure(figureById('typical-model-spend'))).toBe('maybe 1–2 billion yuan')
    expect(formatFigure(figureById('rd-invested'))).toBe('about 105 billion yuan')
    expect(formatFigure(figureById('rd-pledge-usd'))).toBe('US$28 billion')
    expect(formatFigure(figureById('share-fall'))).toBe('5.5%')
    expect(formatFigure(figureById('hyperos-engineers'))).toBe('over 5,000 engineers')
  })
})

describe('formatDate', () => {
  it('shows a date only as precisely as it is known', () => {
    expect(formatDate({ iso: '2025-03-29', precision: 'day' })).toBe('29 Mar 2025')
    expect(formatDate({ iso: '2023-12', precision: 'month' })).toBe('Dec 2023')
    expect(formatDate({ iso: '2010', precision: 'year' })).toBe('2010')
    expect(formatDate({ iso: '2024', precision: 'year', approx: 'by mid-2024' })).toBe('By mid-2024')
  })

  it('sorts partial dates by the first day they can mean', () => {
    expect(dateStart({ iso: '2023-12', precision: 'month' })).toBe('2023-12-01')
    expect(dateStart({ iso: '2021', precision: 'year' })).toBe('2021-01-01')
  })
})

describe('splitScripts', () => {
  it('separates Chinese runs from English text', () => {
    expect(splitScripts('the Xuanjie 玄戒 O1')).toEqual([
      { text: 'the Xuanjie ', zh: false },
      { text: '玄戒', zh: true },
      { text: ' O1', zh: false },
    ])
  })

  it('keeps a saying with the source\'s plain comma in one run, full stop included', () => {
    expect(splitScripts('疾风知劲草,路遥知马力。')).toEqual([{ text: '疾风知劲草,路遥知马力。', zh: true }])
  })

  it('leaves English punctuation after a Chinese word outside the run', () => {
    expect(splitScripts('Liu Fang 刘方, who left')).toEqual([
      { text: 'Liu Fang ', zh: false },
      { text: '刘方', zh: true },
      { text: ', who left', zh: false },
    ])
  })
})

describe('comparisonBars', () => {
  it('draws both bars on one scale from zero, with a range as solid low end and lighter extent', () => {
    const [base, subject] = comparisonBars(figureById('first-car-engineers'), figureById('typical-model-engineers'), 340)
    expect(subject!.solid).toBe(340)
    expect(base!.solid).toBeCloseTo(30, 5)
    expect(base!.extent).toBeCloseTo(40, 5)
    expect(base!.valueText).toBe('300–400 engineers')
    expect(subject!.highlight).toBe(true)
  })

  it('refuses figures it cannot scale', () => {
    const zero = { ...figureById('share-fall'), value: 0 }
    expect(() => comparisonBars(zero, zero, 100)).toThrow('values must be positive')
  })
})

describe('ratioLines', () => {
  it('marks the ratio as computed and carries the baseline’s hedge', () => {
    expect(ratioLines(figureById('first-car-engineers'), figureById('typical-model-engineers'))).toEqual(['Computed: 8.5–11× a typical new model'])
    expect(ratioLines(figureById('first-car-spend'), figureById('typical-model-spend'))).toEqual(['Computed: more than 5–10× a typical new model', '(its figure is “maybe”)'])
  })
})

describe('ratioText', () => {
  it('gives the widest honest ratio and keeps "more than"', () => {
    expect(ratioText(figureById('first-car-engineers'), figureById('typical-model-engineers'))).toBe('8.5–11×')
    expect(ratioText(figureById('first-car-spend'), figureById('typical-model-spend'))).toBe('more than 5–10×')
  })
})

describe('selectEvents', () => {
  it('picks events by year span, oldest first', () => {
    expect(selectEvents(timeline, '2021', '2022').map(e => e.id)).toEqual(['car-decision', 'cyberdog', 'cyberone'])
    expect(selectEvents(timeline, '2030')).toEqual([])
  })
})

describe('citeSource', () => {
  it('names the translation for translated texts', () => {
    expect(citeSource({ label: 'CCTV interview, Dec 2023', publisher: 'ChinaTalk', translated: true }))
      .toBe('CCTV interview, Dec 2023, ChinaTalk translation')
    expect(citeSource({ label: 'Commentary by Angela, 2025', publisher: 'ChinaTalk', translated: false }))
      .toBe('Commentary by Angela, 2025, ChinaTalk')
    expect(citeSource({ label: 'ChinaTalk article, 2025', publisher: 'ChinaTalk', translated: false }))
      .toBe('ChinaTalk article, 2025')
  })
})
