/**
 * A deck that asks other hosts for a picture, a background, a CSS `url()`, an embed, a font and
 * a stylesheet, exported offline. By default every one is named, with its slide, in one run,
 * and nothing is written; with --placeholders every format is written with a visible
 * placeholder in each place on a slide, and the manifest and the summary list them all.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import JSZip from 'jszip'
import { beforeAll, describe, expect, it } from 'vitest'
import { sharedExport, TEST_EPOCH } from './support/shared-export'
import type { SharedExport } from './support/shared-export'

const ENTRY = path.join(import.meta.dirname, 'fixtures', 'remote-loads', 'slides.md')
const env = { SOURCE_DATE_EPOCH: String(TEST_EPOCH) }
const EXPECTED = [
  { slide: 2, what: 'picture', url: 'https://pictures.example.org/pilot-boat.jpg' },
  { slide: 3, what: 'background picture', url: 'https://pictures.example.org/harbour-at-dawn.jpg' },
  { slide: 4, what: 'CSS picture', url: 'https://pictures.example.org/tide-chart.png' },
  { slide: 5, what: 'embed', url: 'https://video.example.org/embed/pilot-briefing' },
  { slide: 6, what: 'font "Harbour Face"', url: 'https://fonts.example.org/harbour-face.woff2' },
  { slide: null, what: 'stylesheet', url: 'https://styles.example.org/harbour.css' },
]
const pageText = (pdf: string, page: number) => execFileSync('pdftotext', ['-f', String(page), '-l', String(page), pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')

let failed: SharedExport
let placed: SharedExport

beforeAll(async () => {
  failed = await sharedExport('remote-loads', [ENTRY], { env, allowFailure: true })
  placed = await sharedExport('remote-loads-placeholders', [ENTRY, '--placeholders'], { env })
}, 280_000)

describe('a deck whose files are on other hosts, exported offline', () => {
  it('fails naming every remote file with its slide, in one run, and writes nothing', () => {
    expect(failed.result.code).toBe(1)
    const lines = EXPECTED.map(e => `${e.slide === null ? 'the deck' : `slide ${e.slide}`}: ${e.what} ${e.url}`)
    expect(failed.result.stderr).toContain(`export: 6 remote files did not load (an export loads nothing from the network):\n${lines.map(l => `    ${l}`).join('\n')}`)
    expect(failed.result.stderr).toMatch(/--placeholders/)
    expect(failed.result.stderr).not.toMatch(/\n\s+at /)
    expect(existsSync(failed.out)).toBe(false)
  })

  it('with --placeholders, writes every print format and lists each placeholder in the manifest and the summary', () => {
    const manifest = JSON.parse(readFileSync(path.join(placed.out, 'manifest.json'), 'utf8')) as { placeholders: unknown[], leftOut?: Array<{ format: string }> }
    expect(manifest.placeholders).toEqual(EXPECTED)
    expect(placed.result.stdout + placed.result.stderr).toMatch(/6 remote files not loaded, see manifest\.json/)
    expect(readdirSync(path.join(placed.out, 'png'))).toHaveLength(7)
    expect(['harbour-pilots.pdf', 'harbour-pilots-handout.pdf', 'harbour-pilots.pptx'].filter(f => existsSync(path.join(placed.out, f)))).toHaveLength(3)
    // The single file would still need the files from the network: it is left out, saying so.
    expect(manifest.leftOut?.map(l => l.format)).toEqual(['html'])
  })

  it('draws a placeholder naming the file where each picture and embed would be, in the PDF', () => {
    const pdf = path.join(placed.out, 'harbour-pilots.pdf')
    for (const { slide, what, url } of EXPECTED.slice(0, 4)) {
      const text = pageText(pdf, slide!)
      expect(text, `slide ${slide}`).toContain(`${what} not loaded (offline)`)
      expect(text, `slide ${slide}`).toContain(url.replace('https://', ''))
    }
    // The text in the face that did not load is still there, in the fallback font.
    expect(pageText(pdf, 6)).toContain('Slack water lasts about twenty minutes.')
  })

  it('keeps the placeholders in the PowerPoint as text a reader can edit', async () => {
    const zip = await JSZip.loadAsync(readFileSync(path.join(placed.out, 'harbour-pilots.pptx')))
    const slide2 = await zip.file('ppt/slides/slide2.xml')!.async('string')
    expect(slide2).toContain('pictures.example.org/pilot-boat.jpg')
  })
})
