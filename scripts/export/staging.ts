/**
 * The export's staging folder beside the output folder: files are written there and published
 * with one rename once the whole export is checked, so a failed run leaves the earlier export as it was.
 */
import { constants } from 'node:fs'
import { access, chmod, mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import process from 'node:process'
import { UsageError } from '../shared/errors'
import { pidAlive } from '../shared/pid'

export interface Staging {
  /** Private folder next to the output folder (same file system, so publishing is a rename). */
  dir: string
  out: string
  /** First folder this run had to create on the way to `out`, removed again if the run fails. */
  createdParent?: string
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  switch (code) {
    case 'ENOTDIR': return 'a part of the path is a file, not a folder'
    case 'EACCES':
    case 'EPERM': return 'permission denied'
    case 'EROFS': return 'read-only file system'
    case 'ENOSPC': return 'no space left on the device'
    case 'EEXIST': return 'a file is in the way'
    default: return (error as Error).message ?? String(error)
  }
}

/**
 * Checks that `out` can be written and creates the private staging folder
 * beside it. Fails with a usage error naming the option when it cannot.
 */
export async function prepareStaging(out: string, shown = out): Promise<Staging> {
  const target = path.resolve(out)
  const info = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT')
      return undefined
    throw new UsageError(`--out ${shown}: cannot use it (${reason(error)})`)
  })
  if (info && !info.isDirectory())
    throw new UsageError(`--out ${shown}: exists and is not a folder`)
  if (info) {
    try {
      await access(target, constants.W_OK)
    }
    catch (error) {
      throw new UsageError(`--out ${shown}: cannot write there (${reason(error)})`)
    }
  }
  const parent = path.dirname(target)
  let createdParent: string | undefined
  try {
    createdParent = await mkdir(parent, { recursive: true })
  }
  catch (error) {
    throw new UsageError(`--out ${shown}: cannot create ${parent} (${reason(error)})`)
  }
  try {
    // The process id in the name tells a later run whether the folder's owner is still running.
    const dir = await mkdtemp(path.join(parent, `.${path.basename(target)}.tmp-${process.pid}-`))
    // mkdtemp makes it private; it may become the output folder itself.
    await chmod(dir, 0o755)
    return { dir, out: target, createdParent }
  }
  catch (error) {
    if (createdParent)
      await rm(createdParent, { recursive: true, force: true }).catch(() => {})
    throw new UsageError(`--out ${shown}: cannot write in ${parent} (${reason(error)})`)
  }
}

/**
 * Removes staging folders beside `out` left by earlier runs that were killed before they could
 * clean up (kill -9, a power cut). A folder whose owning process is still running (an export
 * into the same folder at this moment) is left alone, as is one whose name carries no process
 * id. Returns the folders removed.
 */
export async function removeStaleStaging(staging: Staging): Promise<string[]> {
  const parent = path.dirname(staging.out)
  const prefix = `.${path.basename(staging.out)}.tmp-`
  const removed: string[] = []
  const names = await readdir(parent).catch(() => [] as string[])
  for (const name of names) {
    const full = path.join(parent, name)
    if (!name.startsWith(prefix) || full === staging.dir)
      continue
    const pid = /^(\d+)-/.exec(name.slice(prefix.length))?.[1]
    if (!pid || Number(pid) === process.pid || pidAlive(Number(pid)))
      continue
    const info = await stat(full).catch(() => undefined)
    if (!info?.isDirectory())
      continue
    await rm(full, { recursive: true, force: true }).then(() => removed.push(full), () => {})
  }
  return removed
}

/** Removes the staging folder, and any parent folder the run created, after a failure. */
export async function discardStaging(staging: Staging): Promise<void> {
  await rm(staging.dir, { recursive: true, force: true }).catch(() => {})
  if (staging.createdParent)
    await rm(staging.createdParent, { recursive: true, force: true }).catch(() => {})
}

/**
 * Moves finished outputs into `out`. A missing `out` is created by renaming the
 * staging folder itself; otherwise each top-level entry replaces its
 * namesake (folders are swapped whole, so no stale file survives inside them),
 * and `last` goes in after everything else. Entries this run did not produce
 * are left alone.
 */
export async function publishStaging(staging: Staging, last?: string): Promise<void> {
  const exists = await stat(staging.out).then(() => true, () => false)
  if (!exists) {
    await rename(staging.dir, staging.out)
    return
  }
  const names = (await readdir(staging.dir)).filter(n => n !== last)
  if (last && names.length !== (await readdir(staging.dir)).length - 1)
    throw new Error(`staging folder has no ${last}`)
  for (const name of [...names, ...(last ? [last] : [])]) {
    const from = path.join(staging.dir, name)
    const to = path.join(staging.out, name)
    const isDir = (await stat(from)).isDirectory()
    const old = await stat(to).catch(() => undefined)
    if (isDir && old) {
      const retired = path.join(staging.dir, `.${name}.old`)
      await rename(to, retired)
      await rename(from, to)
    }
    else if (old?.isDirectory()) {
      await rm(to, { recursive: true, force: true })
      await rename(from, to)
    }
    else {
      await rename(from, to)
    }
  }
  await rm(staging.dir, { recursive: true, force: true })
}
