/**
 * What a build of the deck is made of, as the build cache (build-cache.ts) keys it: the project
 * files Slidev reads by convention, listed and hashed together (`hashInputFiles`), and digests of
 * the other files a build turned out to compile, to check a cached build against (`digestAll`).
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'

/**
 * What the export renders from. Besides the deck's markdown, anything Slidev
 * picks up by convention from the project root counts, so editing a component,
 * a data file, a style or a dependency makes the next export rebuild. Project
 * files outside these that a build actually compiled are recorded in its stamp
 * and checked too (see `usedFiles` in build-child.ts).
 */
const INPUT_DIRS = ['components', 'data', 'styles', 'public', 'setup', 'layouts', 'snippets', 'lib']
const INPUT_FILES = [
  'package.json',
  'package-lock.json',
  'index.html',
  'vite.config.ts',
  'vite.config.js',
  'vite.config.mts',
  'vite.config.mjs',
  'uno.config.ts',
  'uno.config.js',
  'unocss.config.ts',
  'unocss.config.js',
  'global-top.vue',
  'global-bottom.vue',
  'custom-nav-controls.vue',
  'slide-top.vue',
  'slide-bottom.vue',
]

async function listFiles(dir: string): Promise<string[]> {
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true })
  }
  catch {
    return []
  }
  return entries
    .filter(e => e.isFile())
    .map(e => path.join(e.parentPath, e.name))
    .filter(f => !f.split(path.sep).some(part => part === 'node_modules' || part === '.DS_Store'))
}

/**
 * Hash of everything the deck build reads from the project, after `key` (what the build
 * depends on besides files); stable across machines for the same files. `files` are the
 * inputs, relative to `root` with forward slashes, sorted; `packageFolders` are theme and addon
 * folders read whole.
 */
export async function hashInputFiles(root: string, markdownFiles: string[], key: string, packageFolders: string[] = []): Promise<{ hash: string, files: string[] }> {
  const files = new Set<string>(markdownFiles.map(f => path.resolve(f)))
  // A theme or addon named by path (`theme: ../../themes/x`) is read whole by Slidev (layouts,
  // components, setup, styles) and may sit outside the deck's folder, where nothing above looks.
  for (const dir of packageFolders) {
    for (const file of await listFiles(dir))
      files.add(file)
  }
  for (const name of INPUT_FILES) {
    const file = path.join(root, name)
    if (existsSync(file))
      files.add(file)
  }
  for (const dir of INPUT_DIRS) {
    for (const file of await listFiles(path.join(root, dir)))
      files.add(file)
  }
  const sorted = [...files].map(f => path.relative(root, f).split(path.sep).join('/')).sort()
  const hash = createHash('sha256')
  hash.update(key)
  for (const rel of sorted) {
    const content = await readFile(path.join(root, rel))
    hash.update(`${rel}\0${content.length}\0`)
    hash.update(content)
    hash.update('\0')
  }
  return { hash: hash.digest('hex'), files: sorted }
}

/** The sha256 of a file, undefined when it cannot be read. */
export async function fileDigest(file: string): Promise<string | undefined> {
  try {
    return createHash('sha256').update(await readFile(file)).digest('hex')
  }
  catch {
    return undefined
  }
}

/** Project files a build compiled that the fixed input list does not cover, with their digests. */
export async function digestAll(root: string, rels: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const rel of rels.sort()) {
    const digest = await fileDigest(path.join(root, rel))
    if (digest)
      out[rel] = digest
  }
  return out
}
