/**
 * The example decks two theme packages ship (`@slidev/theme-default` and `@slidev/theme-seriph`,
 * written by their authors, not here), exported offline as a user would: the plain command names
 * their remote background pictures, and with --placeholders every format but the HTML is
 * written, one page, one PNG and one PowerPoint slide per slide. Their web fonts are not
 * installed, so the HTML is left out with the install line.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import { readDeck } from '../scripts/shared/deck'
import { sharedExport, TEST_EPOCH } from './support/shared-export'

const require = createRequire(import.meta.url)
const env = { SOURCE_DATE_EPOCH: String(TEST_EPOCH) }
const THEMES: Array<[string, string]> = [
  ['@slidev/theme-default', 'npm i -D @fontsource/nunito-sans @fontsource/fira-code'],
  ['@slidev/theme-seriph', 'npm i -D @fontsource/pt-serif @fontsource/pt-mono'],
]

describe.for(THEMES)('the example deck of %s, offline', ([theme, install]) => {
  const entry = path.join(path.dirname(require.resolve(`${theme}/package.json`)), 'example.md')
  const remote = (source: string) => [...new Set(source.match(/https:\/\/(?:images|source)\.unsplash\.com\/\S+/g) ?? [])]

  it('fails on the plain command, naming each remote picture with its slides', { timeout: 280_000 }, async () => {
    const { result } = await sharedExport(`example-${path.basename(theme)}`, [entry], { env, allowFailure: true })
    expect(result.code).toBe(1)
    const urls = remote(readFileSync(entry, 'utf8'))
    expect(urls.length).toBeGreaterThan(0)
    expect(result.stderr).toContain(`${urls.length} remote files did not load`)
    for (const url of urls)
      expect(result.stderr).toMatch(new RegExp(`^ {4}slides? [\\d, ]+: background picture ${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'))
  })

  it('writes every format but the HTML with --placeholders: a page, a PNG and a PowerPoint slide per slide', { timeout: 280_000 }, async () => {
    const { out, result } = await sharedExport(`example-${path.basename(theme)}-placeholders`, [entry, '--placeholders'], { env })
    const slides = (await readDeck(entry)).slides.length
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { placeholders: Array<{ url: string }>, leftOut: Array<{ format: string, fix: string }> }
    expect(execFileSync('pdfinfo', [path.join(out, 'example.pdf')], { encoding: 'utf8' })).toMatch(new RegExp(`^Pages:\\s+${slides}$`, 'm'))
    expect(readdirSync(path.join(out, 'png'))).toHaveLength(slides)
    const zip = await JSZip.loadAsync(readFileSync(path.join(out, 'example.pptx')))
    expect(Object.keys(zip.files).filter(f => /^ppt\/slides\/slide\d+\.xml$/.test(f))).toHaveLength(slides)
    expect([...new Set(manifest.placeholders.map(p => p.url))].sort()).toEqual(remote(readFileSync(entry, 'utf8')).sort())
    expect(manifest.leftOut.map(l => l.format)).toEqual(['html'])
    expect(manifest.leftOut[0]!.fix).toContain(install)
    expect(result.stdout + result.stderr).toMatch(/\b2 remote files not loaded, see manifest\.json/)
  })
})
