/**
 * Checks the deck's content without a browser: ids, verbatim quotes, figures against their own
 * words, the evidence behind every sentence of slides.md and data/, that every picture a
 * slide shows has alternative text, and each slide's budget: words on screen, click steps and
 * speaking time, printed as a table with the totals (see scripts/check/check-budget.ts).
 *
 * Usage: npm run check [-- --json] [-- --article PATH] [-- --slides PATH]
 *   --json          print the problems as JSON (for editors and the dev server)
 *   --article PATH  the source article (default: BRIEFING_SOURCE, else ../shared/source/article.txt)
 *   --slides PATH   check this file in place of slides.md (data/ is always the project's)
 * Exits 0 when the deck is clean, 1 when it has problems, 2 when it cannot run.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import * as deckData from '../data'
import { budgetReport, formatBudget } from './check/check-budget'
import { checkDeck, formatProblem } from './check/check-deck'
import { pictureProblems } from './check/check-pictures'

const ROOT = path.resolve(import.meta.dirname, '..')

function fatal(message: string, hint?: string): never {
  console.error(`check: ${message}`)
  if (hint)
    console.error(`  ${hint}`)
  process.exit(2)
}

let values
try {
  ({ values } = parseArgs({ options: { json: { type: 'boolean', default: false }, article: { type: 'string' }, slides: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }))
}
catch (error) {
  fatal((error as Error).message, 'Run `npm run check -- --help` for the options.')
}
if (values.help) {
  console.log(readFileSync(import.meta.filename, 'utf8').split('*/')[0]!.replace(/^\/\*\*?|^ \* ?/gm, '').trim())
  process.exit(0)
}

const articlePath = path.resolve(values.article ?? process.env.BRIEFING_SOURCE ?? path.join(ROOT, '../shared/source/article.txt'))
if (!existsSync(articlePath))
  fatal(`no article at ${articlePath}`, 'Pass --article PATH or set BRIEFING_SOURCE; quotes and evidence cannot be checked without it.')

const slidesPath = values.slides ? path.resolve(values.slides) : undefined
if (slidesPath && !existsSync(slidesPath))
  fatal(`no slides file at ${slidesPath}`, 'Give --slides the path of a Slidev markdown file.')

const started = performance.now()
const problems = checkDeck({
  root: ROOT,
  article: readFileSync(articlePath, 'utf8'),
  slidesText: slidesPath ? readFileSync(slidesPath, 'utf8') : undefined,
})
const slidesFile = slidesPath ?? path.join(ROOT, 'slides.md')
problems.push(...pictureProblems(readFileSync(slidesFile, 'utf8'), path.relative(process.cwd(), slidesFile) || 'slides.md'))
const budget = budgetReport(readFileSync(slidesFile, 'utf8'), slidesFile, deckData)
problems.push(...budget.problems)
const ms = Math.round(performance.now() - started)

if (values.json) {
  console.log(JSON.stringify({ problems, budget: formatBudget(budget), ms }, null, 2))
}
else if (problems.length) {
  // The table goes to stdout, the problems to stderr, so either can be read on its own.
  console.log(`${formatBudget(budget)}\n`)
  for (const p of problems)
    console.error(`${formatProblem(p)}\n`)
  console.error(`check: ${problems.length} problem${problems.length > 1 ? 's' : ''} (${ms} ms)`)
}
else {
  console.log(`${formatBudget(budget)}\n`)
  console.log(`check: slides.md and data/ hold up against the article (${ms} ms)`)
}
process.exit(problems.length ? 1 : 0)
