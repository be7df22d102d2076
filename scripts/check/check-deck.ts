/**
 * Every check an editor needs after changing slides.md or data/, without a browser: ids resolve,
 * quotes are verbatim, figures agree with their own words, evidence spans stand on their lines,
 * and every number, date, name and quoted phrase in the deck's own words is backed by the spans
 * of its slide or record. The rules for quotes, figures and names against the article are
 * lib/provenance.ts's; check-records.ts applies them to the records, check-slides.ts to the
 * slides, and this module puts the two together. Returns problems; never throws on bad content.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import * as projectData from '../../data'
import { shortSpan } from '../../lib/evidence'
import { readArticle } from '../../lib/provenance'
import type { DeckData, Problem } from './check-records'
import { articleProblems, idProblems, readRecords, recordProblems } from './check-records'
import { slideProblems } from './check-slides'

export interface CheckInput {
  root: string
  /** Records to check in place of the project's data/ modules, kind by kind */
  data?: Partial<DeckData>
  /** The article as it is on disk; undefined when it is not there */
  article?: string
  /** slides.md text; read from `root` when not given */
  slidesText?: string
}

/** The problems of the records, then of the slides, in the order an editor meets them. */
export function checkDeck(input: CheckInput): Problem[] {
  const slidesPath = path.join(input.root, 'slides.md')
  const slidesText = input.slidesText ?? readFileSync(slidesPath, 'utf8')
  const articleLines = input.article?.split('\n')
  const records = readRecords(input.root, { ...(projectData as DeckData), ...input.data })
  const fromRecords = recordProblems(records, articleLines)
  return [
    ...idProblems(records),
    ...(input.article ? articleProblems(records, readArticle(input.article)) : []),
    ...fromRecords.problems,
    ...slideProblems(records, fromRecords.support, slidesText, slidesPath, articleLines),
  ]
}

/** One problem as the terminal shows it: place, subject, sentence, what is wrong, what to do. */
export function formatProblem(p: Problem): string {
  const head = `${p.where}  ${p.subject}`
  const sentence = p.sentence ? `\n    “${shortSpan(p.sentence, 140)}”` : ''
  return `${head}${sentence}\n    ${p.message}\n    → ${p.hint}`
}
