import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseSync } from '@slidev/parser'

export const ROOT = join(import.meta.dirname, '../..')
export const SLIDES_PATH = join(ROOT, 'slides.md')

export function loadSlides() {
  return parseSync(readFileSync(SLIDES_PATH, 'utf8'), SLIDES_PATH).slides
}

export { componentUses, proseOf } from '../../lib/slide-text'
export type { ComponentUse } from '../../lib/slide-text'
