/**
 * What the PowerPoint's builders share: CSS pixels as inches and points, a paint's opacity as
 * PowerPoint's transparency, and the error that names the slide and the step that failed.
 */
import type { Paint } from './slide-view'

export const inch = (px: number) => Math.round((px / 96) * 10000) / 10000
export const pt = (px: number) => Math.round(px * 0.75 * 100) / 100

/** Thrown with the slide and the step that failed, for the exporter's error message. */
export class PptxSlideError extends Error {
  constructor(readonly slide: number, readonly step: string, message: string) {
    super(message)
    this.name = 'PptxSlideError'
  }
}

export function transparency(p: Paint | undefined): number | undefined {
  if (!p || p.alpha >= 1)
    return undefined
  return Math.round((1 - p.alpha) * 100)
}

/** A see-through colour laid over white, as a solid colour (chart fills have one opacity for all series). */
export function overWhite(p: Paint): string {
  const channel = (i: number) => {
    const v = Number.parseInt(p.hex.slice(i, i + 2), 16)
    return Math.round(v * p.alpha + 255 * (1 - p.alpha)).toString(16).padStart(2, '0')
  }
  return `${channel(0)}${channel(2)}${channel(4)}`.toUpperCase()
}
