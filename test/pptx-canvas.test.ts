import { describe, expect, it } from 'vitest'
import { withinCanvas } from '../scripts/export/pptx/pptx-build'
import type { SlideView } from '../scripts/export/pptx/slide-view'
import { HEADING_NODE } from './support/pptx'

describe('pptx: a slide taller than the canvas', () => {
  const text = HEADING_NODE
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
