/**
 * A long course deck of tables and code whose slides hold more than their box. Chromium's
 * printing of such a run of pages inside Slidev's print view lost the last pages (the view
 * lays the slides out in a CSS grid, and Chromium's fragmentation of that grid drops what
 * comes after a point that moves with the overflow); every slide must keep its page and PNG.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { beforeAll, describe, expect, it } from 'vitest'
import { longDeckTitle, writeLongDeck } from './support/long-deck'
import { sharedExport } from './support/shared-export'
import type { SharedExport } from './support/shared-export'

const SLIDES = 84
// A fixed folder, so the deck's build is cached from one run to the next like a fixture's.
const DECK = path.join(import.meta.dirname, '..', 'node_modules', '.cache', 'deck-export-decks', 'long-course')
let exported: SharedExport

beforeAll(async () => {
  if (existsSync(DECK))
    rmSync(path.join(DECK, 'slides.md'))
  const entry = writeLongDeck(DECK, SLIDES)
  exported = await sharedExport('long-course', [entry, '--format', 'pdf,png'])
}, 280_000)

describe('a long deck of tables and code that overflow their slides', () => {
  it('prints one PDF page for each of its 84 slides', () => {
    const info = execFileSync('pdfinfo', [path.join(exported.out, 'long-course.pdf')], { encoding: 'utf8' })
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(SLIDES)
  })

  it('puts every slide on its own page, in order, the last ones included', () => {
    const file = path.join(exported.out, 'long-course.pdf')
    const lessons = Array.from({ length: SLIDES }, (_, i) =>
      /Lesson \d+: \w+/.exec(execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' }))?.[0])
    expect(lessons).toEqual(Array.from({ length: SLIDES }, (_, i) => longDeckTitle(i + 1)))
  })

  it('writes a PNG for each slide', () => {
    expect(readdirSync(path.join(exported.out, 'png')).filter(f => f.endsWith('.png'))).toHaveLength(SLIDES)
  })

  it('warns about the slides cut at the bottom edge, naming each by its number', () => {
    expect(exported.result.stderr).toMatch(/slide \d+ \(Lesson \d+: \w+\) is \d+ px taller than the canvas/)
  })
})
