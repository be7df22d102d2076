/**
 * The slide budget behind `npm run check`: words on screen counted from the source as a PDF's
 * text layer counts them, click steps, `[click]` markers and speaking time, and the problems
 * that name the slide over its limits.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as data from '../data'
import { clickMarks, clickSteps, countWords, slideBudget, speakingSeconds } from '../lib/budget'
import { budgetReport, LIMITS } from '../scripts/check/check-budget'

const ROOT = join(import.meta.dirname, '..')
const slidesText = readFileSync(join(ROOT, 'slides.md'), 'utf8')

describe('counting a slide', () => {
  it('counts words as runs between spaces that hold a letter or a digit, as a PDF text layer has them', () => {
    expect(countWords('The SU7 — launched in 2024 · to a “rapturous” reception')).toBe(9)
    expect(countWords('站在风口上,猪也能飞起来 Catch the tail-wind')).toBe(4)
  })

  it('counts a click per v-click, per item of v-clicks, and none for v-after', () => {
    const content = '<v-clicks>\n\n- one\n- two\n- three\n\n</v-clicks>\n\n<p v-click class="lead">four</p>\n<div v-after>same step</div>\n<v-click>\n\nfive\n\n</v-click>\n<Scorecard v-click brief />'
    expect(clickSteps(content)).toBe(6)
  })

  it('reads click markers and leaves them out of the speaking time', () => {
    const notes = 'One two three.\n[click] Four five.\n[click:3] Six.'
    expect(clickMarks(notes)).toBe(2)
    expect(speakingSeconds(notes)).toBeCloseTo(6 / 130 * 60, 5)
  })

  it('counts the words a quote card draws: the quote, its speaker, its occasion and its source', () => {
    const q = data.quotes.find(x => x.id === 'sanctions')!
    const b = slideBudget({ title: 'A title of five words', content: '<QuoteCard id="sanctions" size="lg" />' }, data)
    expect(b.words).toBe(5 + countWords(q.text) + countWords(`Angela , ${q.context} ChinaTalk article, undated`))
  })
})

describe('the deck’s budget', () => {
  const report = budgetReport(slidesText, 'slides.md', data)

  it('keeps every slide within its limit, the average within 60, and the talk within 15 to 20 minutes', () => {
    expect(report.problems.map(p => `${p.subject}: ${p.message}`)).toEqual([])
    expect(report.averageWords).toBeLessThanOrEqual(LIMITS.averageWords)
    expect(report.totalSeconds / 60).toBeGreaterThanOrEqual(15)
    expect(report.totalSeconds / 60).toBeLessThanOrEqual(20)
    expect(report.rows.filter(r => r.clicks > 0).length).toBeGreaterThanOrEqual(8)
  })

  it('names the slide that goes over its words, and the slide whose notes miss a click marker', () => {
    const broken = slidesText
      .replace('<p v-click class="lead mt-8">The article gives no evidence yet that the premium push has paid off.</p>', `<p v-click class="lead mt-8">${'word '.repeat(60)}</p>`)
      .replace('[click] Robots. The Robotics Lab', 'Robots. The Robotics Lab')
    const problems = budgetReport(broken, 'slides.md', data).problems.map(p => `${p.subject}: ${p.message}`)
    expect(problems).toEqual([
      'slide 2 “The article’s bottom line: Xiaomi’s hard-tech scorecard is mixed”: has 4 click steps but 3 `[click]` markers in its notes',
      'slide 6 “Going premium meant benchmarking against the iPhone across the board”: shows 110 words on screen, over its limit of 100',
    ])
  })
})
