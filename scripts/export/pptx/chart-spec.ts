/**
 * How a deck's own chart reaches the PowerPoint as a native chart: the contract the exporter
 * owns and any deck can follow, with no import from the exporter.
 *
 * - The `<svg>` that draws the chart carries `data-chart`, a JSON text of `ChartSpec`: the
 *   numbers the chart's data sheet holds.
 * - Each shape that draws a value (a `<rect>`, a `<path>`) carries `data-chart-series` and
 *   `data-chart-category`, the indices of its series and its category in the spec. The
 *   exporter measures the plot from where these marks are drawn, and gives each series the
 *   colour of its first mark (over white when see-through); a series with no mark is grey.
 * - The svg's `<text>` elements become text boxes over the chart, where the page shows them;
 *   the chart's alternative text is its `figure`'s `figcaption`, then the texts its
 *   `aria-labelledby` names (else its `aria-label` or `<title>`).
 *
 * Bars start at zero, so values are zero or more.
 */

export interface ChartSpec {
  /** `bar`: bars grow to the right, categories from the top down; `column`: up, from left to right. */
  type: 'bar' | 'column'
  /** A category's bars on top of one another (true) or side by side (false, the default). */
  stacked?: boolean
  /** The categories, in the order the page draws them. */
  labels: string[]
  /** Each series' name and its value in every category. */
  series: Array<{ name: string, values: number[] }>
  /** Where the value axis ends: the value a bar as long as the plot stands for. Default: the largest value (stacked: the largest total). */
  max?: number
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The spec in `text` (a `data-chart` value), or what is wrong with it, in words. */
export function parseChartSpec(text: string): ChartSpec | string {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  }
  catch (error) {
    return `its data-chart is not JSON (${error instanceof Error ? error.message : String(error)})`
  }
  if (!isObject(raw))
    return 'its data-chart is not a JSON object'
  if (raw.type !== 'bar' && raw.type !== 'column')
    return `its data-chart type is ${JSON.stringify(raw.type)}, not "bar" or "column"`
  if (raw.stacked !== undefined && typeof raw.stacked !== 'boolean')
    return 'its data-chart "stacked" is not true or false'
  const labels = raw.labels
  if (!Array.isArray(labels) || !labels.length || !labels.every(l => typeof l === 'string'))
    return 'its data-chart "labels" is not a list of category names'
  const series = raw.series
  if (!Array.isArray(series) || !series.length)
    return 'its data-chart "series" is not a list of series'
  for (const [i, s] of series.entries()) {
    if (!isObject(s) || typeof s.name !== 'string')
      return `series ${i + 1} of its data-chart has no "name"`
    const values = s.values
    if (!Array.isArray(values) || values.length !== labels.length)
      return `series ${i + 1} ("${s.name}") of its data-chart has ${Array.isArray(values) ? values.length : 'no'} values for ${labels.length} labels`
    if (!values.every(v => typeof v === 'number' && Number.isFinite(v) && v >= 0))
      return `series ${i + 1} ("${s.name}") of its data-chart has a value that is not a number of zero or more`
  }
  if (raw.max !== undefined && !(typeof raw.max === 'number' && Number.isFinite(raw.max) && raw.max > 0))
    return 'its data-chart "max" is not a number above zero'
  const spec: ChartSpec = {
    type: raw.type,
    stacked: raw.stacked === true,
    labels: labels as string[],
    series: (series as Array<{ name: string, values: number[] }>).map(s => ({ name: s.name, values: s.values })),
    max: raw.max as number | undefined,
  }
  return chartMax(spec) > 0 ? spec : 'every value of its data-chart is zero, and it gives no "max"'
}

/** The end of the value axis: the spec's `max`, else the largest value (stacked: the largest total). */
export function chartMax(spec: ChartSpec): number {
  if (spec.max !== undefined)
    return spec.max
  const totals = spec.labels.map((_, j) => spec.series.map(s => s.values[j]!))
  return Math.max(...totals.map(values => spec.stacked ? values.reduce((a, b) => a + b, 0) : Math.max(...values)))
}
