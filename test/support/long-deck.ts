/**
 * A long course-style deck, generated at test time: slides of Markdown tables, code blocks
 * and both together, the kind of deck that is printed as one long run of pages. Like many
 * course decks, its slides hold more than their box: table cells and code lines run past the
 * right edge, and some slides past the bottom (the export warns and cuts them there). Every
 * slide has a title of its own (`Lesson N: …`), so a lost page can be told by its title.
 *
 *   writeLongDeck(dir, 84)   → dir/slides.md, returns its path
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const TOPICS = ['queues', 'caches', 'indexes', 'retries', 'batches', 'shards', 'leases', 'snapshots']
const FIELDS = ['name', 'kind', 'limit', 'default', 'notes']

/** The title of slide `n` (1-based) of a long deck. */
export function longDeckTitle(n: number): string {
  return `Lesson ${n}: ${TOPICS[n % TOPICS.length]}`
}

function table(n: number, rows: number): string {
  const head = `| ${FIELDS.join(' | ')} |\n|${FIELDS.map(() => '---').join('|')}|`
  const body = Array.from({ length: rows }, (_, r) => {
    const topic = TOPICS[(n + r) % TOPICS.length]!
    return `| ${topic}-${r + 1} | ${r % 2 ? 'soft' : 'hard'} | ${(n * 7 + r * 13) % 500} | ${(r + n) % 3 ? 'on' : 'off'} | checked every ${r + 2} s while the long cell keeps going past the edge of the slide with many words in it |`
  })
  return [head, ...body].join('\n')
}

function code(n: number, lines: number): string {
  const topic = TOPICS[n % TOPICS.length]!
  const body = Array.from({ length: lines }, (_, i) => i % 4 === 0
    ? `  // step ${i + 1} of ${topic}`
    : `  const v${i} = await ${topic}.take(${i}, { wait: ${(n + i) % 9}, tag: 'l${n}', reason: 'a very long argument that runs far past the right edge of the canvas of this slide' })`)
  return ['```ts {2,4}', `export async function lesson${n}(${topic}: Store) {`, ...body, '}', '```'].join('\n')
}

/** Slide `n`: a table, a code block, or a short table above a short block, in turn. */
function slide(n: number): string {
  const title = `# ${longDeckTitle(n)}`
  switch (n % 3) {
    case 0: return `${title}\n\n${table(n, 8)}\n`
    case 1: return `${title}\n\n${code(n, 12)}\n`
    default: return `${title}\n\n${table(n, 3)}\n\n${code(n, 5)}\n`
  }
}

/** Writes a deck of `count` slides into `dir` and returns the path of its slides.md. */
export function writeLongDeck(dir: string, count: number): string {
  mkdirSync(dir, { recursive: true })
  const head = [
    '---',
    'title: A long course of tables and code',
    'author: Test fixture',
    'lang: en',
    'exportFilename: long-course',
    'colorSchema: light',
    'fonts:',
    '  provider: none',
    '---',
    '',
  ].join('\n')
  const slides = Array.from({ length: count }, (_, i) => slide(i + 1))
  const file = path.join(dir, 'slides.md')
  writeFileSync(file, head + slides.join('\n---\n\n'))
  return file
}
