/**
 * The deck's theme and addons as Slidev finds them (its `createResolver` in
 * node/resolver.ts): a path, or a package looked for under the names Slidev tries, from the
 * deck's folder and then this project's; and, for one that is not installed, the package to
 * install. `loadPreparsers` runs their and the deck's setup/preparser.ts as Slidev's CLI does.
 */
import { existsSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import path from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import type { PreparserExtensionLoader, SlidevPreparserExtension } from '@slidev/types'

export type PackageKind = 'theme' | 'addon'

/** Slidev's own themes, by the short name a deck gives (its `resolveTheme` table). */
const OFFICIAL_THEMES: Readonly<Record<string, string>> = {
  'default': '@slidev/theme-default',
  'seriph': '@slidev/theme-seriph',
  'apple-basic': '@slidev/theme-apple-basic',
  'shibainu': '@slidev/theme-shibainu',
  'bricks': '@slidev/theme-bricks',
}

/** A theme or addon the deck names: its folder, or the package to install when there is none. */
export interface DeckPackage {
  kind: PackageKind
  /** As the deck (or the addon that brings it in) writes it. */
  name: string
  /** The folder, when found. */
  folder?: string
  /** For a package that is not installed: the one to install (`@slidev/theme-seriph`). */
  install?: string
  /** For a path that is not there: the folder looked for. */
  missingPath?: string
}

/** The package names Slidev tries for `name`, in its order. */
export function candidateNames(kind: PackageKind, name: string): string[] {
  return name.startsWith('@') || name.includes('/') ? [name] : [`@slidev/${kind}-${name}`, `slidev-${kind}-${name}`, name]
}

/**
 * The package to install for a name nothing was found under: Slidev's own theme by its full
 * name, a scoped name or one that already says it is a Slidev theme or addon as written, else
 * the community convention `slidev-theme-<name>` (Slidev's own guess, which it also tries first
 * after `@slidev/`).
 */
export function installName(kind: PackageKind, name: string): string {
  if (kind === 'theme' && OFFICIAL_THEMES[name])
    return OFFICIAL_THEMES[name]
  if (name.startsWith('@') || new RegExp(`slidev-${kind}|${kind}-slidev|slidev-.*-${kind}$`).test(name))
    return name
  return `slidev-${kind}-${name}`
}

/** The folder of package `pkg` as Node finds it from `from`, or undefined. */
function packageFolder(from: string, pkg: string): string | undefined {
  try {
    return path.dirname(createRequire(path.join(from, 'package.json')).resolve(`${pkg}/package.json`))
  }
  catch {
    return undefined
  }
}

/**
 * Finds a theme or addon named in a deck (or in an addon's package.json) as Slidev does:
 * `none`, an absolute path, `@/` from the deck's folder, a relative path from `importerDir`, else
 * the candidate package names from `importerDir` and then from `fallbackRoot`.
 */
export function findDeckPackage(kind: PackageKind, name: string, importerDir: string, deckRoot: string, fallbackRoot: string): DeckPackage | undefined {
  if (name === 'none' || name === '')
    return undefined
  let folder: string | undefined
  if (path.isAbsolute(name))
    folder = name
  else if (name.startsWith('@/'))
    folder = path.resolve(deckRoot, name.slice(2))
  else if (name.startsWith('.') || (!name.startsWith('@') && name.includes('/')))
    folder = path.resolve(importerDir, name)
  if (folder)
    return existsSync(folder) ? { kind, name, folder } : { kind, name, missingPath: folder }
  for (const from of [importerDir, fallbackRoot]) {
    for (const pkg of candidateNames(kind, name)) {
      const found = packageFolder(from, pkg)
      if (found)
        return { kind, name, folder: found }
    }
  }
  return { kind, name, install: installName(kind, name) }
}

/** The addons a deck names and those its addons bring in (their package.json `slidev.addons`), found or not. */
export function findAddons(names: unknown, deckRoot: string, fallbackRoot: string, readAddons: (folder: string) => unknown): DeckPackage[] {
  const found: DeckPackage[] = []
  const visit = (list: unknown, importerDir: string) => {
    for (const name of Array.isArray(list) ? list : []) {
      if (typeof name !== 'string' || found.some(p => p.name === name))
        continue
      const addon = findDeckPackage('addon', name, importerDir, deckRoot, fallbackRoot)
      if (!addon)
        continue
      found.push(addon)
      if (addon.folder)
        visit(readAddons(addon.folder), addon.folder)
    }
  }
  visit(names, deckRoot)
  return found
}


/**
 * Installs, in @slidev/parser's `load`, the loader of preparsers that Slidev's CLI installs at
 * start-up (PREPARSER_SETUP in build/slidev-patches.ts, its `setupPreparser`): each root's
 * setup/preparser.ts, loaded through jiti as Slidev loads it (from Slidev's own folder, so a
 * theme without node_modules still finds @slidev/types), called with the file, headmatter and
 * mode. Slidev's own build does the same in the build's child (build-child.ts).
 */
export async function loadPreparsers(inject: (loader: PreparserExtensionLoader) => void, fallbackRoot: string): Promise<void> {
  const cli = fileURLToPath(import.meta.resolve('@slidev/cli'))
  const { createJiti } = createRequire(cli)('jiti') as typeof import('jiti')
  const jiti = createJiti(cli, { moduleCache: false })
  inject(async (roots, headmatter, filepath, mode) => {
    const files = roots.map(root => path.resolve(root, 'setup', 'preparser.ts')).filter(file => existsSync(file))
    // A preparser's own imports (`@slidev/types`) are required from its folder; one of a theme or
    // deck without node_modules falls back to this project's packages through NODE_PATH, as in
    // the build's child (build-run.ts). Node reads NODE_PATH at start-up, so its list is read
    // again, and put back afterwards: elsewhere this process must see what Slidev sees
    // (`themeFolder` asks whether the deck's folder finds its theme).
    const before = process.env.NODE_PATH
    process.env.NODE_PATH = [path.join(fallbackRoot, 'node_modules'), before].filter(Boolean).join(path.delimiter)
    const initPaths = (Module as unknown as { _initPaths: () => void })._initPaths
    initPaths()
    try {
      const loaded = await Promise.all(files.map(async file => (await jiti.import(file) as { default: (...args: unknown[]) => SlidevPreparserExtension[] }).default({ filepath, headmatter, mode })))
      return loaded.flat()
    }
    finally {
      if (before === undefined)
        delete process.env.NODE_PATH
      else
        process.env.NODE_PATH = before
      initPaths()
    }
  })
}
