import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT, runExport } from './export-helpers'

const FAULTS = path.join(ROOT, 'test', 'fixtures', 'faults', 'slides.md')
const BAD_LAYOUT = path.join(ROOT, 'test', 'fixtures', 'bad-layout', 'slides.md')
const MISSING_PICTURE = path.join(ROOT, 'test', 'fixtures', 'missing-picture', 'slides.md')
const work = mkdtempSync(path.join(os.tmpdir(), 'deck-faults-test-'))

afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

/** An output folder holding an earlier export, which a failed run must leave as it was. */
function earlierExport(name: string): string {
  const out = path.join(work, name)
  mkdirSync(out)
  writeFileSync(path.join(out, 'faults.pdf'), 'the earlier export')
  return out
}

function leftAsItWas(out: string): void {
  expect(readdirSync(out)).toEqual(['faults.pdf'])
  expect(readFileSync(path.join(out, 'faults.pdf'), 'utf8')).toBe('the earlier export')
  expect(readdirSync(path.dirname(out)).filter(n => n.startsWith(`.${path.basename(out)}.tmp-`))).toEqual([])
}

describe('export: slides that render with a fault', () => {
  it('exports the sound slide of the fault deck', async () => {
    const out = path.join(work, 'sound')
    const result = await runExport([FAULTS, '--out', out, '--format', 'pdf', '--range', '1', '--quiet'])
    expect(result.code, result.stderr).toBe(0)
    expect(existsSync(path.join(out, 'faults.pdf'))).toBe(true)
  }, 180_000)

  const cases: Array<[string, string, RegExp]> = [
    ['an error box a component drew', '2', /^export: slide 2 shows an error: Gauge: no reading given$/m],
    ['a Vue error raised while rendering', '3', /^export: slide 3: a component raised an error while rendering: Brittle: the valve table is empty/m],
    ['a component that does not exist', '4', /^export: slide 4: unknown component <PressureDial>/m],
    ['a picture file that holds no picture', '5', /^export: slide 5: image \/not-a-picture\.png did not load\n\s+Check that the file exists .*a picture a browser can open/m],
  ]
  it.for(cases)('fails on %s, naming the slide and the message, and leaves the earlier export', { timeout: 120_000 }, async ([, range, message]) => {
    const out = earlierExport(`fault-${range}`)
    const result = await runExport([FAULTS, '--out', out, '--range', range])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(message)
    expect(result.stderr).not.toMatch(/\n\s+at /)
    leftAsItWas(out)
  })

  it('fails on the first faulty slide of a whole-deck export', async () => {
    const out = earlierExport('whole')
    const result = await runExport([FAULTS, '--out', out, '--format', 'pdf'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^export: slide [234]\b.*\(and 2 more problems\)$/m)
    leftAsItWas(out)
  }, 120_000)

  it('fails on a local picture that is not there, naming the slide (hidden ones not counted) and the file', async () => {
    const out = earlierExport('missing-picture')
    const result = await runExport([MISSING_PICTURE, '--out', out])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^export: slide 2 \(slides\.md\): \/pressure-over-a-shift\.png does not exist$/m)
    expect(result.stderr).toMatch(/looked for in the deck's public\/ folder/)
    expect(result.stderr).not.toMatch(/\n\s+at /)
    leftAsItWas(out)
  }, 120_000)

  it('fails on a layout that does not exist, naming the slide and the layout', async () => {
    const out = earlierExport('layout')
    const result = await runExport([BAD_LAYOUT, '--out', out])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^export: build: .*slide 2: unknown layout "side-by-sid"; the layouts are .*\bdefault\b/m)
    leftAsItWas(out)
  }, 120_000)
})
