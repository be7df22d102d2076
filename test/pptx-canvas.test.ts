import { describe, expect, it } from 'vitest'
import { withinCanvas } from '../scripts/lib/pptx-build'
import type { SlideView } from '../scripts/lib/pptx-view'

describe('pptx: a slide taller than the canvas', () => {
  const text: SlideView['nodes'][number] = {
    kind: 'text',
    rect: { x: 40, y: 30, w: 400, h: 40 },
    runs: [{ text: 'A heading', font: 'Inter', size: 30, bold: true, italic: false, color: { hex: '1F2937', alpha: 1 }, zh: false, letterSpacing: 0 }],
    align: 'left',
    lineHeight: 36,
    lines: 1,
    title: true,
  }
  const box = (y: number, h: number): SlideView['nodes'][number] => ({ kind: 'box', rect: { x: 10, y, w: 100, h }, radius: 0, ellipse: false })

  it('leaves out what starts below the canvas, and ends boxes at its bottom edge', () => {
    const below = { ...text, rect: { x: 40, y: 600, w: 400, h: 40 }, title: false }
    expect(withinCanvas([text, box(100, 700), box(560, 50), below], 551.25)).toEqual([text, box(100, 451.25)])
  })

  it('leaves a slide that fits as it is', () => {
    const nodes = [text, box(100, 200)]
    expect(withinCanvas(nodes, 551.25)).toEqual(nodes)
  })
})
