/**
 * The export's build cache: reuses a build of the same inputs (hashed by build-inputs.ts) from
 * node_modules/.cache/deck-export/ (print and single-file builds side by side), and otherwise
 * makes one in a child process (build-run.ts) under a lock, renamed into place when complete;
 * old builds are pruned once unused, and an interrupted run's leftovers removed.
 */
import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises'
import path from 'node:path'
import process from 'node:process'
import { buildDeck } from './build-child'
import type { BuildVariant, DeckBuildArgs } from './build-child'
import { digestAll, fileDigest, hashInputFiles } from './build-inputs'
import { missingFileError, runDeckBuild, stopBuilds } from './build-run'
import { findThemePackage, TOOL_ROOT } from '../../shared/deck'
import { CliError } from '../../shared/errors'
import type { BuildFonts } from '../../shared/fontsource'
import { pidAlive } from '../../shared/pid'
import { ERROR_WATCH } from '../print/slide-faults'
import { PRINT_BUILD_FLAGS, PRINT_RANGE_PATCH, SINGLE_FILE_FLAGS, errorWatchPatch, patchesKey } from './slidev-patches'

export { buildDeck }
export type { BuildVariant, DeckBuildArgs }

/**
 * Bump when the way the export build is produced changes, so builds made by an
 * older recipe are not reused.
 */
const RECIPE = 'print-build/19'

/** A build another run may still be serving is kept at least this long after it was last used. */
const KEEP_UNUSED_MS = 15 * 60 * 1000

/** Hash of everything the deck build reads from the project; stable across machines for the same files. */
export async function hashInputs(root: string, markdownFiles: string[], fonts?: BuildFonts, packageFolders: string[] = []): Promise<{ hash: string, files: string[] }> {
  // The fonts bundled in place of a font service are a choice of packages (named from
  // node_modules on, so the key is the same on every machine), not of the deck's files.
  const fontKey = fonts && (fonts.css.length || fonts.dropLink) ? `fonts ${JSON.stringify({ ...fonts, css: fonts.css.map(f => f.slice(f.lastIndexOf('node_modules'))) })}\n` : ''
  return hashInputFiles(root, markdownFiles, `${RECIPE}\n${ERROR_WATCH}\n${patchesKey()}\n${fontKey}`, packageFolders)
}

interface Stamp {
  hash: string
  recipe: string
  inputs: string[]
  /** Other project files the build compiled, relative path → sha256. */
  used: Record<string, string>
}

export interface BuildOptions {
  root: string
  entry: string
  markdownFiles: string[]
  /** Ignore a cached build and make a new one. */
  fresh?: boolean
  /** The theme's folder, for a deck that cannot find its theme itself. */
  theme?: string
  /**
   * Theme and addon folders named by path, which the build reads whole: part of the cache key
   * wherever they are (packages from node_modules are covered by the lock files instead).
   */
  packageFolders?: string[]
  /** Where builds are kept; default `<root>/node_modules/.cache/deck-export`. */
  cacheDir?: string
  log?: (line: string) => void
  /** Vite log level while building. */
  logLevel?: 'info' | 'warn' | 'error' | 'silent'
  /**
   * Called as soon as it is known whether a cached build will do, or once a
   * new build has been started (it runs in a child process), so the caller
   * can start other work without delaying the build.
   */
  onDecided?: (reused: boolean) => void
  /** Which build (see DeckBuildArgs); each variant has its own cache entry and lock. */
  variant?: BuildVariant
  /** Web fonts bundled from fontsource packages, and whether the font service's link goes. */
  fonts?: BuildFonts
}

export interface BuildResult {
  /** Directory holding the built SPA (index.html at its root). */
  dir: string
  hash: string
  reused: boolean
  ms: number
}

/**
 * The build cache of one deck, under the export's own node_modules: a folder per deck entry, so
 * two decks never share a build, a lock or a clean-up. Named readably, with a hash of the
 * entry's full path to keep decks in folders of the same name apart.
 */
export function deckCacheDir(toolRoot: string, entry: string): string {
  const file = path.resolve(entry)
  const slug = `${path.basename(path.dirname(file))}-${path.basename(file, path.extname(file))}`.replace(/[^\w.-]+/g, '_').slice(0, 60)
  const key = createHash('sha256').update(file).digest('hex').slice(0, 10)
  return path.join(toolRoot, 'node_modules', '.cache', 'deck-export', `${slug}-${key}`)
}

/**
 * The folder of the deck's theme when the deck's own folder cannot find the package (a deck
 * with no node_modules of its own): Slidev would otherwise offer to install it. Found from
 * this project's packages instead; undefined when the deck finds it itself or names a path.
 */
export function themeFolder(deckRoot: string, toolRoot: string, theme: string | undefined): string | undefined {
  const name = theme ?? 'default'
  if (name === 'none' || /^[./@]\//.test(name) || name.startsWith('.') || path.isAbsolute(name))
    return undefined
  return findThemePackage(deckRoot, name) ? undefined : findThemePackage(toolRoot, name)
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

/**
 * An exclusive lock file holding the owner's pid. A lock whose owner died is
 * taken over, so an interrupted run never blocks the next one.
 */
async function acquireLock(file: string, log?: (line: string) => void, onWait?: () => void): Promise<() => Promise<void>> {
  let told = false
  const deadline = Date.now() + 20 * 60 * 1000
  for (;;) {
    try {
      const handle = await open(file, 'wx')
      await handle.writeFile(String(process.pid))
      await handle.close()
      return async () => {
        await unlink(file).catch(() => {})
      }
    }
    catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw error
    }
    const owner = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10)
    if (Number.isFinite(owner) && owner > 0 && !pidAlive(owner)) {
      await unlink(file).catch(() => {})
      continue
    }
    if (!Number.isFinite(owner)) {
      // Either being written right now or left empty by a crash; give it a moment, then treat as stale.
      const info = await stat(file).catch(() => undefined)
      if (info && Date.now() - info.mtimeMs > 5000)
        await unlink(file).catch(() => {})
    }
    if (!told) {
      log?.(`waiting for another export to finish building the deck (pid ${owner || '?'})`)
      onWait?.()
      told = true
    }
    if (Date.now() > deadline)
      throw new CliError(`timed out waiting for the build lock ${file}`, { hint: 'If no other export is running, delete that file.' })
    await sleep(200)
  }
}

async function touch(dir: string): Promise<void> {
  const now = new Date()
  await utimes(dir, now, now).catch(() => {})
}

/** Drops builds of other inputs and retired builds, once nobody can be using them any more. */
async function prune(cacheDir: string, keep: string): Promise<void> {
  let names: string[]
  try {
    names = await readdir(cacheDir)
  }
  catch {
    return
  }
  const now = Date.now()
  await Promise.all(names.map(async (name) => {
    if (name === keep || name.endsWith('.lock'))
      return
    const full = path.join(cacheDir, name)
    const info = await stat(full).catch(() => undefined)
    if (!info)
      return
    const isTemp = name.startsWith('tmp-')
    const owner = isTemp ? Number(name.split('-')[2]) : Number.NaN
    if (isTemp && Number.isFinite(owner) && pidAlive(owner))
      return
    if (isTemp || now - info.mtimeMs > KEEP_UNUSED_MS)
      await rm(full, { recursive: true, force: true }).catch(() => {})
  }))
}

/** In a single-file build: the fonts inlined, face by face, with their sizes before and after subsetting. */
export const FONT_REPORT = '.single-fonts.json'

/**
 * Returns a built copy of the deck with Slidev's print view, building it only
 * when the inputs changed (or `fresh`). Builds live in a cache folder keyed by
 * the input hash; a new build is made in a private temporary folder and renamed
 * into place, so runs in parallel never see a half-written build, and a lock
 * keeps two runs from building the same thing at once.
 */
export async function ensureBuild(options: BuildOptions): Promise<BuildResult> {
  const started = Date.now()
  const cacheDir = options.cacheDir ?? path.join(options.root, 'node_modules', '.cache', 'deck-export')
  await mkdir(cacheDir, { recursive: true })
  const { hash, files } = await hashInputs(options.root, options.markdownFiles, options.fonts, options.packageFolders)
  const variant = options.variant ?? 'print'
  const prefix = variant === 'single' ? 'single' : 'build'
  const name = `${prefix}-${hash.slice(0, 16)}`
  const target = path.join(cacheDir, name)
  const stampFile = path.join(target, '.export-stamp.json')

  const usable = async () => {
    let stamp: Stamp
    try {
      stamp = JSON.parse(await readFile(stampFile, 'utf8'))
    }
    catch {
      return false
    }
    if (stamp.hash !== hash)
      return false
    for (const [rel, digest] of Object.entries(stamp.used ?? {})) {
      if (await fileDigest(path.join(options.root, rel)) !== digest)
        return false
    }
    return true
  }

  if (!options.fresh && await usable()) {
    options.onDecided?.(true)
    await touch(target)
    await prune(cacheDir, name)
    return { dir: target, hash, reused: true, ms: Date.now() - started }
  }

  const release = await acquireLock(path.join(cacheDir, `${prefix}.lock`), options.log, () => options.onDecided?.(false))
  let temp: string | undefined
  let fontsDir: string | undefined
  try {
    // Another run may have built the same inputs while this one waited.
    if (!options.fresh && await usable()) {
      options.onDecided?.(true)
      await touch(target)
      return { dir: target, hash, reused: true, ms: Date.now() - started }
    }
    temp = path.join(cacheDir, `tmp-${hash.slice(0, 8)}-${process.pid}-${randomBytes(4).toString('hex')}`)
    options.log?.(variant === 'single' ? 'building the single-file deck' : 'building the deck')
    let used: string[]
    let fonts: import('../html/html-fonts').SingleFonts | undefined
    try {
      if (variant === 'single') {
        const { prepareSingleFonts } = await import('../html/html-fonts')
        fontsDir = `${temp}-fonts`
        fonts = await prepareSingleFonts(options.root, fontsDir, { css: options.fonts?.css ?? [], markdownFiles: options.markdownFiles })
      }
      // Resolved here: the child runs in the deck's folder, which need not have these packages.
      const modules = { slidev: import.meta.resolve('@slidev/cli'), vite: import.meta.resolve('vite'), singlefile: import.meta.resolve('vite-plugin-singlefile') }
      const patches = { printRange: PRINT_RANGE_PATCH, errorWatch: errorWatchPatch(ERROR_WATCH), define: { ...(variant === 'single' ? SINGLE_FILE_FLAGS : PRINT_BUILD_FLAGS) } }
      const building = runDeckBuild({ root: options.root, modules, packages: TOOL_ROOT, patches, theme: options.theme, entry: options.entry, outDir: temp, logLevel: options.logLevel ?? 'error', variant, aliases: fonts?.aliases, fonts: options.fonts })
      options.onDecided?.(false)
      used = await building
    }
    catch (error) {
      if (error instanceof CliError)
        throw error
      // The error and the lines that say what it is (Vite's "Build failed with 1 error:" alone
      // says nothing), without terminal colours.
      const lines = (error instanceof Error ? error.message : String(error)).replace(/\x1B\[[0-9;]*m/g, '').split('\n').map(l => l.trimEnd()).filter(l => l.trim())
      const missing = missingFileError(lines.join('\n'))
      if (missing)
        throw missing
      const first = lines.slice(0, /:\s*$/.test(lines[0] ?? '') ? 3 : 1).join('\n  ') || 'unknown error'
      throw new CliError(`build: ${first}`, { hint: 'Run `npm run build` to see the full Slidev/Vite output.', cause: error })
    }
    if (!existsSync(path.join(temp, 'index.html')))
      throw new CliError('build: no index.html was produced', { hint: 'Run `npm run build` to see the full Slidev/Vite output.' })
    const covered = new Set(files)
    const stamp: Stamp = { hash, recipe: RECIPE, inputs: files, used: await digestAll(options.root, used.filter(f => !covered.has(f))) }
    if (fonts)
      await writeFile(path.join(temp, FONT_REPORT), `${JSON.stringify({ faces: fonts.faces, fullBytes: fonts.fullBytes }, null, 2)}\n`)
    await writeFile(path.join(temp, '.export-stamp.json'), `${JSON.stringify(stamp, null, 2)}\n`)
    if (existsSync(target)) {
      // Retire rather than delete: a parallel run may be serving it right now.
      const retired = path.join(cacheDir, `old-${hash.slice(0, 8)}-${randomBytes(4).toString('hex')}`)
      await rename(target, retired)
      await touch(retired)
    }
    await rename(temp, target)
    temp = undefined
    await prune(cacheDir, name)
    return { dir: target, hash, reused: false, ms: Date.now() - started }
  }
  finally {
    if (temp)
      await rm(temp, { recursive: true, force: true }).catch(() => {})
    if (fontsDir)
      await rm(fontsDir, { recursive: true, force: true }).catch(() => {})
    await release()
  }
}

/** Cleanup for signal handlers: stops a running build, removes its unfinished output and this process's lock. */
export async function abandonBuilds(root: string, cacheDir = path.join(root, 'node_modules', '.cache', 'deck-export')): Promise<void> {
  await stopBuilds()
  let names: string[] = []
  try {
    names = await readdir(cacheDir)
  }
  catch {
    return
  }
  await Promise.all(names
    .filter(n => n.startsWith('tmp-') && n.split('-')[2] === String(process.pid))
    .map(n => rm(path.join(cacheDir, n), { recursive: true, force: true }).catch(() => {})))
  for (const lock of ['build.lock', 'single.lock'].map(n => path.join(cacheDir, n))) {
    const owner = await readFile(lock, 'utf8').catch(() => '')
    if (owner.trim() === String(process.pid))
      await unlink(lock).catch(() => {})
  }
}
