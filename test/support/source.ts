/** The source article for the tests: where it is looked for, and the article read by the shared rules. */
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { readArticle } from '../../lib/provenance'
import type { Article } from '../../lib/provenance'

/** Where the source article is looked for: `BRIEFING_SOURCE`, else the shared copy beside the repo. */
export const SOURCE_PATH = process.env.BRIEFING_SOURCE
  ? resolve(process.env.BRIEFING_SOURCE)
  : resolve(import.meta.dirname, '../../../shared/source/article.txt')

/** The article, whole (whitespace folded) and by lines, or undefined when the file is not there. */
export function loadSource(): Article | undefined {
  if (!existsSync(SOURCE_PATH))
    return undefined
  return readArticle(readFileSync(SOURCE_PATH, 'utf8'))
}
