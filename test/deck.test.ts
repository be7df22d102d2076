/**
 * What the exporter reads from a deck before it builds anything: the fonts Slidev's build would
 * fetch from a font service (from the headmatter and the theme's defaults, resolved as Slidev
 * resolves them), the single-file HTML's refusal of such a deck, and the check after the build
 * that still catches what the headmatter could not tell.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readDeck, themeRoot, webFontsOf } from '../scripts/shared/deck'
import { networkFontsRefusal, notInlinedProblem } from '../scripts/export/html/html-format'
import { SLIDES } from './export-helpers'
import { FEATURES_ENTRY } from './support/shared-export'

const work = mkdtempSync(path.join(os.tmpdir(), 'deck-read-test-'))

afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

/** A deck of one slide under `work`, with `head` as its headmatter; returns its entry. */
function deck(name: string, head: string): string {
  const entry = path.join(work, `${name}.md`)
  writeFileSync(entry, `---\n${head}\n---\n\n# One slide\n`)
  return entry
}

/** The default theme's own fonts: Avenir Next (marked local), Nunito Sans and Fira Code. */
const DEFAULT_THEME = { defaults: { fonts: { mono: 'Fira Code', sans: 'Avenir Next,Nunito Sans', local: 'Avenir Next' } } }

describe('the fonts a deck would fetch', () => {
  it('finds none for this project\'s deck, whose provider is none', async () => {
    expect((await readDeck(SLIDES)).webFonts).toBeUndefined()
  })

  it('finds the default theme\'s faces from Google for the features fixture, which names no fonts', async () => {
    expect((await readDeck(FEATURES_ENTRY)).webFonts).toEqual({
      provider: 'google',
      providerNamed: false,
      host: 'fonts.googleapis.com',
      families: ['Nunito Sans', 'Fira Code'],
      fromTheme: ['Nunito Sans', 'Fira Code'],
    })
  })

  it('reads the theme\'s defaults from the theme package, and none for theme: none', async () => {
    expect(themeRoot(FEATURES_ENTRY, undefined)).toMatch(/theme-default$/)
    expect(themeRoot(FEATURES_ENTRY, 'none')).toBeUndefined()
    expect(themeRoot(FEATURES_ENTRY, './my-theme')).toBe(path.join(path.dirname(FEATURES_ENTRY), 'my-theme'))
    expect((await readDeck(deck('no-theme', 'theme: none\nfonts:\n  sans: Lato'))).webFonts?.families).toEqual(['Lato'])
    expect((await readDeck(deck('no-theme-no-fonts', 'theme: none'))).webFonts).toBeUndefined()
  })

  it('resolves the headmatter over the theme as Slidev does', () => {
    // The deck's sans replaces the theme's; the theme's mono stays.
    expect(webFontsOf({ fonts: { sans: 'Lato', provider: 'coollabs' } }, DEFAULT_THEME)).toEqual({
      provider: 'coollabs',
      providerNamed: true,
      host: 'api.fonts.coollabs.io',
      families: ['Lato', 'Fira Code'],
      fromTheme: ['Fira Code'],
    })
    expect(webFontsOf({ config: { fonts: { sans: 'Lato', provider: 'google' } } })?.families).toEqual(['Lato'])
    expect(webFontsOf({ fonts: { webfonts: ['Lato'], fallbacks: false } })?.families).toEqual(['Lato'])
  })

  it('finds nothing fetched for provider none, local faces, no fallbacks, or a provider Slidev links nothing for', () => {
    expect(webFontsOf({ fonts: { sans: 'Lato', provider: 'none' } }, DEFAULT_THEME)).toBeUndefined()
    expect(webFontsOf({ fonts: { sans: 'Lato', local: 'Lato' } })).toBeUndefined()
    expect(webFontsOf({ fonts: { sans: 'Lato', fallbacks: false } }, DEFAULT_THEME)).toBeUndefined()
    expect(webFontsOf({ fonts: { sans: 'Lato', provider: 'elsewhere' } })).toBeUndefined()
    expect(webFontsOf({})).toBeUndefined()
  })
})

describe('the single-file HTML\'s refusal of a deck that fetches fonts', () => {
  it('names the fonts, the host and where the provider and the fonts come from, with a hint', () => {
    const refusal = networkFontsRefusal({ webFonts: webFontsOf({}, DEFAULT_THEME) })
    expect(refusal?.message).toBe('the single-file HTML would load fonts from the network: Nunito Sans, Fira Code from fonts.googleapis.com (Slidev\'s default font provider, google; Nunito Sans, Fira Code are the theme\'s)')
    expect(refusal?.hint).toMatch(/`fonts: \{ provider: none \}`/)
    expect(refusal?.exitCode).toBe(1)
    expect(networkFontsRefusal({ webFonts: webFontsOf({ fonts: { sans: 'Lato', provider: 'google' } }, DEFAULT_THEME) })?.message)
      .toBe('the single-file HTML would load fonts from the network: Lato, Fira Code from fonts.googleapis.com (the deck\'s font provider, google; Fira Code is the theme\'s)')
    expect(networkFontsRefusal({ webFonts: webFontsOf({ theme: 'none', fonts: { sans: 'Lato' } }) })?.message)
      .toBe('the single-file HTML would load fonts from the network: Lato from fonts.googleapis.com (Slidev\'s default font provider, google)')
  })

  it('refuses nothing for a deck that fetches no fonts', async () => {
    expect(networkFontsRefusal(await readDeck(SLIDES))).toBeUndefined()
  })
})

describe('the check after the single-file build', () => {
  it('names what the page still refers to, with the slide it most likely comes from', () => {
    const page = '<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Lato"><img src="./chart.png" alt="">'
    const problem = notInlinedProblem(page, ['# One', '# Two\n\n![A chart](./chart.png)'])
    expect(problem?.message).toBe('the single-file HTML still refers to files it could not inline (slide 2: ./chart.png; the page: https://fonts.googleapis.com/css2?family=Lato)')
    expect(problem?.hint).toMatch(/`fonts: \{ provider: none \}`/)
    expect(notInlinedProblem('<img src="./chart.png" alt="">', [])?.message).toBe('the single-file HTML still refers to a file it could not inline (the page: ./chart.png)')
    expect(notInlinedProblem('<img src="data:image/png;base64,AA" alt="">', [])).toBeUndefined()
  })
})
