// The PowerPoint's reading pass on the Node side: made-up page readings, as the page would
// collect them, turned into slide pieces without a browser.
import { describe, expect, it } from 'vitest'
import type { CollectedSlide, InlineProperty, PageBox, RawBlock, RawChart, RawElement, RawItem, RawPicture, RawRun, Styles } from '../scripts/export/pptx/collected-slide'
import { parseChartSpec } from '../scripts/export/pptx/chart-spec'
import { PptxSlideError } from '../scripts/export/pptx/pptx-common'
import { interpretSlides, paint, pictureAlt, runOf, tidy } from '../scripts/export/pptx/pptx-interpret'
import type { ChartPanel, PictureShape, TableShape, TextBlock } from '../scripts/export/pptx/slide-view'

const box = (left: number, top: number, width: number, height: number): PageBox => ({ left, top, width, height })
const INK = 'rgb(31, 41, 55)'

function rawRun(text: string, over: Omit<Partial<RawRun>, 'style'> & { style?: Partial<RawRun['style']> } = {}): RawRun {
  return {
    text,
    lang: '',
    code: false,
    opacity: 1,
    inline: [],
    ...over,
    style: { 'color': INK, '-webkit-text-fill-color': INK, 'font-family': '"Inter", sans-serif', 'font-size': '20px', 'font-weight': '400', 'font-style': 'normal', 'letter-spacing': 'normal', 'text-transform': 'none', 'white-space': 'normal', 'tab-size': '8', ...over.style },
  }
}

function inline(over: Partial<Styles<InlineProperty>>): Styles<InlineProperty> {
  return { 'display': 'inline', 'background-color': 'rgba(0, 0, 0, 0)', 'background-clip': 'border-box', 'color': INK, 'text-decoration-line': 'none', 'text-decoration-style': 'solid', 'text-decoration-color': INK, 'border-bottom-style': 'none', 'border-bottom-width': '0px', 'border-bottom-color': INK, ...over }
}

function element(b: PageBox, over: Partial<RawElement['style']> = {}, pseudo: RawElement['pseudo'] = []): RawElement {
  const sides = Object.fromEntries(['top', 'right', 'bottom', 'left'].flatMap(s => [[`border-${s}-style`, 'none'], [`border-${s}-width`, '0px'], [`border-${s}-color`, INK]]))
  return { kind: 'element', box: b, style: { 'display': 'block', 'background-color': 'rgba(0, 0, 0, 0)', 'background-clip': 'border-box', 'background-image': 'none', 'border-top-left-radius': '0px', ...sides, ...over } as RawElement['style'], pseudo }
}

function block(runs: RawRun[], lines: PageBox[], over: Omit<Partial<RawBlock>, 'style'> & { style?: Partial<RawBlock['style']> } = {}): RawBlock {
  return {
    kind: 'block',
    tag: 'p',
    box: box(0, 0, 400, 60),
    scale: 1,
    title: false,
    runs,
    lines,
    ...over,
    style: { 'display': 'block', 'text-align': 'start', 'line-height': '30px', 'font-size': '20px', 'list-style-type': 'none', 'padding-left': '0px', 'padding-right': '0px', 'border-left-width': '0px', 'border-right-width': '0px', ...over.style },
  }
}

function picture(over: Partial<RawPicture>): RawPicture {
  return { kind: 'picture', what: 'img', box: box(10, 10, 100, 50), page: box(10, 10, 100, 50), target: '1-1', element: 'img', alt: null, ariaLabel: null, labels: [], className: '', roughMark: false, arrow: false, ...over }
}

/** One slide of a 980 × 552 canvas drawn at `scale`, its top left at (100, 50) of the page. */
function slide(items: RawItem[], scale = 1): CollectedSlide {
  return { number: 4, frame: box(100, 50, 980 * scale, 552 * scale), canvasWidth: 980, items }
}

const only = (items: RawItem[], scale = 1) => interpretSlides([slide(items, scale)])[0]!

describe('colours and runs', () => {
  it('parses computed colours, with their opacity, and drops transparent ones', () => {
    expect(paint('rgb(234, 88, 12)')).toEqual({ hex: 'EA580C', alpha: 1 })
    expect(paint('rgba(0, 0, 0, 0.5)')).toEqual({ hex: '000000', alpha: 0.5 })
    expect(paint('rgb(255 255 255 / 25%)')).toEqual({ hex: 'FFFFFF', alpha: 0.25 })
    expect(paint('rgba(0, 0, 0, 0)')).toBeUndefined()
    expect(paint('none')).toBeUndefined()
  })

  it('writes a run in the first family of its stack, in its case, weight and opacity', () => {
    const run = runOf(rawRun('hard tech', { lang: 'zh-Hans', opacity: 0.5, style: { 'font-weight': '700', 'text-transform': 'uppercase', 'letter-spacing': '1.5px' } }))
    expect(run).toMatchObject({ text: 'HARD TECH', font: 'Inter', size: 20, bold: true, italic: false, zh: true, letterSpacing: 1.5 })
    expect(run.color).toEqual({ hex: '1F2937', alpha: 0.5 })
    expect(runOf(rawRun('the su7', { style: { 'text-transform': 'capitalize' } })).text).toBe('The Su7')
  })

  it('takes a highlight and an underline from the inline elements around the text', () => {
    const code = runOf(rawRun('x', { code: true, inline: [inline({ 'background-color': 'rgb(243, 244, 246)' })] }))
    expect(code.highlight).toEqual({ hex: 'F3F4F6', alpha: 1 })
    expect(code.mono).toBe(true)
    const link = runOf(rawRun('a link', { inline: [inline({}), inline({ 'border-bottom-style': 'dashed', 'border-bottom-width': '1px', 'border-bottom-color': 'rgb(234, 88, 12)' })] }))
    expect(link.underline).toEqual({ style: 'dashed', color: { hex: 'EA580C', alpha: 1 } })
    expect(runOf(rawRun('plain')).underline).toBeUndefined()
  })

  it('collapses white space across runs as CSS does, and keeps it in code', () => {
    const runs = tidy(['  Lei ', ' Jun\n said ', ' '].map(t => runOf(rawRun(t))))
    expect(runs.map(r => r.text)).toEqual(['Lei ', 'Jun said'])
    const code = tidy([runOf(rawRun('  a  =  1\n', { style: { 'white-space': 'pre' } }))])
    expect(code.map(r => r.text)).toEqual(['  a  =  1\n'])
  })
})

describe('slides', () => {
  it('maps page boxes to the canvas, whatever scale the slide is drawn at', () => {
    const [node] = only([element(box(110, 60, 100, 20), { 'background-color': 'rgb(255, 0, 0)' })], 0.5).nodes
    expect(node).toMatchObject({ kind: 'box', rect: { x: 20, y: 20, w: 200, h: 40 } })
  })

  it('takes a fill that covers the slide as its background, not as a shape', () => {
    const view = only([element(box(100, 50, 980, 552), { 'background-color': 'rgb(255, 247, 237)' })])
    expect(view.background).toEqual({ hex: 'FFF7ED', alpha: 1 })
    expect(view.nodes).toEqual([])
  })

  it('draws an even border as the outline of a box, and an uneven one as its edges', () => {
    const even = element(box(100, 50, 200, 100), { 'border-top-style': 'solid', 'border-right-style': 'solid', 'border-bottom-style': 'solid', 'border-left-style': 'solid', 'border-top-width': '2px', 'border-right-width': '2px', 'border-bottom-width': '2px', 'border-left-width': '2px', 'border-top-left-radius': '8px' })
    expect(only([even]).nodes).toEqual([{ kind: 'box', rect: { x: 0, y: 0, w: 200, h: 100 }, fill: undefined, line: { paint: { hex: '1F2937', alpha: 1 }, width: 2 }, radius: 8, ellipse: false }])
    const left = element(box(100, 50, 200, 100), { 'border-left-style': 'solid', 'border-left-width': '4px', 'border-left-color': 'rgb(234, 88, 12)' })
    expect(only([left]).nodes).toEqual([{ kind: 'box', rect: { x: 0, y: 0, w: 4, h: 100 }, fill: { hex: 'EA580C', alpha: 1 }, radius: 0, ellipse: false }])
  })

  it('draws an absolutely placed ::before rule, and no box for an inline element', () => {
    const pseudo = { 'content': '""', 'display': 'block', 'position': 'absolute', 'top': '10px', 'left': '0px', 'right': 'auto', 'width': '40px', 'height': '3px', 'background-color': 'rgb(234, 88, 12)', 'border-top-style': 'none', 'border-top-width': '0px', 'border-top-color': INK }
    const view = only([element(box(100, 50, 200, 100), {}, [pseudo]), element(box(100, 50, 50, 20), { 'display': 'inline', 'background-color': 'rgb(0, 0, 0)' })])
    expect(view.nodes).toEqual([{ kind: 'box', rect: { x: 0, y: 10, w: 40, h: 3 }, fill: { hex: 'EA580C', alpha: 1 }, radius: 0, ellipse: false }])
  })

  it('places a block of text from its lines, inside its padding, and counts them', () => {
    const text = block([rawRun('Two lines of text')], [box(120, 100, 300, 24), box(120, 130, 120, 24)], { box: box(110, 95, 400, 70), title: true, style: { 'padding-left': '10px', 'text-align': 'center' } })
    const [node] = only([text]).nodes as TextBlock[]
    expect(node).toMatchObject({ kind: 'text', align: 'center', lines: 2, title: true, lineHeight: 30 })
    expect(node!.rect).toEqual({ x: 20, y: 47, w: 390, h: 60 })
  })

  it('leaves out a block whose text is all white space or has no line', () => {
    expect(only([block([rawRun('  \n ')], [box(0, 0, 5, 20)]), block([rawRun('text')], [box(0, 0, 0, 0)])]).nodes).toEqual([])
  })

  it('numbers an item of an ordered list, with room for the widest number', () => {
    const item = block([rawRun('Third')], [box(140, 100, 100, 24)], { tag: 'li', list: { number: 3, padding: '20px', widestNumber: 30 }, style: { 'display': 'list-item', 'list-style-type': 'decimal' } })
    const [node] = only([item]).nodes as TextBlock[]
    expect(node!.bullet).toEqual({ indent: 40, number: 3 })
    const dot = block([rawRun('Point')], [box(140, 100, 100, 24)], { tag: 'li', list: { number: 1, padding: '28px', widestNumber: 10 }, style: { 'display': 'list-item', 'list-style-type': 'disc' } })
    expect((only([dot]).nodes[0] as TextBlock).bullet).toEqual({ indent: 28, number: undefined })
  })

  it('scales the sizes of text a CSS transform draws larger', () => {
    const [node] = only([block([rawRun('big')], [box(100, 50, 100, 48)], { scale: 2 })]).nodes as TextBlock[]
    expect(node!.runs[0]!.size).toBe(40)
    expect(node!.lineHeight).toBe(60)
  })

  const stacked = JSON.stringify({ type: 'bar', stacked: true, labels: ['Baseline', 'Orders'], series: [{ name: 'Baseline', values: [2, 0] }, { name: 'Orders', values: [0, 5] }, { name: 'Range', values: [0, 5] }], max: 10 })
  const chart = (over: Partial<RawChart> = {}): RawChart => ({
    kind: 'chart',
    spec: stacked,
    name: 'Orders',
    title: 'Against the baseline',
    described: ['Orders: 10, the baseline 1.'],
    marks: [
      { series: '0', category: '0', box: box(200, 100, 80, 20), fill: 'rgb(100, 116, 139)', opacity: '1' },
      { series: '2', category: '1', box: box(200, 140, 400, 20), fill: 'rgb(234, 88, 12)', opacity: '0.4' },
      { series: '1', category: '1', box: box(200, 140, 200, 20), fill: 'rgb(234, 88, 12)', opacity: '1' },
    ],
    texts: [{ run: rawRun('10'), box: box(200, 165, 20, 16), fill: 'rgb(0, 0, 0)', fontSize: '16px' }],
    scale: 0.5,
    ...over,
  })
  /** The error a slide holding `item` gives, as text. */
  const failure = (item: RawItem) => {
    try {
      only([item])
    }
    catch (error) {
      expect(error).toBeInstanceOf(PptxSlideError)
      return `${(error as PptxSlideError).step}: ${(error as Error).message}`
    }
    return 'no error'
  }

  it('measures a stacked bar chart from its marked bars and keeps the numbers of its data-chart', () => {
    const view = only([chart()])
    const panel = view.nodes[0] as ChartPanel
    expect(panel).toMatchObject({ kind: 'chart', name: 'Orders', barShare: 0.5, fullLength: 400, alt: 'Against the baseline. Orders: 10, the baseline 1.' })
    expect(panel.spec).toEqual(JSON.parse(stacked))
    expect(panel.plot).toEqual({ x: 100, y: 40, w: 400, h: 80 })
    expect(panel.colors).toEqual([{ hex: '64748B', alpha: 1 }, { hex: 'EA580C', alpha: 1 }, { hex: 'EA580C', alpha: 0.4 }])
    expect(view.nodes[1]).toMatchObject({ kind: 'text', inChart: true, runs: [{ text: '10', size: 8, color: { hex: '000000', alpha: 1 } }] })
  })

  it('measures columns side by side from the left, with no colour for a series it draws no mark of', () => {
    const spec = JSON.stringify({ type: 'column', labels: ['Mon', 'Tue', 'Wed'], series: [{ name: 'Rye', values: [2, 4, 0] }, { name: 'Spelt', values: [0, 0, 0] }] })
    const marks = [
      { series: '0', category: '0', box: box(200, 300, 20, 50), fill: 'rgb(15, 118, 110)', opacity: '1' },
      { series: '0', category: '1', box: box(260, 250, 20, 100), fill: 'rgb(15, 118, 110)', opacity: '1' },
    ]
    const panel = only([chart({ spec, marks })]).nodes[0] as ChartPanel
    // Categories 60 px apart, centred on 210 and 270; the plot runs from the bars' foot (350) to the top of the tallest.
    expect(panel.plot).toEqual({ x: 80, y: 200, w: 180, h: 100 })
    expect(panel.barShare).toBeCloseTo(20 / 60)
    expect(panel.colors).toEqual([{ hex: '0F766E', alpha: 1 }, undefined])
  })

  it('makes the plot as long as the axis\'s end, when the spec\'s max lies beyond the longest bar', () => {
    const spec = (max: number) => JSON.stringify({ type: 'column', labels: ['Mon'], series: [{ name: 'Rye', values: [4] }], max })
    const marks = [{ series: '0', category: '0', box: box(200, 250, 20, 100), fill: 'rgb(15, 118, 110)', opacity: '1' }]
    expect((only([chart({ spec: spec(8), marks })]).nodes[0] as ChartPanel).plot).toMatchObject({ y: 100, h: 200 })
    // Stacked, the category that reaches furthest sets the scale: 5 + 5 drawn over 400 px, the axis ending at 20.
    const stackedSpec = JSON.stringify({ ...JSON.parse(stacked), max: 20 })
    expect((only([chart({ spec: stackedSpec })]).nodes[0] as ChartPanel).plot).toMatchObject({ x: 100, w: 800 })
  })

  it('fails naming the chart and the fault when its data-chart or its marks do not say what it draws', () => {
    expect(failure(chart({ spec: '{"type": "bar"' }))).toMatch(/^reading a chart: chart "Orders": its data-chart is not JSON/)
    expect(failure(chart({ spec: JSON.stringify({ type: 'pie', labels: ['a'], series: [{ name: 'a', values: [1] }] }) }))).toBe('reading a chart: chart "Orders": its data-chart type is "pie", not "bar" or "column"')
    expect(failure(chart({ marks: [] }))).toBe('reading a chart: chart "Orders": it has no shape marked with data-chart-series and data-chart-category')
    expect(failure(chart({ marks: [{ series: '3', category: '0', box: box(0, 0, 1, 1), fill: '', opacity: '1' }] }))).toBe('reading a chart: chart "Orders": a shape\'s data-chart-series "3" is no series of its data-chart (0 to 2)')
    expect(failure(chart({ marks: [{ series: '0', category: '', box: box(0, 0, 1, 1), fill: '', opacity: '1' }] }))).toBe('reading a chart: chart "Orders": a shape\'s data-chart-category "" is no category of its data-chart (0 to 1)')
  })

  it('reads a table cell by cell: padding, border, the widest row\'s columns, a badge as a highlight', () => {
    const cellStyle = { 'text-align': 'left', 'line-height': '24px', 'font-size': '16px', 'padding-top': '4px', 'padding-right': '8px', 'padding-bottom': '4px', 'padding-left': '8px', 'border-bottom-style': 'solid', 'border-bottom-width': '1px', 'border-bottom-color': INK }
    const view = only([{
      kind: 'table',
      box: box(100, 50, 300, 60),
      rows: [
        { height: 30, cells: [{ header: true, width: 300, style: cellStyle, runs: [rawRun('Both')] }] },
        { height: 30, cells: [{ header: false, width: 100, style: cellStyle, runs: [rawRun('met', { backgrounds: ['rgba(0, 0, 0, 0)', 'rgb(220, 252, 231)'] })] }, { header: false, width: 200, style: cellStyle, runs: [rawRun('b')] }] },
      ],
    }])
    const table = view.nodes[0] as TableShape
    expect(table.columns).toEqual([100, 200])
    expect(table.rows[1]!.cells[0]).toMatchObject({ header: false, padding: [4, 8, 4, 8], borderBottom: { width: 1 }, runs: [{ text: 'met', highlight: { hex: 'DCFCE7', alpha: 1 } }] })
  })

  it('names what is missing or cannot be made', () => {
    const [gone] = interpretSlides([{ number: 7, missing: true, frame: box(0, 0, 1, 1), canvasWidth: 1, items: [] }])
    expect(gone!.unsupported).toEqual(['the slide is missing from the print view'])
    expect(only([{ kind: 'unsupported', what: 'a <video> element' }]).unsupported).toEqual(['a <video> element'])
  })
})

describe('pictures', () => {
  it('keeps the page box for the capture and marks a background picture as a backdrop', () => {
    const [p] = only([picture({ url: '/su7.png', what: 'background picture', box: box(100, 50, 980, 552), page: box(100, 850, 980, 552) })]).nodes as PictureShape[]
    expect(p).toMatchObject({ kind: 'picture', rect: { x: 0, y: 0, w: 980, h: 552 }, pageRect: { x: 100, y: 850, w: 980, h: 552 }, backdrop: true, alt: 'Picture su7.png', target: '1-1' })
  })

  it('is named by its own alt or label, then what points at it, then what it is', () => {
    expect(pictureAlt(picture({ alt: 'The SU7 sedan' }))).toBe('The SU7 sedan')
    expect(pictureAlt(picture({ alt: '', labels: ['Orders', 'Orders', 'Against 2023'] }))).toBe('Orders. Against 2023')
    expect(pictureAlt(picture({ what: 'formula', tex: 'E = mc^2', alt: 'ignored' }))).toBe('E = mc^2')
    expect(pictureAlt(picture({ what: 'diagram', element: 'svg', host: 'A flow from chips to cars', labels: ['flowchart'] }))).toBe('A flow from chips to cars')
    expect(pictureAlt(picture({ element: 'svg', icon: 'carbon:ruler' }))).toBe('Icon carbon:ruler')
    expect(pictureAlt(picture({ element: 'div', className: 'i-mdi-hammer text-xl' }))).toBe('Icon mdi:hammer')
    expect(pictureAlt(picture({ element: 'svg', roughMark: true }))).toBe('A hand-drawn mark over the text')
    expect(pictureAlt(picture({ element: 'svg', arrow: true }))).toBe('An arrow')
    expect(pictureAlt(picture({ element: 'svg' }))).toBe('A drawing')
    expect(pictureAlt(picture({ element: 'img' }))).toBe('A picture')
    expect(pictureAlt(picture({ url: 'data:image/png;base64,AAAA' }))).toBe('A background picture')
    expect(pictureAlt(picture({ url: '/pictures/cover%20photo.jpg?v=2', ariaLabel: null }))).toBe('Picture cover photo.jpg')
  })
})

describe('a chart\'s data-chart', () => {
  it('gives the spec with its defaults, or says which part is wrong', () => {
    expect(parseChartSpec('{"type":"column","labels":["a","b"],"series":[{"name":"s","values":[1,2]}]}')).toEqual({ type: 'column', stacked: false, labels: ['a', 'b'], series: [{ name: 's', values: [1, 2] }], max: undefined })
    expect(parseChartSpec('[1]')).toBe('its data-chart is not a JSON object')
    expect(parseChartSpec('{"type":"bar","labels":[],"series":[]}')).toBe('its data-chart "labels" is not a list of category names')
    expect(parseChartSpec('{"type":"bar","labels":["a"],"series":[]}')).toBe('its data-chart "series" is not a list of series')
    expect(parseChartSpec('{"type":"bar","labels":["a"],"series":[{"values":[1]}]}')).toBe('series 1 of its data-chart has no "name"')
    expect(parseChartSpec('{"type":"bar","labels":["a","b"],"series":[{"name":"s","values":[1]}]}')).toBe('series 1 ("s") of its data-chart has 1 values for 2 labels')
    expect(parseChartSpec('{"type":"bar","labels":["a"],"series":[{"name":"s","values":[-1]}]}')).toBe('series 1 ("s") of its data-chart has a value that is not a number of zero or more')
    expect(parseChartSpec('{"type":"bar","labels":["a"],"series":[{"name":"s","values":[0]}]}')).toBe('every value of its data-chart is zero, and it gives no "max"')
    expect(parseChartSpec('{"type":"bar","stacked":"yes","labels":["a"],"series":[{"name":"s","values":[1]}]}')).toBe('its data-chart "stacked" is not true or false')
    expect(parseChartSpec('{"type":"bar","labels":["a"],"series":[{"name":"s","values":[1]}],"max":0}')).toBe('its data-chart "max" is not a number above zero')
  })
})
