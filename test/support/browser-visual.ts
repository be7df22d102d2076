import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import process from 'node:process'
import pixelmatch from 'pixelmatch'
import { PNG } from 'pngjs'
import { ROOT } from './slides'

export const BASELINE_DIR = path.join(ROOT, 'test/baselines')
export const OUTPUT_DIR = path.join(ROOT, 'test/.output')

/** Set by `npm run test:baselines`: write new baselines instead of comparing. */
export const UPDATING = process.env.UPDATE_BASELINES === '1'

/**
 * pixelmatch's per-pixel colour threshold (0 to 1, in YIQ space). 0.1 ignores the faint
 * shade changes anti-aliasing produces on glyph and bar edges, but not a change of colour.
 */
export const PIXEL_THRESHOLD = 0.1

/**
 * Share of the 980×551 pixels allowed to differ beyond that: 0.005 %, 27 pixels. pixelmatch
 * already leaves out pixels it recognises as anti-aliasing, and two runs on the same machine give
 * byte-identical screenshots, so the allowance only has to absorb a stray edge pixel from another
 * Chromium build. It must stay below the smallest real change: one digit of a headline figure
 * (5.5 → 5.6) changes about 50 pixels, a reworded source line well over 100, and a block moved
 * by a third of a pixel about 5,000.
 */
export const MAX_DIFF_RATIO = 0.00005

export function baselineName(n: number): string {
  return `${String(n).padStart(2, '0')}.png`
}

export interface VisualResult {
  slide: number
  /** `written` when baselines are being updated. */
  status: 'same' | 'within tolerance' | 'different' | 'size changed' | 'no baseline' | 'written'
  diffPixels: number
  ratio: number
  /** Diff image for a failing slide. */
  diffFile?: string
}

/** Compares a screenshot with its committed baseline, or writes it when updating baselines. */
export function checkAgainstBaseline(n: number, png: Buffer): VisualResult {
  const name = baselineName(n)
  const baselineFile = path.join(BASELINE_DIR, name)
  const diffFile = path.join(OUTPUT_DIR, name.replace(/\.png$/, '-diff.png'))
  rmSync(diffFile, { force: true })
  rmSync(diffFile.replace(/-diff\.png$/, '-actual.png'), { force: true })
  if (UPDATING) {
    mkdirSync(BASELINE_DIR, { recursive: true })
    writeFileSync(baselineFile, png)
    return { slide: n, status: 'written', diffPixels: 0, ratio: 0 }
  }
  if (!existsSync(baselineFile))
    return { slide: n, status: 'no baseline', diffPixels: Number.NaN, ratio: Number.NaN }
  const expected = readFileSync(baselineFile)
  if (expected.equals(png))
    return { slide: n, status: 'same', diffPixels: 0, ratio: 0 }
  const a = PNG.sync.read(expected)
  const b = PNG.sync.read(png)
  if (a.width !== b.width || a.height !== b.height)
    return { slide: n, status: 'size changed', diffPixels: Number.NaN, ratio: Number.NaN }
  const diff = new PNG({ width: a.width, height: a.height })
  const diffPixels = pixelmatch(a.data, b.data, diff.data, a.width, a.height, { threshold: PIXEL_THRESHOLD })
  const ratio = diffPixels / (a.width * a.height)
  if (ratio <= MAX_DIFF_RATIO)
    return { slide: n, status: 'within tolerance', diffPixels, ratio }
  mkdirSync(OUTPUT_DIR, { recursive: true })
  writeFileSync(diffFile, PNG.sync.write(diff))
  writeFileSync(diffFile.replace(/-diff\.png$/, '-actual.png'), png)
  return { slide: n, status: 'different', diffPixels, ratio, diffFile }
}
