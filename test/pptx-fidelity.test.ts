// The PowerPoint's fidelity to what a slide shows, without a browser: slides built from made-up
// views (a dark colour, a gradient, code, a line break, pictures alone) and page readings turned
// into runs (tabs, gradient lettering, see-through highlights).
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import type { RawRun } from '../scripts/export/pptx/collected-slide'
import { buildPptx, checkPptx } from '../scripts/export/pptx/pptx-build'
import { gradientFill } from '../scripts/export/pptx/pptx-fidelity'
import { expandTabs, runOf, tidy } from '../scripts/export/pptx/pptx-interpret'
import type { SlideView, TextBlock, TextRun } from '../scripts/export/pptx/slide-view'
import { HEADING_NODE, pptxInput } from './support/pptx'

const view = (number: number, nodes: SlideView['nodes'], extra: Partial<SlideView> = {}): SlideView => ({ number, nodes, unsupported: [], ...extra })
const input = (views: SlideView[]) => pptxInput(views)
const run = (text: string, over: Partial<TextRun> = {}): TextRun => ({ text, font: 'Inter', size: 20, bold: false, italic: false, color: { hex: 'FFFFFF', alpha: 1 }, zh: false, letterSpacing: 0, ...over })
const textNode = (runs: TextRun[]): TextBlock => ({ kind: 'text', rect: { x: 40, y: 100, w: 600, h: 80 }, runs, align: 'left', lineHeight: 30, lines: 2, title: false })
const picture = (alt: string): SlideView['nodes'][number] => ({ kind: 'picture', rect: { x: 100, y: 100, w: 200, h: 200 }, pageRect: { x: 100, y: 100, w: 200, h: 200 }, alt, what: 'svg', target: '1-1', png: PNG_1PX })
// A 1×1 PNG, as a capture would give.
const PNG_1PX = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'))

async function slideXml(bytes: Uint8Array, n = 1): Promise<string> {
  return (await JSZip.loadAsync(bytes)).file(`ppt/slides/slide${n}.xml`)!.async('string')
}

function rawRun(text: string, style: Partial<RawRun['style']> = {}, over: Partial<RawRun> = {}): RawRun {
  return {
    text,
    lang: '',
    code: true,
    opacity: 1,
    inline: [],
    style: { 'color': 'rgb(255, 255, 255)', '-webkit-text-fill-color': 'rgb(255, 255, 255)', 'font-family': '"Fira Code", monospace', 'font-size': '12px', 'font-weight': '400', 'font-style': 'normal', 'letter-spacing': 'normal', 'text-transform': 'none', 'white-space': 'pre', 'tab-size': '4', ...style },
    ...over,
  }
}

describe('pptx fidelity: slides built from views', () => {
  it('gives a slide of the dark colour it shows a p:bg of that colour, and a gradient slide a gradient fill', async () => {
    const gradient = { angle: 135, stops: [{ at: 0, paint: { hex: '1E3A8A', alpha: 1 } }, { at: 1, paint: { hex: '7C3AED', alpha: 1 } }] }
    const bytes = await buildPptx(input([view(1, [HEADING_NODE], { background: { hex: '121212', alpha: 1 } }), view(2, [HEADING_NODE], { gradient })]))
    expect(/<p:bg><p:bgPr><a:solidFill><a:srgbClr val="([0-9A-F]{6})"\/>/.exec(await slideXml(bytes, 1))?.[1]).toBe('121212')
    const second = await slideXml(bytes, 2)
    expect(/<p:bg><p:bgPr>(.*?)<a:effectLst\/>/.exec(second)?.[1]).toBe(gradientFill(gradient))
    // CSS 135deg (towards the bottom right) is DrawingML's 45 degrees, from the left edge clockwise.
    expect(gradientFill(gradient)).toContain('<a:lin ang="2700000" scaled="0"/>')
    expect(await checkPptx(bytes, 2)).toBeUndefined()
  })

  it('marks code\'s face fixed-pitch (49) and leaves the prose face proportional (34)', async () => {
    const xml = await slideXml(await buildPptx(input([view(1, [HEADING_NODE, textNode([run('let x = 1', { font: 'Fira Code', mono: true, pre: true })])])])))
    expect(xml.match(/<a:latin typeface="Fira Code" pitchFamily="(\d+)"/)?.[1]).toBe('49')
    expect(xml.match(/<a:latin typeface="Inter" pitchFamily="(\d+)"/)?.[1]).toBe('34')
  })

  it('writes a <br> inside a paragraph as a:br between its two lines, in one paragraph', async () => {
    const runs = tidy([run('Ink dries slower '), { ...run('\n'), lineBreak: true }, run(' when the air is cold')])
    const xml = await slideXml(await buildPptx(input([view(1, [HEADING_NODE, textNode(runs)])])))
    const paragraph = [...xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map(m => m[1]!).find(p => p.includes('Ink dries'))!
    expect(paragraph.replace(/<a:rPr[\s\S]*?<\/a:rPr>/g, '').replace(/<\/?a:r>/g, '')).toMatch(/<a:t>Ink dries slower<\/a:t><a:br\/><a:t>when the air is cold<\/a:t>/)
  })

  it('passes a slide of pictures alone, with their alt text, and names a slide by its number in the deck', async () => {
    const bytes = await buildPptx(input([view(4, [picture('The shop\'s mark')]), view(6, [picture('Platen press'), picture('Paper guillotine')])]))
    expect(await checkPptx(bytes, [4, 6])).toBeUndefined()
    const empty = await buildPptx(input([view(4, [HEADING_NODE]), view(9, [])]))
    expect(await checkPptx(empty, [4, 9])).toEqual({ slide: 9, message: 'it has neither text nor a picture' })
  })
})

describe('pptx fidelity: runs from page readings', () => {
  it('expands tabs in code to the code\'s tab width, counting columns across runs and lines', () => {
    const runs = expandTabs([rawRun('\tfor {\n\t\tfeed'), rawRun('()\n'), rawRun('ab\tc', { 'tab-size': '2' })])
    expect(runs.map(r => r.text)).toEqual(['    for {\n        feed', '()\n', 'ab  c'])
  })

  it('colours gradient lettering with its gradient\'s middle colour, with no highlight behind it', () => {
    const clipped = rawRun('Open all night', { '-webkit-text-fill-color': 'rgba(0, 0, 0, 0)', 'color': 'rgba(0, 0, 0, 0)' }, {
      code: false,
      clip: { image: 'linear-gradient(90deg, rgb(255, 0, 0), rgb(0, 0, 255))', color: 'rgba(0, 0, 0, 0)' },
      inline: [{ 'display': 'inline', 'background-color': 'rgba(0, 0, 0, 0)', 'background-clip': 'text', 'color': 'rgba(0, 0, 0, 0)', 'text-decoration-line': 'none', 'text-decoration-style': 'solid', 'text-decoration-color': 'rgb(0, 0, 0)', 'border-bottom-style': 'none', 'border-bottom-width': '0px', 'border-bottom-color': 'rgb(0, 0, 0)' }],
    })
    const out = runOf(clipped, ['rgb(18, 18, 18)'])
    expect(out.color).toEqual({ hex: '800080', alpha: 1 })
    expect(out.highlight).toBeUndefined()
  })

  it('gives a see-through code-line highlight the colour it shows over the code\'s background, not its own opaque colour', () => {
    const line = rawRun('feed()', {}, {
      inline: [{ 'display': 'inline', 'background-color': 'rgba(250, 204, 21, 0.22)', 'background-clip': 'border-box', 'color': 'rgb(255, 255, 255)', 'text-decoration-line': 'none', 'text-decoration-style': 'solid', 'text-decoration-color': 'rgb(0, 0, 0)', 'border-bottom-style': 'none', 'border-bottom-width': '0px', 'border-bottom-color': 'rgb(0, 0, 0)' }],
    })
    // Over a code block of #1A1A1A: 0.22 of the yellow and 0.78 of the block, channel by channel
    // (250·0.22 + 26·0.78 = 75.3, 204·0.22 + 26·0.78 = 65.2, 21·0.22 + 26·0.78 = 24.9).
    expect(runOf(line, ['rgba(0, 0, 0, 0)', 'rgb(26, 26, 26)']).highlight).toEqual({ hex: '4B4119', alpha: 1 })
  })
})
