/**
 * The PowerPoint's native charts: each comparison panel the page drew becomes a bar chart whose
 * data sheet holds the data module's numbers for the figure the panel carries (`data-figure`)
 * and its baseline, at the panel's place, with the slide's bar colours and spacing.
 */
import type PptxGenJS from 'pptxgenjs'
import { figures, findFigure } from '../../../data'
import type { Figure } from '../../../data'
import { PptxSlideError, inch, overWhite } from './pptx-common'
import type { ChartPanel } from './slide-view'

const low = (v: Figure['value']) => (typeof v === 'number' ? v : v[0])
const high = (v: Figure['value']) => (typeof v === 'number' ? v : v[1])

/** The figure a chart panel draws, by the id it carries (`data-figure`), with its baseline. */
export function chartFigures(id: string): { subject: Figure, baseline: Figure } | undefined {
  const all: readonly Figure[] = figures
  const subject = all.find(f => f.id === id && f.baseline)
  const baseline = subject?.baseline ? findFigure(subject.baseline) : undefined
  return subject && baseline ? { subject, baseline } : undefined
}

export function addChart(slide: PptxGenJS.Slide, pptx: PptxGenJS, node: ChartPanel, slideNo: number): void {
  const found = chartFigures(node.figure)
  if (!found)
    throw new PptxSlideError(slideNo, 'building a chart', `chart panel "${node.name}" carries figure id "${node.figure}", which is no figure with a baseline in the data module`)
  const { subject, baseline } = found
  const labels = [baseline.short ?? baseline.label, subject.short ?? subject.label]
  // Three stacked series, so each bar keeps its own colour: the baseline's certain part, the
  // figure's certain part, and the uncertain top of any range (lighter, as on the slide).
  const data = [
    { name: labels[0]!, labels, values: [low(baseline.value), 0] },
    { name: labels[1]!, labels, values: [0, low(subject.value)] },
    { name: 'Upper end of range', labels, values: [high(baseline.value) - low(baseline.value), high(subject.value) - low(subject.value)] },
  ]
  const [baseColour, mainColour] = node.colors.bars
  const gap = Math.round(Math.max(0, Math.min(500, (1 / node.barShare - 1) * 100)))
  slide.addChart(pptx.ChartType.bar, data, {
    x: inch(node.plot.x),
    y: inch(node.plot.y),
    w: inch(node.plot.w),
    h: inch(node.plot.h),
    barDir: 'bar',
    barGrouping: 'stacked',
    barGapWidthPct: gap,
    chartColors: [baseColour?.hex ?? '64748B', mainColour?.hex ?? 'EA580C', node.colors.range ? overWhite(node.colors.range) : 'C1C7D0'],
    // Top to bottom as on the slide (pptxgenjs types list only 'minMax', but write the value as given).
    catAxisOrientation: 'maxMin' as 'minMax',
    catAxisHidden: true,
    valAxisHidden: true,
    valAxisMinVal: 0,
    valAxisMaxVal: Math.max(high(subject.value), high(baseline.value)),
    valGridLine: { style: 'none' },
    catGridLine: { style: 'none' },
    showLegend: false,
    showValue: false,
    showTitle: false,
    layout: { x: 0, y: 0, w: 1, h: 1 },
    altText: node.alt,
    // The bars carry the figure's numbers in the chart's data sheet; the labels on the slide are text boxes.
    dataBorder: { pt: 0, color: 'FFFFFF' },
  })
}
