/**
 * What the exporter reads from a deck before it builds anything: the fonts Slidev's build would
 * fetch from a font service (from the headmatter and the theme's defaults, resolved as Slidev
 * resolves them), the single-file HTML's refusal of such a deck, and the check after the build
 * that still catches what the headmatter could not tell.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isSystemFamily, readDeck, themeRoot, webFamiliesOf, webFontsOf } from '../scripts/shared/deck'
import { buildFonts, findFontsource, fontsourceName, installLine } from '../scripts/shared/fontsource'
import { networkFontsRefusal, notInlinedProblem } from '../scripts/export/html/html-format'
import { externalReferences } from '../scripts/export/html/html-check'
import { FormatRefusal } from '../scripts/shared/errors'
import { ROOT } from './export-helpers'
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
      weights: ['200', '400', '600'],
      italic: false,
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
      weights: ['200', '400', '600'],
      italic: false,
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

  it('finds none for a theme whose fonts are the system stack, and keeps a web font named before it', () => {
    const systemStack = { defaults: { fonts: {
      sans: 'system-ui, -apple-system, BlinkMacSystemFont, \'Segoe UI\', Roboto, \'Helvetica Neue\', Arial, sans-serif',
      serif: 'ui-serif, Georgia, Cambria, "Times New Roman", serif',
      mono: 'ui-monospace, SFMono-Regular, Menlo, Monaco, Consolas, \'Liberation Mono\', monospace',
    } } }
    expect(webFontsOf({}, systemStack)).toBeUndefined()
    // Roboto after system-ui is Android's own face; named first, it is a web font.
    expect(webFontsOf({ fonts: { sans: 'Roboto, system-ui, sans-serif' } }, systemStack)?.families).toEqual(['Roboto'])
    expect(webFamiliesOf(['"Lato"', 'ui-sans-serif', 'Roboto'])).toEqual(['Lato'])
    expect(['monospace', '"Segoe UI"', 'BlinkMacSystemFont', 'menlo'].map(isSystemFamily)).toEqual([true, true, true, true])
    expect(['Roboto', 'Nunito Sans', 'Fira Code'].map(isSystemFamily)).toEqual([false, false, false])
  })

  it('reads the fonts, weights and italics of seriph\'s defaults', () => {
    const seriph = { defaults: { fonts: { mono: 'PT Mono', sans: 'PT Serif', serif: 'PT Serif', italic: true, weights: '400, 700' } } }
    expect(webFontsOf({ theme: 'seriph' }, seriph)).toMatchObject({ families: ['PT Serif', 'PT Mono'], weights: ['400', '700'], italic: true })
  })
})

describe('web fonts from installed fontsource packages', () => {
  it('finds a family by its package name, with the stylesheets of the weights and italics asked for', () => {
    expect(fontsourceName('Nunito Sans')).toBe('nunito-sans')
    const found = findFontsource({ families: ['Inter', 'JetBrains Mono', 'Nunito Sans'], weights: ['400', '600'], italic: true }, [work, ROOT])
    expect(found.missing).toEqual(['Nunito Sans'])
    expect(found.found.map(f => [f.family, f.pkg, f.css.map(c => path.relative(path.join(ROOT, 'node_modules'), c))])).toEqual([
      ['Inter', '@fontsource/inter', ['@fontsource/inter/400.css', '@fontsource/inter/400-italic.css', '@fontsource/inter/600.css', '@fontsource/inter/600-italic.css']],
      ['JetBrains Mono', '@fontsource/jetbrains-mono', ['@fontsource/jetbrains-mono/400.css', '@fontsource/jetbrains-mono/400-italic.css', '@fontsource/jetbrains-mono/600.css', '@fontsource/jetbrains-mono/600-italic.css']],
    ])
    expect(installLine(found.missing)).toBe('npm i -D @fontsource/nunito-sans')
  })

  it('finds a variable package in the deck\'s own folder, with its italics', () => {
    const pkg = path.join(work, 'node_modules', '@fontsource-variable', 'fake-grotesk')
    mkdirSync(pkg, { recursive: true })
    writeFileSync(path.join(pkg, 'package.json'), '{"name":"@fontsource-variable/fake-grotesk","version":"5.0.0"}')
    for (const css of ['index.css', 'wght-italic.css'])
      writeFileSync(path.join(pkg, css), '')
    const found = findFontsource({ families: ['Fake Grotesk'], weights: ['400'], italic: true }, [work, ROOT])
    expect(found).toEqual({ found: [{ family: 'Fake Grotesk', pkg: '@fontsource-variable/fake-grotesk', css: [path.join(pkg, 'index.css'), path.join(pkg, 'wght-italic.css')] }], missing: [] })
    expect(findFontsource({ families: ['Fake Grotesk'], weights: ['400'], italic: false }, [work]).found[0]!.css).toEqual([path.join(pkg, 'index.css')])
  })

  it('takes the font service\'s link out when fonts are bundled in its place or it would fetch only system faces', () => {
    const web = webFontsOf({ fonts: { sans: 'Inter' } })!
    const local = findFontsource(web, [ROOT])
    expect(buildFonts(web, local)).toEqual({ css: local.found[0]!.css, dropLink: true })
    expect(buildFonts(undefined, { found: [], missing: [] })).toEqual({ css: [], dropLink: true })
    // Nothing installed: the link stays as Slidev has it.
    expect(buildFonts(webFontsOf({ fonts: { sans: 'Lato' } }), { found: [], missing: ['Lato'] })).toEqual({ css: [], dropLink: false })
  })

  it('reads a deck naming installed fonts as needing nothing from the network', async () => {
    const read = await readDeck(deck('installed', 'fonts:\n  sans: Inter\n  mono: JetBrains Mono'))
    expect(read.webFonts?.families).toEqual(['Inter', 'JetBrains Mono'])
    expect(read.localFonts.missing).toEqual([])
    expect(networkFontsRefusal(read)).toBeUndefined()
  })
})

describe('the single-file HTML\'s refusal of a deck that fetches fonts', () => {
  it('names the fonts, the host and where the provider and the fonts come from, with a hint', () => {
    const refused = (webFonts: ReturnType<typeof webFontsOf>) => networkFontsRefusal({ webFonts, localFonts: { found: [], missing: webFonts?.families ?? [] } })
    const refusal = refused(webFontsOf({}, DEFAULT_THEME))
    expect(refusal).toBeInstanceOf(FormatRefusal)
    expect(refusal?.message).toBe('the single-file HTML would load fonts from the network: Nunito Sans, Fira Code from fonts.googleapis.com (Slidev\'s default font provider, google; Nunito Sans, Fira Code are the theme\'s)')
    expect(refusal?.hint).toMatch(/`fonts: \{ provider: none \}`/)
    expect(refusal?.hint).toMatch(/`npm i -D @fontsource\/nunito-sans @fontsource\/fira-code`/)
    expect(refusal?.reason).toBe('it would load Nunito Sans, Fira Code from the network')
    expect(refusal?.exitCode).toBe(1)
    expect(refused(webFontsOf({ fonts: { sans: 'Lato', provider: 'google' } }, DEFAULT_THEME))?.message)
      .toBe('the single-file HTML would load fonts from the network: Lato, Fira Code from fonts.googleapis.com (the deck\'s font provider, google; Fira Code is the theme\'s)')
    expect(refused(webFontsOf({ theme: 'none', fonts: { sans: 'Lato' } }))?.message)
      .toBe('the single-file HTML would load fonts from the network: Lato from fonts.googleapis.com (Slidev\'s default font provider, google)')
  })

  it('names only the fonts that are not installed', () => {
    const web = webFontsOf({ fonts: { sans: 'Inter', mono: 'Fira Code' } })
    const refusal = networkFontsRefusal({ webFonts: web, localFonts: findFontsource(web, [ROOT]) })
    expect(refusal?.message).toBe('the single-file HTML would load fonts from the network: Fira Code from fonts.googleapis.com (Slidev\'s default font provider, google)')
    expect(refusal?.hint).toMatch(/`npm i -D @fontsource\/fira-code`/)
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

  it('says that an embed\'s script from the network is what keeps the single file from being made', () => {
    const problem = notInlinedProblem('<script async src="https://platform.twitter.com/widgets.js"></script>', ['# One\n\n<Tweet id="1" />'])
    expect(problem?.message).toBe('the single-file HTML still refers to a file it could not inline (the page: https://platform.twitter.com/widgets.js)')
    expect(problem?.reason).toBe('it would need a file from outside it')
    expect(problem?.hint).toMatch(/^https:\/\/platform\.twitter\.com\/widgets\.js is a script that an embed \(such as <Tweet> or <BlueSky>\) loads from the network/)
  })

  it('reads a fragment inside a data: URL\'s SVG as part of that picture, not as a file', () => {
    const icon = `<style>.i{background:url("data:image/svg+xml;utf8,<svg><linearGradient id='g'/><rect fill='url(%23g)'/><use href='%23g'/></svg>")}</style>`
    expect(externalReferences(icon)).toEqual([])
    expect(externalReferences(`<style>.i{mask:url('data:image/svg+xml,<svg><path fill="url(%23a)"/></svg>') , url(./real.png)}</style><div style="fill: url(#own)"></div>`)).toEqual(['./real.png'])
  })
})
