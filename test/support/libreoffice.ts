/**
 * A PowerPoint file as a recipient's LibreOffice shows it: converted to PDF twice, with the
 * deck's fonts available and without them, and each page drawn as a PNG at the canvas size,
 * to be compared with the export's own PNGs by `blockDifference` (support/pptx.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { PNG } from 'pngjs'
import { ROOT } from '../export-helpers'
import { prepareFontSetups } from './fonts'

/**
 * Largest share of 12 px blocks allowed to differ from the slide's PNG (see blockDifference).
 * With the deck's fonts the renderings match closely: one moved line of body text is about 2%,
 * and the largest share comes from Inter SemiBold drawn as Bold (PowerPoint text is bold or
 * not): 4.5% with small headings, and 8.4% to 12.6% on slides whose quote is set large in
 * SemiBold (from run to run LibreOffice's text layout varies by a few blocks).
 * Without them every line is set in another face and may wrap differently: measured from
 * 15.5% to 22.0% on slides of one large quote, from run to run, while two such spare slides
 * differ from each other by about 20%; so there the bound is loose and the test also asks each
 * rendering to be nearer its own PNG than the next slide's by a quarter.
 */
export const MAX_DIFFERENCE = { withFonts: 0.14, withoutFonts: 0.3 }

export type FontCase = keyof typeof MAX_DIFFERENCE

/**
 * Renders `file` in both font cases under `work`; returns each case's PDF. Its pages are drawn
 * beside it as `p-NN.png`, at `canvasWidth` × `canvasHeight` px.
 */
export function renderWithLibreOffice(file: string, work: string, size: { canvasWidth: number, canvasHeight: number }): Record<FontCase, string> {
  if (spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status !== 0)
    throw new Error('LibreOffice (soffice) is not installed: apt-get install libreoffice-impress (.ci/run does)')
  const setups = prepareFontSetups(ROOT, path.join(work, 'fontconfig'))
  const rendered = {} as Record<FontCase, string>
  for (const name of ['withFonts', 'withoutFonts'] as const) {
    const dir = path.join(work, name)
    mkdirSync(dir, { recursive: true })
    execFileSync('soffice', [`-env:UserInstallation=file://${path.join(work, `lo-${name}`)}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file], {
      env: { ...process.env, FONTCONFIG_FILE: setups[name] },
      stdio: 'ignore',
      timeout: 180_000,
    })
    const pdf = path.join(dir, `${path.basename(file, path.extname(file))}.pdf`)
    if (!existsSync(pdf))
      throw new Error(`LibreOffice wrote no PDF for the ${name} case`)
    execFileSync('pdftoppm', ['-png', '-scale-to-x', String(size.canvasWidth), '-scale-to-y', String(Math.round(size.canvasHeight)), pdf, path.join(dir, 'p')])
    rendered[name] = pdf
  }
  return rendered
}

/** `png` at half its width and height, each pixel the mean of four: a scale-2 export at scale 1. */
export function halve(png: PNG): PNG {
  const out = new PNG({ width: Math.floor(png.width / 2), height: Math.floor(png.height / 2) })
  const src = png.data
  const dst = out.data
  const row = png.width * 4
  for (let y = 0; y < out.height; y++) {
    let o = y * out.width * 4
    let i = 2 * y * row
    for (let x = 0; x < out.width; x++, i += 8) {
      for (let c = 0; c < 4; c++, o++)
        dst[o] = Math.round((src[i + c]! + src[i + 4 + c]! + src[i + row + c]! + src[i + row + 4 + c]!) / 4)
    }
  }
  return out
}

const halved = new Map<string, PNG>()

/**
 * The PNG in `file` halved (see `halve`), read and halved once per test file: the comparisons
 * hold each rendering against its own slide's PNG and the next one's, in both font cases.
 */
export function halvedPng(file: string): PNG {
  let png = halved.get(file)
  if (!png) {
    png = halve(PNG.sync.read(readFileSync(file)))
    halved.set(file, png)
  }
  return png
}
