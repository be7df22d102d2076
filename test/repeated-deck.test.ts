/**
 * A long deck made of this project's deck repeated four times (96 slides), exported twice in
 * every format: each output has a page, an image or a slide for every slide, and the second
 * export is byte for byte the first. Its speed and memory are the bench's business
 * (`npm run bench -- --slides 1000`), not this file's.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import JSZip from 'jszip'
import { beforeAll, describe, expect, it } from 'vitest'
import { writeRepeatedDeck } from '../scripts/bench/bench-scale'
import { readDeck } from '../scripts/shared/deck'
import { ROOT, runExport, treeDigest } from './export-helpers'
import { sharedOnce, TEST_EPOCH } from './support/shared-export'

const env = { SOURCE_DATE_EPOCH: String(TEST_EPOCH) }
let deck: { entry: string, count: number }
let name: string
let outs: [string, string]

beforeAll(async () => {
  const own = (await readDeck(path.join(ROOT, 'slides.md'))).slides.length
  deck = writeRepeatedDeck(ROOT, readFileSync(path.join(ROOT, 'slides.md'), 'utf8'), own, own * 4)
  name = (await readDeck(deck.entry)).exportName
  const { dir } = await sharedOnce('repeated-deck', async () => '')
  outs = [path.join(dir, 'first'), path.join(dir, 'second')]
  for (const out of outs) {
    const result = await runExport([deck.entry, '--out', out, '--quiet'], { env, timeoutMs: 400_000 })
    expect(result.code, result.stderr).toBe(0)
  }
}, 800_000)

const pages = (file: string) => Number(/^Pages:\s+(\d+)$/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1])

describe('this deck repeated four times', () => {
  it('has the slides it was made with', async () => {
    expect((await readDeck(deck.entry)).slides.length).toBe(deck.count)
    expect(deck.count).toBeGreaterThanOrEqual(90)
  })

  it('prints a PDF page, a PNG and a PowerPoint slide for every slide', async () => {
    const [out] = outs
    expect(pages(path.join(out, `${name}.pdf`))).toBe(deck.count)
    expect(readdirSync(path.join(out, 'png')).filter(f => f.endsWith('.png'))).toHaveLength(deck.count)
    const zip = await JSZip.loadAsync(readFileSync(path.join(out, `${name}.pptx`)))
    expect(Object.keys(zip.files).filter(f => /^ppt\/slides\/slide\d+\.xml$/.test(f))).toHaveLength(deck.count)
  })

  it('gives the handout a page for each slide at least, and lists every slide in the manifest', () => {
    const [out] = outs
    expect(pages(path.join(out, `${name}-handout.pdf`))).toBeGreaterThanOrEqual(deck.count)
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { slides: Array<{ number: number }> }
    expect(manifest.slides.map(s => s.number)).toEqual(Array.from({ length: deck.count }, (_, i) => i + 1))
  })

  it('writes the same bytes on a second export', () => {
    expect(treeDigest(outs[1])).toEqual(treeDigest(outs[0]))
  })
})
