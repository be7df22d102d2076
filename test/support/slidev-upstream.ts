/**
 * Reading the installed Slidev for the canaries in test/upstream.test.ts: its release, its
 * files, the functions in @slidev/cli's bundled dist/ that this project copies, and the checks
 * each canary makes, as pure functions of upstream text so the tests can also feed them text
 * altered on purpose.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { UpstreamCopy } from '../../scripts/export/build/slidev-patches'

const require = createRequire(import.meta.url)

/** The folder of an installed package, as the project resolves it. */
export function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`))
}

/** The installed version of a package. */
export function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(path.join(packageDir(name), 'package.json'), 'utf8')) as { version: string }).version
}

/** The path of `file` (`@slidev/client/composables/useNav.ts`) in the installed package. */
export function installedPath(file: string): string {
  const parts = file.split('/')
  const name = file.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
  return path.join(packageDir(name), file.slice(name.length + 1))
}

/** How many times `find` occurs in `text` (a RegExp is counted as if it had the g flag). */
export function occurrences(text: string, find: string | RegExp): number {
  if (typeof find === 'string')
    return text.split(find).length - 1
  return [...text.matchAll(new RegExp(find.source, find.flags.includes('g') ? find.flags : `${find.flags}g`))].length
}

/** The text from `start` through the first `end` after it, or why there is none. */
export function excerpt(text: string, start: string, end: string): { text: string } | { problem: string } {
  const found = occurrences(text, start)
  if (found !== 1)
    return { problem: `${JSON.stringify(start)} occurs ${found} times, not once` }
  const from = text.indexOf(start)
  const to = text.indexOf(end, from + start.length)
  if (to < 0)
    return { problem: `no ${JSON.stringify(end)} after ${JSON.stringify(start)}` }
  return { text: text.slice(from, to + end.length) }
}

/** The files of @slidev/cli's dist/ (bundled chunks, named by content hash) that hold `start`. */
export function distFilesWith(start: string): { file: string, text: string }[] {
  const dist = path.join(packageDir('@slidev/cli'), 'dist')
  return readdirSync(dist)
    .filter(name => name.endsWith('.mjs'))
    .sort()
    .map(name => ({ file: `@slidev/cli/dist/${name}`, text: readFileSync(path.join(dist, name), 'utf8') }))
    .filter(f => f.text.includes(start))
}

/** The upstream text of a copied function in the installed Slidev, with the file it is in. */
export function upstreamText(copy: Pick<UpstreamCopy, 'start' | 'end'>): { file: string, text: string } | { problem: string } {
  const files = distFilesWith(copy.start)
  if (files.length !== 1)
    return { problem: `${JSON.stringify(copy.start)} is in ${files.length} files of @slidev/cli/dist, not one${files.length ? ` (${files.map(f => f.file).join(', ')})` : ''}` }
  const part = excerpt(files[0]!.text, copy.start, copy.end)
  return 'problem' in part ? { problem: `${files[0]!.file}: ${part.problem}` } : { file: files[0]!.file, text: part.text }
}

/** The flags that `getDefine`'s text does not make exactly once (as `NAME:` keys). */
export function flagsNotDefined(defineText: string, flags: readonly string[]): string[] {
  return flags.filter(flag => occurrences(defineText, `${flag}:`) !== 1)
}

/** Every .ts and .vue file of @slidev/client, as text, by its path from node_modules. */
export function clientSources(): { file: string, text: string }[] {
  const root = packageDir('@slidev/client')
  return (readdirSync(root, { recursive: true }) as string[])
    .filter(rel => /\.(?:ts|vue)$/.test(rel) && !rel.split(path.sep).includes('node_modules') && !rel.endsWith('.d.ts'))
    .sort()
    .map(rel => ({ file: `@slidev/client/${rel.split(path.sep).join('/')}`, text: readFileSync(path.join(root, rel), 'utf8') }))
}

/** The flags no client source reads: setting them would change nothing. */
export function flagsNotRead(sources: readonly { text: string }[], flags: readonly string[]): string[] {
  return flags.filter(flag => !sources.some(s => s.text.includes(flag)))
}
