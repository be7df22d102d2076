/**
 * A deck that sits outside this project (test/fixtures/outside, copied to a temporary folder):
 * its vite.config, component and local theme import packages only this project has, and the
 * theme's preparsers split a slide and carry a section title on. Then an edit to that theme,
 * which sits outside the deck's folder, and decks that lack a package or use a misspelt layout
 * in an imported file, which fail before anything is built.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { pdfText, ROOT, runExport } from './export-helpers'
import { readPptx } from './support/pptx'

const FIXTURES = path.join(ROOT, 'test', 'fixtures')
const work = mkdtempSync(path.join(os.tmpdir(), 'outside-deck-test-'))
// The deck and its theme, side by side, outside the project (and so with a cache of their own).
cpSync(path.join(FIXTURES, 'outside'), path.join(work, 'home'), { recursive: true })
const ENTRY = path.join(work, 'home', 'deck', 'slides.md')

afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

/** The PDF's text, page by page. */
function pages(pdf: string): string[] {
  return pdfText(pdf).split('\f').filter(page => page.trim())
}

describe('a deck outside the project, with a theme beside it', () => {
  it('exports, its imports found in this project and its theme\'s preparsers run', async () => {
    const out = path.join(work, 'first')
    const run = await runExport([ENTRY, '--out', out, '--format', 'pdf,pptx', '--quiet'])
    expect(run.code, run.stderr).toBe(0)
    const text = pages(path.join(out, 'slides.pdf'))
    // The split makes six slides of five; the carried section heads the slides without a heading.
    expect(text).toHaveLength(6)
    expect(text[1]).toContain('Opening, continued')
    expect(text[3]).toMatch(/Tools, continued[\s\S]*Split here into two slides/)
    expect(text[4]).toMatch(/Tools, continued[\s\S]*The second half of the split slide/)
    expect(text.join('\n')).not.toContain('@split')
    // vite.config's define (deck's, ESM) reaches the component; the theme's (CommonJS) its setup.
    expect(text[2]).toContain('Tally stands at 9')
    expect(text[5]).toContain('Marked by the beside theme')
    const pptx = await readPptx(path.join(out, 'slides.pptx'))
    expect(pptx.slides).toHaveLength(6)
    expect(pptx.slides.map(s => s.text[0])).toEqual(['Decks away from home', 'Opening, continued', 'Counting with a composable', 'Tools, continued', 'Tools, continued', 'Set up by the theme'])
  }, 240_000)

  it('rebuilds after an edit to the theme, which sits outside the deck\'s folder', async () => {
    expect(existsSync(path.join(work, 'first', 'slides.pdf')), 'the export of the test before').toBe(true)
    const layout = path.join(work, 'home', 'theme', 'layouts', 'default.vue')
    writeFileSync(layout, readFileSync(layout, 'utf8').replace('beside theme<', 'beside theme, repainted<'))
    const out = path.join(work, 'edited')
    const run = await runExport([ENTRY, '--out', out, '--format', 'pdf'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout + run.stderr).toMatch(/build made/)
    expect(pdfText(path.join(out, 'slides.pdf'))).toContain('beside theme, repainted')
  }, 240_000)
})

describe('a deck that lacks a package fails before the build, naming it and the install line', () => {
  const cases: Array<[string, string, RegExp, string]> = [
    ['a theme from npm', 'theme.md', /^export: the theme "harbour-lights" named in theme\.md is not installed \(looked for @slidev\/theme-harbour-lights, slidev-theme-harbour-lights, harbour-lights\)$/m, 'npm i -D slidev-theme-harbour-lights'],
    ['one of Slidev\'s own themes', 'official-theme.md', /^export: the theme "bricks" named in official-theme\.md is not installed/m, 'npm i -D @slidev/theme-bricks'],
    ['an addon', 'addon.md', /^export: the addon "tide-tables" named in addon\.md is not installed/m, 'npm i -D slidev-addon-tide-tables'],
    ['an icon collection', 'icons.md', /^export: the deck uses icons from a collection not installed: ri \(slide 2\)$/m, 'npm i -D @iconify-json/ri'],
  ]
  it.for(cases)('%s', { timeout: 60_000 }, async ([, file, message, install]) => {
    const out = path.join(work, `lacking-${file}`)
    const run = await runExport([path.join(FIXTURES, 'missing-packages', file), '--out', out, '--format', 'pdf'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(message)
    expect(run.stderr).toContain(`Install it with: ${install}`)
    expect(run.stderr).not.toMatch(/building the deck|\n\s+at /)
    expect(existsSync(out)).toBe(false)
  })
})

describe('a misspelt layout on a slide imported with src:', () => {
  it('fails naming the slide in the deck and the file it is written in', async () => {
    const out = path.join(work, 'imported-layout')
    const run = await runExport([path.join(FIXTURES, 'imported-layout', 'slides.md'), '--out', out, '--format', 'pdf'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^export: build: .*slide 3 \(in parts\/appendix\.md\): unknown layout "two-colz"; the layouts are .*\bdefault\b/m)
  }, 120_000)
})
