/**
 * Formatting figures and dates as the slides print them: qualifiers, units, ranges and partial dates.
 */
import type { Figure, PartialDate, Qualifier } from '../data/types'

const SCALES = [
  { size: 1e9, word: 'billion' },
  { size: 1e6, word: 'million' },
] as const

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `1234.5` → `1,234.5`; digits are never rounded away. */
function group(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 10 })
}

/**
 * Formats a number, or a `[low, high]` range, the way the deck prints it: large round sums in
 * words (`10 billion`, `1–2 billion`), everything else with thousands separators.
 */
export function formatNumber(value: number | readonly [number, number]): string {
  const [low, high] = typeof value === 'number' ? [value, value] : value
  const scale = SCALES.find(s => low >= s.size)
  const show = (n: number) => group(scale ? n / scale.size : n)
  const digits = low === high ? show(low) : `${show(low)}–${show(high)}`
  return scale ? `${digits} ${scale.word}` : digits
}

export interface FigureParts {
  qualifier?: Qualifier
  /** Goes right before the number, e.g. `US$` */
  prefix: string
  number: string
  /** Goes after the number: ` yuan`, `%`, ` engineers` */
  suffix: string
}

/** Splits a figure into the pieces a headline shows, keeping the qualifier and unit with it. */
export function figureParts(figure: Pick<Figure, 'value' | 'unit' | 'currency' | 'qualifier'>): FigureParts {
  const number = formatNumber(figure.value)
  const base = { qualifier: figure.qualifier, number }
  if (figure.currency === 'USD')
    return { ...base, prefix: 'US$', suffix: '' }
  if (figure.unit === 'percent')
    return { ...base, prefix: '', suffix: '%' }
  return { ...base, prefix: '', suffix: ` ${figure.unit}` }
}

/** One line of text for a figure: `more than 10 billion yuan`, `US$28 billion`, `5.5%`. */
export function formatFigure(figure: Pick<Figure, 'value' | 'unit' | 'currency' | 'qualifier'>): string {
  const p = figureParts(figure)
  return `${p.qualifier ? `${p.qualifier} ` : ''}${p.prefix}${p.number}${p.suffix}`
}

/** `2025-03-29` → `29 Mar 2025`, `2023-12` → `Dec 2023`; the source's own wording wins when given. */
export function formatDate(date: PartialDate): string {
  if (date.approx)
    return date.approx.charAt(0).toUpperCase() + date.approx.slice(1)
  const [year, month, day] = date.iso.split('-')
  const monthName = month ? MONTHS[Number(month) - 1] : undefined
  if (date.precision === 'day')
    return `${Number(day)} ${monthName} ${year}`
  if (date.precision === 'month')
    return `${monthName} ${year}`
  return `${year}`
}

/** The first day a partial date can mean, as `YYYY-MM-DD`, for sorting. */
export function dateStart(date: PartialDate): string {
  const [year, month = '01', day = '01'] = date.iso.split('-')
  return `${year}-${month}-${day}`
}
