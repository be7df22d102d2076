// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Component } from 'vue'
import Citation from '../components/Citation.vue'
import CompareChart from '../components/CompareChart.vue'
import DataError from '../components/DataError.vue'
import FigureStat from '../components/FigureStat.vue'
import MixedText from '../components/MixedText.vue'
import PersonName from '../components/PersonName.vue'
import QuoteCard from '../components/QuoteCard.vue'
import Scorecard from '../components/Scorecard.vue'
import SourceList from '../components/SourceList.vue'
import TimelineStrip from '../components/TimelineStrip.vue'
import { quoteById, scorecard, sources } from '../data'

const COMPONENTS_DIR = join(import.meta.dirname, '../components')

// Slidev registers every component globally; the tests do the same for the two shared ones.
function render(component: Component, props: Record<string, unknown>) {
  return mount(component, { props, global: { components: { DataError, MixedText } } })
}

/** Text as a reader sees it: whitespace from template formatting collapsed. */
const textOf = (wrapper: { text: () => string }) => wrapper.text().replace(/\s+/g, ' ')

let consoleError: ReturnType<typeof vi.spyOn>
beforeEach(() => {
  consoleError = vi.spyOn(console, 'error').mockImplementation(() => {})
})
afterEach(() => {
  consoleError.mockRestore()
})

describe('QuoteCard', () => {
  it('shows the exact text, the speaker, the occasion and the date', () => {
    const text = textOf(render(QuoteCard, { id: 'no-longer-rookie' }))
    expect(text).toContain(quoteById('no-longer-rookie').text)
    expect(text).toContain('Lei Jun')
    expect(text).toContain('15th-anniversary speech, 22 May 2025, ChinaTalk translation')
  })

  it('puts the Chinese original beside the translation, marked as Chinese', () => {
    const wrapper = render(QuoteCard, { id: 'fundamentals-then-amaze' })
    const original = wrapper.find('.original [lang="zh-Hans"]')
    expect(original.text()).toBe('守正出奇')
    expect(wrapper.find('blockquote').text()).toBe('nail the fundamentals, then amaze')
  })

  it('marks Chinese inside an English quote', () => {
    const wrapper = render(QuoteCard, { id: 'xring-o1' })
    expect(wrapper.find('blockquote [lang="zh-Hans"]').text()).toBe('玄戒')
  })
})

describe('FigureStat', () => {
  it('formats the number from data with its qualifier and unit', () => {
    const text = textOf(render(FigureStat, { id: 'first-car-spend' }))
    expect(text).toContain('more than')
    expect(text).toContain('10 billion yuan')
    expect(text).toContain('What Xiaomi spent on its first car')
    expect(text).toContain('CCTV interview, Dec 2023')
  })
})

describe('FigureStat with a second currency', () => {
  it('shows the amount the article also gives in US dollars', () => {
    const text = textOf(render(FigureStat, { id: 'ev-programme' }))
    expect(text).toContain('10 billion yuan')
    expect(text).toContain('(US$1.5 billion, as the article gives it)')
    expect(text).toContain('What Xiaomi poured into the EV programme it began in 2021')
  })
})

describe('CompareChart', () => {
  it('draws an SVG bar per figure and baseline with a text alternative', () => {
    const wrapper = render(CompareChart, { ids: ['first-car-engineers', 'first-car-spend'], title: 'Ten-X', ratio: true })
    const svgs = wrapper.findAll('svg[role="img"]')
    expect(svgs).toHaveLength(2)
    expect(wrapper.findAll('rect.bar-main')).toHaveLength(2)
    const labelled = svgs[0]!.attributes('aria-labelledby')!.split(' ')
    const description = labelled.map(id => wrapper.find(`[id="${id}"]`).text()).join(' ')
    expect(description).toContain('Engineers Xiaomi assigned to its first car')
    expect(description).toContain('3,400 engineers')
    expect(description).toContain('300–400 engineers')
    expect(description).toContain('more than 10 billion yuan')
    expect(textOf(wrapper)).toContain('8.5–11×')
  })

  it('fails loudly on a figure that has no baseline to compare against', () => {
    expect(textOf(render(CompareChart, { ids: ['share-fall'], title: 'x' })))
      .toContain('CompareChart: unknown baseline for figure id "share-fall"')
  })
})

describe('TimelineStrip', () => {
  it('lists chosen events in order with their dates as precise as known', () => {
    const wrapper = render(TimelineStrip, { ids: ['su7-crash', 'weibo-pledge'] })
    const items = wrapper.findAll('li').map(li => textOf(li))
    expect(items[0]).toContain('29 Mar 2025')
    expect(items[0]).toContain('Fatal SU7 crash')
    expect(items[1]).toContain('1 Apr 2025')
  })

  it('selects events by a span of years', () => {
    const wrapper = render(TimelineStrip, { from: '2022', to: '2023' })
    expect(wrapper.findAll('time').map(t => t.attributes('datetime'))).toEqual(['2022', '2023', '2023-12'])
  })
})

describe('Scorecard', () => {
  it('has a row per domain with ambition, hard truth and verdict', () => {
    const wrapper = render(Scorecard, {})
    expect(wrapper.findAll('tbody tr')).toHaveLength(scorecard.length)
    expect(textOf(wrapper.find('tbody tr:nth-child(4)'))).toContain('Cars')
    expect(textOf(wrapper.find('tbody tr:nth-child(4)'))).toContain('under strain')
  })

  it('renders a compact list for narrow columns', () => {
    const wrapper = render(Scorecard, { compact: true, domains: ['robots'] })
    expect(wrapper.find('.domain').text()).toBe('Robots')
    expect(wrapper.find('.verdict').text()).toBe('retreated')
    expect(wrapper.find('.truth').text()).toContain('the lab was reduced to building robots for Xiaomi’s own factory lines')
  })
})

describe('Citation, SourceList and PersonName', () => {
  it('cite sources by label, publisher and translation', () => {
    expect(textOf(render(Citation, { ids: ['cctv-2023', 'chinatalk-article'] })))
      .toBe('Source: CCTV interview, Dec 2023, ChinaTalk translation; ChinaTalk article, undated')
  })

  it('lists every source on the sources slide', () => {
    const items = render(SourceList, {}).findAll('li')
    expect(items.map(li => li.find('strong').text())).toEqual(sources.map(s => s.title))
  })

  it('shows a Chinese name marked as Chinese', () => {
    const wrapper = render(PersonName, { id: 'ren-zeyu' })
    expect(textOf(wrapper)).toBe('Ren Zeyu 任赜宇')
    expect(wrapper.find('[lang="zh-Hans"]').text()).toBe('任赜宇')
  })
})

describe('an unknown id', () => {
  it.each([
    [QuoteCard, { id: 'gail' }, 'QuoteCard: unknown quote id "gail"'],
    [FigureStat, { id: 'nope' }, 'FigureStat: unknown figure id "nope"'],
    [CompareChart, { ids: ['nope'], title: 'x' }, 'CompareChart: unknown figure id "nope"'],
    [TimelineStrip, { ids: ['nope'] }, 'TimelineStrip: unknown timeline event id "nope"'],
    [Scorecard, { domains: ['boats'] }, 'Scorecard: unknown domain id "boats"'],
    [Citation, { ids: 'nope' }, 'Citation: unknown source id "nope"'],
    [PersonName, { id: 'nope' }, 'PersonName: unknown person id "nope"'],
  ] as const)('shows a visible error naming the component and the id (%#)', (component, props, message) => {
    const wrapper = render(component as Component, props)
    expect(wrapper.find('[role="alert"]').text()).toBe(message)
    expect(consoleError).toHaveBeenCalledWith(message)
    // The mark the exporter looks for, so the export fails naming the slide instead of shipping the box.
    expect(wrapper.find('[data-deck-error]').attributes('data-deck-error')).toBe(message)
  })
})

describe('component sources', () => {
  it('never render data as HTML', () => {
    const offenders = readdirSync(COMPONENTS_DIR)
      .filter(f => f.endsWith('.vue'))
      .filter(f => /v-html|innerHTML/.test(readFileSync(join(COMPONENTS_DIR, f), 'utf8')))
    expect(offenders).toEqual([])
  })
})
