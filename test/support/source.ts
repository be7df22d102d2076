import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'

/** Where the source article is looked for: `BRIEFING_SOURCE`, else the shared copy beside the repo. */
export const SOURCE_PATH = process.env.BRIEFING_SOURCE
  ? resolve(process.env.BRIEFING_SOURCE)
  : resolve(import.meta.dirname, '../../../shared/source/article.txt')

/** Collapses runs of whitespace; nothing else about the text is changed before comparing. */
export const normalize = (text: string): string => text.replace(/\s+/g, ' ').trim()

/** The article with whitespace normalised, or undefined when the file is not there. */
export function loadSource(): string | undefined {
  if (!existsSync(SOURCE_PATH))
    return undefined
  return normalize(readFileSync(SOURCE_PATH, 'utf8'))
}

/**
 * Finds `text` in `source`, where `…` in `text` marks an elision: every part must occur,
 * in order. Returns the part that could not be found, or undefined when all were.
 */
export function findElided(source: string, text: string): string | undefined {
  let from = 0
  for (const part of text.split('…').map(p => normalize(p)).filter(Boolean)) {
    const at = source.indexOf(part, from)
    if (at < 0)
      return part
    from = at + part.length
  }
  return undefined
}
