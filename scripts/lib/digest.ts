import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'

/** Every file under `dir`, by path relative to it (with `/`), mapped to its SHA-256. */
export async function treeDigests(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  const files = entries
    .filter(e => e.isFile())
    .map(e => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort()
  const out: Record<string, string> = {}
  for (const rel of files)
    out[rel] = createHash('sha256').update(await readFile(path.join(dir, rel))).digest('hex')
  return out
}
