/**
 * Mermaid diagrams of several kinds (a flowchart with subgraphs, a state diagram, a mindmap,
 * a sequence diagram, and a slide holding only a diagram). Slidev renders each diagram
 * asynchronously in a helper box; the print view once hid that box before every diagram was
 * done, so diagrams came out blank or broken at random. Every label must be in the PDF, on
 * every run, with the same bytes; a diagram that fails must fail the export, naming its slide.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { sharedExport, TEST_EPOCH } from './support/shared-export'
import type { SharedExport } from './support/shared-export'

const ENTRY = path.join(import.meta.dirname, 'fixtures', 'mermaid', 'slides.md')
const BROKEN = path.join(import.meta.dirname, 'fixtures', 'mermaid-broken', 'slides.md')
const env = { SOURCE_DATE_EPOCH: String(TEST_EPOCH) }
/** A label of each diagram, by slide of the first round (the deck has three rounds of five). */
const LABELS: Array<[number, string[]]> = [
  [1, ['Till takes order', 'Ticket printed', 'Kitchen', 'Customer pickup']],
  [2, ['Proving', 'Baking', 'dough risen', 'Donated']],
  [3, ['Bakery plan', 'Rye starter', 'Weekend cover']],
  [4, ['Miller', 'Courier', 'flour sacks ready', 'arriving at six']],
  [5, ['Dawn bake', 'Noon restock', 'Dusk markdown']],
]
let first: SharedExport
let second: SharedExport

beforeAll(async () => {
  first = await sharedExport('mermaid-first', [ENTRY, '--format', 'pdf'], { env })
  second = await sharedExport('mermaid-second', [ENTRY, '--format', 'pdf'], { env: { ...env, DECK_TEST_RUN: 'second' } })
}, 280_000)

describe('a deck of Mermaid diagrams', () => {
  for (const [slide, labels] of LABELS.flatMap(([n, l]) => [0, 5, 10].map(k => [n + k, l] as [number, string[]]))) {
    it(`draws slide ${slide}'s diagram whole: ${labels.join(', ')} are in its PDF page`, () => {
      const text = execFileSync('pdftotext', ['-f', String(slide), '-l', String(slide), path.join(first.out, 'bakery-diagrams.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
      for (const label of labels)
        expect(text, `slide ${slide}`).toContain(label)
    })
  }

  it('gives the same bytes when exported again', () => {
    const a = readFileSync(path.join(first.out, 'bakery-diagrams.pdf'))
    const b = readFileSync(path.join(second.out, 'bakery-diagrams.pdf'))
    expect(b.equals(a)).toBe(true)
  })
})

describe('a Mermaid diagram that cannot be drawn', () => {
  it('fails the export, naming the slide and writing nothing', async () => {
    const failed = await sharedExport('mermaid-broken', [BROKEN, '--format', 'pdf'], { env, allowFailure: true })
    expect(failed.result.code).toBe(1)
    expect(failed.result.stderr).toMatch(/slide 2\b.*Mermaid diagram failed to render/)
    expect(existsSync(path.join(failed.out, 'broken-diagram.pdf'))).toBe(false)
  })
})
