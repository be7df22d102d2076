import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseSync } from '@slidev/parser'

export const ROOT = join(import.meta.dirname, '../..')
export const SLIDES_PATH = join(ROOT, 'slides.md')

export function loadSlides() {
  return parseSync(readFileSync(SLIDES_PATH, 'utf8'), SLIDES_PATH).slides
}

export interface ComponentUse {
  slide: number
  tag: string
  /** Every id the tag names, from `id`, `ids`, `:ids` or `:domains` */
  ids: string[]
  attr: string
}

const TAG = /<([A-Z][A-Za-z]+)\b([^>]*?)\/?>/g
const ATTR = /(:?)(id|ids|domains)="([^"]*)"/g

/** Finds each component tag in a slide and the ids it passes, literal or as an array expression. */
export function componentUses(slide: number, content: string): ComponentUse[] {
  const uses: ComponentUse[] = []
  for (const [, tag, attrs] of content.matchAll(TAG)) {
    for (const [, bound, attr, value] of attrs!.matchAll(ATTR)) {
      const ids = bound ? [...value!.matchAll(/'([^']*)'/g)].map(m => m[1]!) : [value!]
      uses.push({ slide, tag: tag!, ids, attr: attr! })
    }
    if (!ATTR.test(attrs!))
      uses.push({ slide, tag: tag!, ids: [], attr: '' })
    ATTR.lastIndex = 0
  }
  return uses
}

/** Slide text a reader or presenter sees as prose: component tags and HTML removed. */
export function proseOf(text: string): string {
  return text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ')
}
