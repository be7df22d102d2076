/**
 * The bars of a comparison chart, computed from two figures: lengths, labels and which to highlight.
 */
import type { Figure } from '../data/types'
import type { ChartSpec } from '../scripts/export/pptx/chart-spec'
import { formatFigure } from './format'

export interface Bar {
  label: string
  /** The figure as text, qualifier and unit included */
  valueText: string
  /** Length of the certain part: the whole value, or the low end of a range */
  solid: number
  /** Length up to the high end of a range; equals `solid` for a single value */
  extent: number
  highlight: boolean
}

const low = (v: Figure['value']) => (typeof v === 'number' ? v : v[0])
const high = (v: Figure['value']) => (typeof v === 'number' ? v : v[1])

/**
 * Lays out a baseline and the figure measured against it as two bars on one linear scale that
 * starts at zero, so the lengths compare honestly. `width` is the length of the longest bar.
 */
export function comparisonBars(subject: Figure, baseline: Figure, width: number): Bar[] {
  const max = Math.max(high(subject.value), high(baseline.value))
  if (!(max > 0))
    throw new Error(`cannot chart "${subject.id}" against "${baseline.id}": values must be positive`)
  const bar = (f: Figure, highlight: boolean): Bar => ({
    label: f.short ?? f.label,
    valueText: formatFigure(f),
    solid: (low(f.value) / max) * width,
    extent: (high(f.value) / max) * width,
    highlight,
  })
  return [bar(baseline, false), bar(subject, true)]
}

function trim(n: number): string {
  return n >= 10 ? String(Math.round(n)) : String(Math.round(n * 10) / 10)
}

/**
 * How many times the baseline the subject is, as the widest honest range: a `[300, 400]`
 * baseline against 3,400 gives `8.5–11×`. A "more than" on the subject carries over.
 */
export function ratioText(subject: Figure, baseline: Figure): string {
  const min = low(subject.value) / high(baseline.value)
  const max = high(subject.value) / low(baseline.value)
  const digits = trim(min) === trim(max) ? trim(min) : `${trim(min)}–${trim(max)}`
  const lead = subject.qualifier === 'more than' || subject.qualifier === 'over' ? `${subject.qualifier} ` : ''
  return `${lead}${digits}×`
}

/**
 * The ratio as a chart prints it, one short line each: marked as computed, and carrying the
 * baseline's own hedge when it has one, e.g. `Computed: more than 5–10×` / `a typical new model`
 * / `(whose figure is “maybe”)`.
 */
export function ratioLines(subject: Figure, baseline: Figure): string[] {
  const who = (baseline.short ?? baseline.label).toLowerCase()
  const lines = [`Computed: ${ratioText(subject, baseline)} a ${who}`]
  if (baseline.qualifier)
    lines.push(`(its figure is “${baseline.qualifier}”)`)
  return lines
}

/**
 * The numbers of a comparison as the exporter's `data-chart` gives them to a native PowerPoint
 * chart (scripts/export/pptx/chart-spec.ts): two categories, the baseline and the figure, as
 * three stacked series so each bar keeps its colour: the baseline's certain part, the figure's
 * certain part, and the uncertain top of any range (drawn lighter). Marks: series 0 and 1 are
 * the bars' certain parts (category 0 and 1), series 2 their ranges.
 */
export function comparisonChartSpec(subject: Figure, baseline: Figure): ChartSpec {
  const labels = [baseline.short ?? baseline.label, subject.short ?? subject.label]
  return {
    type: 'bar',
    stacked: true,
    labels,
    series: [
      { name: labels[0]!, values: [low(baseline.value), 0] },
      { name: labels[1]!, values: [0, low(subject.value)] },
      { name: 'Upper end of range', values: [high(baseline.value) - low(baseline.value), high(subject.value) - low(subject.value)] },
    ],
    max: Math.max(high(subject.value), high(baseline.value)),
  }
}
