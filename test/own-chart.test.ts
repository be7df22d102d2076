/**
 * A deck's own chart, end to end: test/fixtures/own-chart draws rye and spelt loaves on three
 * mornings as columns side by side in an SVG of its own component, with the numbers in the
 * svg's `data-chart` and each column marked with its series and its day (the contract of
 * scripts/export/pptx/chart-spec.ts). Its PowerPoint must hold a native column chart with the
 * deck's numbers, placed where the columns are drawn; an SVG figure that carries no
 * `data-chart` stays a picture. A `data-chart` that does not match what it draws
 * (test/fixtures/own-chart-broken) fails the export, naming the slide and the chart.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { readPptx } from './support/pptx'
import type { PptxPackage } from './support/pptx'
import { sharedExport, TEST_EPOCH } from './support/shared-export'
import type { SharedExport } from './support/shared-export'

const ENTRY = path.join(import.meta.dirname, 'fixtures', 'own-chart', 'slides.md')
const BROKEN = path.join(import.meta.dirname, 'fixtures', 'own-chart-broken', 'slides.md')
let exported: SharedExport
let pptx: PptxPackage

beforeAll(async () => {
  exported = await sharedExport('own-chart', [ENTRY, '--format', 'pptx'], { env: { SOURCE_DATE_EPOCH: String(TEST_EPOCH) }, allowFailure: true })
  if (exported.result.code === 0)
    pptx = await readPptx(path.join(exported.out, 'corner-bakery.pptx'))
}, 240_000)

/** The `c:v` texts of each `c:ser` of a chart part: its name, its categories, its values. */
function series(xml: string): string[][] {
  return [...xml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map(m => [...m[1]!.matchAll(/<c:v>([^<]*)<\/c:v>/g)].map(v => v[1]!))
}

describe('a deck whose own component draws a chart with data-chart', () => {
  it('exports, naming no fault', () => {
    expect(exported.result.stderr).toBe('')
    expect(exported.result.code).toBe(0)
  })

  it('gives its slide one native column chart of the deck\'s numbers, side by side, and no picture', () => {
    const [slide] = pptx.slides
    expect(slide!.pictures).toBe(0)
    expect(slide!.charts).toHaveLength(1)
    const { xml } = slide!.charts[0]!
    expect(/<c:barDir val="(\w+)"\/>/.exec(xml)?.[1]).toBe('col')
    expect(/<c:grouping val="(\w+)"\/>/.exec(xml)?.[1]).toBe('clustered')
    expect(series(xml)).toEqual([
      ['Rye', 'Monday', 'Tuesday', 'Wednesday', '40', '25', '55'],
      ['Spelt', 'Monday', 'Tuesday', 'Wednesday', '10', '30', '20'],
    ])
    expect(/<c:max val="([\d.]+)"\/>/.exec(xml)?.[1]).toBe('60')
    // Each series in the colour its columns are drawn in.
    expect([...xml.matchAll(/<c:ser>[\s\S]*?<a:srgbClr val="([0-9A-F]{6})"/g)].map(m => m[1])).toEqual(['92400E', '65A30D'])
  })

  it('places the chart where the columns are drawn, its value axis running to the spec\'s max', () => {
    // The svg is 540 px wide for 360 units (1.5 px a unit); a day's slot is 110 units, 165 px,
    // and the axis's end, 60 loaves, is 150 units above the columns' foot: 225 px.
    const { frame } = pptx.slides[0]!.charts[0]!
    expect(frame.w).toBeCloseTo(3 * 165 * 0.75, 0)
    expect(frame.h).toBeCloseTo(225 * 0.75, 0)
  })

  it('names the chart by its figure\'s caption and its label', () => {
    expect(pptx.slides[0]!.charts[0]!.descr).toBe('Loaves baked before seven. Rye and spelt loaves on three mornings')
  })

  it('keeps the days under the chart as text boxes', () => {
    expect(pptx.slides[0]!.text).toEqual(expect.arrayContaining(['Monday', 'Tuesday', 'Wednesday']))
  })

  it('keeps an SVG figure without data-chart a picture, with its label', () => {
    const slide = pptx.slides[1]!
    expect(slide.charts).toHaveLength(0)
    expect(slide.pictures).toBe(1)
    expect(slide.xml).toContain('descr="Two shelves above an oven door"')
  })
})

describe('a deck whose data-chart does not say what its chart draws', () => {
  it('fails the PowerPoint naming the slide, the chart and the fault, and writes nothing', async () => {
    const failed = await sharedExport('own-chart-broken', [BROKEN, '--format', 'pptx'], { env: { SOURCE_DATE_EPOCH: String(TEST_EPOCH) }, allowFailure: true })
    expect(failed.result.code).toBe(1)
    expect(failed.result.stderr.trim()).toBe('export: slide 2: reading a chart for the PowerPoint failed: chart "Flour by the week": series 1 ("Flour") of its data-chart has 1 values for 2 labels')
    expect(existsSync(path.join(failed.out, 'broken-chart.pptx'))).toBe(false)
  }, 240_000)
})
