/**
 * Each format stands alone: with the default formats, one the deck cannot give faithfully (the
 * single-file HTML of a deck on web fonts that are not installed) is left out with a warning
 * that says why and how to fix it, and the others are written, with the manifest and the
 * summary line saying what was left out; asked for by name, it still fails. A web font the deck
 * names that is installed as a fontsource package is bundled into every format; a system font
 * stack is no web font; Slidev's default favicon and the fragments inside an icon's data: URL
 * need nothing from outside the single file. One export per fixture, shared.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, runExport } from './export-helpers'
import { sharedExport } from './support/shared-export'
import type { SharedExport } from './support/shared-export'

const fixture = (name: string) => path.join(ROOT, 'test', 'fixtures', name, 'slides.md')
const DEFAULT_FONTS = fixture('default-fonts')
const FONTSOURCE_FONTS = fixture('fontsource-fonts')
const SYSTEM_FONTS = fixture('system-fonts')
const ICON_DATA_URI = fixture('icon-data-uri')
const LAYOUT_PICTURE = fixture('html-layout-picture')
const work = mkdtempSync(path.join(os.tmpdir(), 'formats-alone-test-'))

afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

interface Manifest {
  formats: string[]
  leftOut?: Array<{ format: string, reason: string, fix?: string }>
  files: Array<{ path: string, kind: string, pages?: number }>
  slides: Array<{ number: number, files: Array<{ path: string }> }>
}

const manifestOf = (out: string): Manifest => JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Manifest
const pdfFonts = (file: string): string => execFileSync('pdffonts', [file], { encoding: 'utf8' })

describe('a deck on Slidev\'s default fonts, exported with the default formats', () => {
  let exported: SharedExport
  beforeAll(async () => {
    exported = await sharedExport('default-fonts', [DEFAULT_FONTS])
  }, 300_000)

  it('writes the PDF, the PNGs, the handout and the PowerPoint, and no HTML', () => {
    expect(exported.result.code, exported.result.stderr).toBe(0)
    expect(readdirSync(exported.out).sort()).toEqual(['default-fonts-handout.pdf', 'default-fonts.pdf', 'default-fonts.pptx', 'manifest.json', 'png'])
    expect(readdirSync(path.join(exported.out, 'png')).sort()).toEqual(['01.png', '02.png'])
    expect(execFileSync('pdfinfo', [path.join(exported.out, 'default-fonts.pdf')], { encoding: 'utf8' })).toMatch(/^Pages:\s+2$/m)
  })

  it('warns that the HTML was left out, naming the fonts, the service and the exact install line', () => {
    const { stderr } = exported.result
    expect(stderr).toMatch(/^export: html left out: the single-file HTML would load fonts from the network: Nunito Sans, Fira Code from fonts\.googleapis\.com \(Slidev's default font provider, google; Nunito Sans, Fira Code are the theme's\)$/m)
    expect(stderr).toMatch(/^ {2}Install them and the export bundles them into every format: `npm i -D @fontsource\/nunito-sans @fontsource\/fira-code`/m)
  })

  it('says in the manifest and the summary line what was left out and why', () => {
    const manifest = manifestOf(exported.out)
    expect(manifest.formats).toEqual(['pdf', 'png', 'handout', 'pptx'])
    expect(manifest.leftOut).toHaveLength(1)
    expect(manifest.leftOut![0]!.format).toBe('html')
    expect(manifest.leftOut![0]!.reason).toMatch(/^the single-file HTML would load fonts from the network: Nunito Sans, Fira Code/)
    expect(manifest.leftOut![0]!.fix).toContain('npm i -D @fontsource/nunito-sans @fontsource/fira-code')
    expect(manifest.files.map(f => f.kind)).toEqual(['pdf', 'handout', 'pptx'])
    expect(exported.result.stdout).toMatch(/^export: 2 slides → .* \(default-fonts\.pdf [^)]*, default-fonts\.pptx \d+ KB, html left out: it would load Nunito Sans, Fira Code from the network\) in /m)
  })

  it('still fails when the HTML is asked for by name, before building anything', async () => {
    const out = path.join(work, 'named-html')
    const named = await runExport([DEFAULT_FONTS, '--out', out, '--format', 'pdf,html'])
    expect(named.code).toBe(1)
    expect(named.stderr).toMatch(/^export: the single-file HTML would load fonts from the network: Nunito Sans, Fira Code from fonts\.googleapis\.com/m)
    expect(named.stderr).toContain('`npm i -D @fontsource/nunito-sans @fontsource/fira-code`')
    expect(named.stderr).not.toMatch(/left out/)
    expect(existsSync(out)).toBe(false)
  }, 120_000)
})

describe('a deck naming web fonts that are installed as fontsource packages', () => {
  let exported: SharedExport
  beforeAll(async () => {
    exported = await sharedExport('fontsource-fonts', [FONTSOURCE_FONTS])
  }, 300_000)

  it('writes all five formats with no warning', () => {
    expect(exported.result.code, exported.result.stderr).toBe(0)
    expect(exported.result.stderr).toBe('')
    const manifest = manifestOf(exported.out)
    expect(manifest.formats).toEqual(['pdf', 'png', 'handout', 'pptx', 'html'])
    expect(manifest.leftOut).toBeUndefined()
  })

  it('embeds the named faces in the PDF and the handout', () => {
    for (const file of ['fontsource-fonts.pdf', 'fontsource-fonts-handout.pdf']) {
      const fonts = pdfFonts(path.join(exported.out, file))
      expect(fonts, file).toMatch(/\+Inter-Regular\b/)
      expect(fonts, file).toMatch(/\+JetBrainsMono-Regular\b/)
    }
  })

  it('names the faces in the PowerPoint', async () => {
    const zip = await JSZip.loadAsync(readFileSync(path.join(exported.out, 'fontsource-fonts.pptx')))
    const slides = await Promise.all([1, 2].map(n => zip.file(`ppt/slides/slide${n}.xml`)!.async('string')))
    expect(slides[0]).toMatch(/<a:latin typeface="Inter"/)
    expect(slides[1]).toMatch(/<a:latin typeface="JetBrains Mono"/)
  })

  it('inlines the faces in the single file, with no link to the font service', () => {
    const html = readFileSync(path.join(exported.out, 'fontsource-fonts.html'), 'utf8')
    expect(html.includes('fonts.googleapis.com')).toBe(false)
    const faces = [...html.matchAll(/@font-face\s*\{[^}]*font-family:\s*['"]?([^;'"]+)['"]?;[^}]*src:\s*url\(["']?data:font\/woff2;base64,/g)].map(m => m[1])
    expect(new Set(faces)).toEqual(new Set(['Inter', 'JetBrains Mono']))
  })
})

describe('single files that need nothing from the network', () => {
  let system: SharedExport
  let icon: SharedExport
  let layout: SharedExport
  beforeAll(async () => {
    [system, icon, layout] = await Promise.all([
      sharedExport('system-fonts-html', [SYSTEM_FONTS, '--format', 'html']),
      sharedExport('icon-data-uri-html', [ICON_DATA_URI, '--format', 'html']),
      sharedExport('html-layout-picture', [LAYOUT_PICTURE, '--format', 'html'], { allowFailure: true }),
    ])
  }, 300_000)

  it('makes the HTML of a theme whose fonts are the system stack, with no font service linked', () => {
    expect(system.result.code, system.result.stderr).toBe(0)
    expect(system.result.stderr).toBe('')
    const html = readFileSync(path.join(system.out, 'system-fonts.html'), 'utf8')
    expect(/fonts\.googleapis\.com|fonts\.coollabs\.io/.test(html)).toBe(false)
    expect(html.match(/font-family:\s*[^;]*system-ui/)?.[0].slice(0, 40)).toMatch(/system-ui/)
  })

  it('puts Slidev\'s own favicon in the page in place of its CDN address', () => {
    const html = readFileSync(path.join(system.out, 'system-fonts.html'), 'utf8')
    // Compared as short strings: a failure should not print a 1.5 MB page.
    const icons = [...html.matchAll(/<link rel="icon" href="([^"]*)"/g)].map(m => m[1]!.slice(0, 40))
    expect(icons).toEqual(['data:image/png;base64,iVBORw0KGgoAAAANSU'])
  })

  it('makes the HTML of a deck whose icon\'s data: URL names its own gradient by id', () => {
    expect(icon.result.code, icon.result.stderr).toBe(0)
    expect(icon.result.stderr).toBe('')
    expect(readFileSync(path.join(icon.out, 'icon-data-uri.html'), 'utf8').match(/fill='url\(%23shade\)'/)?.[0]).toBe('fill=\'url(%23shade)\'')
  })

  it('shows a slide whose layout has no .slidev-layout, and inlines the picture its frontmatter names', () => {
    expect(layout.result.code, layout.result.stderr).toBe(0)
    expect(layout.result.stderr).toBe('')
    const html = readFileSync(path.join(layout.out, 'html-layout-picture.html'), 'utf8')
    const named = [...html.matchAll(/"image":\s*"([^"]{0,30})/g)].map(m => m[1])
    expect(named).toEqual(['data:image/png;base64,iVBORw0K'])
  })
})
