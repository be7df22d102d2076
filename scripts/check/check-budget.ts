/**
 * The budget part of `npm run check`: per slide, the words on screen in its final state, its
 * click steps and its speaking time, with the limits a projected talk keeps (lib/budget.ts
 * counts them from the source). A slide over its limit, notes whose `[click]` markers do not
 * match the slide's click steps, an average over the limit, too few slides that build, or a
 * talk outside its length are problems, each naming the slide.
 */
import { parseSync } from '@slidev/parser'
import type { BudgetData, SlideBudget } from '../../lib/budget'
import { slideBudget, WORDS_PER_MINUTE } from '../../lib/budget'
import type { Problem } from './check-records'

export const LIMITS = {
  /** Words on screen a slide may show; a slide's frontmatter `words:` may set its own. */
  wordsPerSlide: 100,
  averageWords: 60,
  /** Slides that reveal their points one click at a time */
  slidesWithClicks: 8,
  /** The talk the notes make, in minutes */
  talkMinutes: [15, 20] as const,
}

export interface BudgetRow extends SlideBudget {
  number: number
  title: string
  limit: number
}

export interface BudgetReport {
  rows: BudgetRow[]
  averageWords: number
  totalSeconds: number
  problems: Problem[]
}

/** Every slide's budget and the problems with it. */
export function budgetReport(slidesText: string, slidesPath: string, data: BudgetData): BudgetReport {
  const slides = parseSync(slidesText, slidesPath).slides
  const problems: Problem[] = []
  const rows = slides.map((slide, i): BudgetRow => {
    const own = Number((slide.frontmatter as { words?: unknown }).words)
    const limit = Number.isFinite(own) && own > 0 ? own : LIMITS.wordsPerSlide
    return { number: i + 1, title: String(slide.title ?? `Slide ${i + 1}`).replace(/<[^>]*>/g, ''), limit, ...slideBudget({ title: slide.title, content: slide.content, note: slide.note }, data) }
  })
  const at = (n: number) => `slides.md:${(slides[n - 1]?.start ?? 0) + 1}`
  for (const r of rows) {
    const subject = `slide ${r.number} “${r.title}”`
    if (r.words > r.limit)
      problems.push({ where: at(r.number), subject, message: `shows ${r.words} words on screen, over its limit of ${r.limit}`, hint: 'Move quotes, figures or context to the handout (`handout: [ids]` in the frontmatter), or say it in the notes.' })
    if (r.marks !== r.clicks)
      problems.push({ where: at(r.number), subject, message: `has ${r.clicks} click step${r.clicks === 1 ? '' : 's'} but ${r.marks} \`[click]\` marker${r.marks === 1 ? '' : 's'} in its notes`, hint: 'Put one `[click]` in the notes where each step is said, so the presenter view follows the speaker.' })
  }
  const averageWords = rows.reduce((a, r) => a + r.words, 0) / Math.max(1, rows.length)
  if (averageWords > LIMITS.averageWords)
    problems.push({ where: 'slides.md', subject: 'the deck', message: `averages ${averageWords.toFixed(1)} words on screen a slide, over ${LIMITS.averageWords}`, hint: 'Move detail from the fullest slides to the handout.' })
  const building = rows.filter(r => r.clicks > 0).length
  if (building < LIMITS.slidesWithClicks)
    problems.push({ where: 'slides.md', subject: 'the deck', message: `${building} slides reveal points by click, fewer than ${LIMITS.slidesWithClicks}`, hint: 'Reveal a slide\'s points as they are said, with `v-click` or `<v-clicks>`.' })
  const totalSeconds = rows.reduce((a, r) => a + r.seconds, 0)
  const [min, max] = LIMITS.talkMinutes
  if (totalSeconds < min * 60 || totalSeconds > max * 60)
    problems.push({ where: 'slides.md', subject: 'the notes', message: `make a ${(totalSeconds / 60).toFixed(1)}-minute talk at ${WORDS_PER_MINUTE} words a minute, outside ${min}–${max} minutes`, hint: totalSeconds > max * 60 ? 'Cut what the slide or the handout already says.' : 'Write out what to tell the room at each slide.' })
  return { rows, averageWords, totalSeconds, problems }
}

const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, '0')}`

/** The report as a table for the terminal: one line a slide, then the totals. */
export function formatBudget(report: BudgetReport): string {
  const lines = report.rows.map(r => `${String(r.number).padStart(3)}  ${String(r.words).padStart(4)}${r.words > r.limit ? '!' : ' '}  ${String(r.clicks).padStart(6)}  ${clock(r.seconds).padStart(5)}  ${r.title.length > 70 ? `${r.title.slice(0, 69)}…` : r.title}`)
  return [
    'slide  words  clicks   time  title',
    ...lines,
    `  all  ${report.averageWords.toFixed(1)} a slide on average (limit ${LIMITS.averageWords}; ${LIMITS.wordsPerSlide} a slide); ${report.rows.filter(r => r.clicks > 0).length} slides build; talk ${clock(report.totalSeconds)} at ${WORDS_PER_MINUTE} words a minute`,
  ].join('\n')
}
