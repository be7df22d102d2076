/**
 * The PowerPoint's native charts: each chart the page marked (chart-spec.ts) becomes a bar or
 * column chart whose data sheet holds the numbers of its `data-chart`, at the place of its
 * bars, with the slide's bar colours and spacing.
 */
import type PptxGenJS from 'pptxgenjs'
import { chartMax } from './chart-spec'
import { inch, overWhite } from './pptx-common'
import type { ChartPanel } from './slide-view'

/** The colour of a series the page draws no mark of (all its values zero, say): it shows nowhere. */
const UNDRAWN = 'C1C7D0'

export function addChart(slide: PptxGenJS.Slide, pptx: PptxGenJS, node: ChartPanel): void {
  const { spec } = node
  const data = spec.series.map(s => ({ name: s.name, labels: spec.labels, values: s.values }))
  // PowerPoint's gap between categories is in bar widths; a category holds one bar per series unless stacked.
  const perCategory = spec.stacked ? 1 : spec.series.length
  const gap = Math.round(Math.max(0, Math.min(500, (1 / node.barShare - perCategory) * 100)))
  slide.addChart(pptx.ChartType.bar, data, {
    x: inch(node.plot.x),
    y: inch(node.plot.y),
    w: inch(node.plot.w),
    h: inch(node.plot.h),
    barDir: spec.type === 'bar' ? 'bar' : 'col',
    barGrouping: spec.stacked ? 'stacked' : 'clustered',
    barGapWidthPct: gap,
    chartColors: node.colors.map(p => p ? overWhite(p) : UNDRAWN),
    // Bars top to bottom as on the slide (pptxgenjs types list only 'minMax', but write the value as given).
    catAxisOrientation: spec.type === 'bar' ? 'maxMin' as 'minMax' : 'minMax',
    catAxisHidden: true,
    valAxisHidden: true,
    valAxisMinVal: 0,
    valAxisMaxVal: chartMax(spec),
    valGridLine: { style: 'none' },
    catGridLine: { style: 'none' },
    showLegend: false,
    showValue: false,
    showTitle: false,
    layout: { x: 0, y: 0, w: 1, h: 1 },
    altText: node.alt,
    // The bars carry the page's numbers in the chart's data sheet; the labels on the slide are text boxes.
    dataBorder: { pt: 0, color: 'FFFFFF' },
  })
}
