/**
 * A chart the page marked for a native one (chart-spec.ts), in Node: its spec checked, its plot
 * measured from where its marks are drawn, its series' colours taken from their first marks,
 * and its texts as text boxes over it.
 */
import { chartMax, parseChartSpec } from './chart-spec'
import type { ChartSpec } from './chart-spec'
import type { PageBox, RawChart } from './collected-slide'
import { paint } from './pptx-paint'
import { runOf } from './pptx-runs'
import type { ChartPanel, Paint, Rect, SlideNode, TextBlock } from './slide-view'

const px = (v: string | undefined) => Number.parseFloat(v ?? '') || 0

interface Mark { series: number, category: number, box: PageBox, paint?: Paint }

/** The marks with their indices checked against the spec, or what is wrong with one. */
function marksOf(c: RawChart, spec: ChartSpec): Mark[] | string {
  const marks: Mark[] = []
  for (const m of c.marks) {
    const series = Number(m.series)
    const category = Number(m.category)
    if (!Number.isInteger(series) || series < 0 || series >= spec.series.length)
      return `a shape's data-chart-series "${m.series}" is no series of its data-chart (0 to ${spec.series.length - 1})`
    if (m.category === '' || !Number.isInteger(category) || category < 0 || category >= spec.labels.length)
      return `a shape's data-chart-category "${m.category}" is no category of its data-chart (0 to ${spec.labels.length - 1})`
    const p = paint(m.fill)
    marks.push({ series, category, box: m.box, paint: p && { hex: p.hex, alpha: p.alpha * Number(m.opacity || 1) } })
  }
  return marks.length ? marks : 'it has no shape marked with data-chart-series and data-chart-category'
}

/**
 * How long the plot's value axis is, page pixels: the bar (stacked: the category) that reaches
 * furthest, scaled from the value it draws to the axis's end, `chartMax`.
 */
function plotLength(spec: ChartSpec, marks: Mark[], reach: (m: Mark) => number): number {
  const drawn = spec.stacked
    ? [...new Set(marks.map(m => m.category))].map(j => ({
        length: Math.max(...marks.filter(m => m.category === j).map(reach)),
        value: spec.series.reduce((sum, s) => sum + s.values[j]!, 0),
      }))
    : marks.map(m => ({ length: reach(m), value: spec.series[m.series]!.values[m.category]! }))
  const longest = drawn.reduce((a, b) => (b.length > a.length ? b : a))
  const max = chartMax(spec)
  // Where the longest bar is the axis's end, its length is taken as it is, unscaled.
  return longest.value === max || !(longest.value > 0) ? longest.length : longest.length * max / longest.value
}

/**
 * The native chart and its texts, in slide pixels (`local` maps page boxes to the slide, `k` is
 * the canvas's scale), or what is wrong with the chart, in words.
 */
export function readChart(c: RawChart, local: (r: PageBox) => Rect, k: number): SlideNode[] | string {
  const spec = parseChartSpec(c.spec)
  if (typeof spec === 'string')
    return spec
  const marks = marksOf(c, spec)
  if (typeof marks === 'string')
    return marks
  const bar = spec.type === 'bar'
  // Across the bars (the category axis) and along them (the value axis), in page pixels.
  const across = (b: PageBox) => bar ? { start: b.top, size: b.height } : { start: b.left, size: b.width }
  const centres = new Map<number, number>()
  for (const [j] of spec.labels.entries()) {
    const own = marks.filter(m => m.category === j).map(m => across(m.box))
    if (!own.length)
      continue
    // Stacked bars share their category's band; bars side by side fill it together.
    centres.set(j, spec.stacked
      ? own[0]!.start + own[0]!.size / 2
      : (Math.min(...own.map(a => a.start)) + Math.max(...own.map(a => a.start + a.size))) / 2)
  }
  const known = [...centres.keys()]
  const first = known[0]!
  const last = known.at(-1)!
  const thickness = across(marks.find(m => m.category === first)!.box).size
  const perCategory = spec.stacked ? 1 : spec.series.length
  const pitch = known.length > 1 ? (centres.get(last)! - centres.get(first)!) / (last - first) : thickness * perCategory * 2
  const bandStart = centres.get(first)! - pitch * (first + 0.5)
  const bandLength = pitch * spec.labels.length
  // The bars' common start, and how far each reaches from it, along the value axis.
  const start = bar ? Math.min(...marks.map(m => m.box.left)) : Math.max(...marks.map(m => m.box.top + m.box.height))
  const reach = (m: Mark) => bar ? m.box.left + m.box.width - start : start - m.box.top
  const full = plotLength(spec, marks, reach)
  const plot = bar
    ? local({ left: start, top: bandStart, width: full, height: bandLength })
    : local({ left: bandStart, top: start - full, width: bandLength, height: full })
  const out: SlideNode[] = [{
    kind: 'chart',
    plot,
    barShare: thickness / pitch,
    spec,
    name: c.name,
    // The texts its aria-labelledby names, which name it; else its own label.
    alt: [c.title, ...(c.described.length ? c.described : [c.name])].filter(Boolean).join('. ').replace(/\.\./g, '.'),
    colors: spec.series.map((_, i) => marks.find(m => m.series === i)?.paint),
    fullLength: full * k,
  } satisfies ChartPanel]
  for (const t of c.texts) {
    const run = runOf(t.run)
    run.size = px(t.fontSize) * c.scale * k
    run.color = paint(t.fill) ?? run.color
    const lineHeight = px(t.fontSize) * c.scale * 1.25 * k
    const r = local(t.box)
    out.push({ kind: 'text', rect: { x: r.x, y: r.y + r.h / 2 - lineHeight / 2, w: r.w, h: lineHeight }, runs: [run], align: 'left', lineHeight, lines: 1, title: false, inChart: true } satisfies TextBlock)
  }
  return out
}
