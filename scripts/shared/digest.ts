/**
 * SHA-256 of a file, and of every file in a folder: the manifest's and the build cache's digests.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

export const sha256File = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex')

/** Every file under `dir`, by path relative to it (with `/`), sorted, mapped to its SHA-256. */
export function treeDigest(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (sub: string) => {
    for (const name of readdirSync(path.join(dir, sub)).sort()) {
      const rel = sub ? `${sub}/${name}` : name
      if (statSync(path.join(dir, rel)).isDirectory())
        walk(rel)
      else
        out[rel] = sha256File(path.join(dir, rel))
    }
  }
  walk('')
  return out
}
