/**
 * Packages the deck needs and does not have, found before the build starts, so that the
 * message names the package and the exact install line rather than Slidev's prompt-less exit or
 * an icon the build cannot find: the theme, the addons (found as Slidev finds them, see
 * shared/packages.ts), and the icon collections of icon components (`<ri-user-3-line/>`) and
 * icon classes (`i-ri-user3-line`), split into collection and icon as unplugin-icons does.
 */
import { createRequire } from 'node:module'
import path from 'node:path'
import IconsResolver from 'unplugin-icons/resolver'
import type { Deck } from '../../shared/deck'
import { CliError } from '../../shared/errors'
import { candidateNames } from '../../shared/packages'

/** Slidev's resolver of icon components: no prefix, every collection unplugin-icons knows. */
const iconComponent = IconsResolver({ prefix: '' })

/** The icon collections a slide's markup names, outside code blocks. */
export function iconCollections(markdown: string): string[] {
  const text = markdown.replace(/^([ \t]*)(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1\2[ \t]*$/gm, '').replace(/`[^`\n]*`/g, '')
  const names = [
    ...[...text.matchAll(/<([a-z][a-z\d]*(?:-[a-z\d]+)+)(?=[\s/>])/g)].map(m => m[1]!),
    // UnoCSS's icon classes: `i-` and the collection and icon, joined by `-` or `:`.
    ...[...text.matchAll(/(?<![\w-])i-([a-z][a-z\d]*(?:[-:][a-z\d]+)+)(?![\w-])/g)].map(m => m[1]!.replace(':', '-')),
  ]
  const found = new Set<string>()
  for (const name of names) {
    const id = iconComponent(name)
    const collection = id && /^~icons\/([^/]+)\//.exec(id)?.[1]
    if (collection)
      found.add(collection)
  }
  return [...found].sort()
}

/** Whether `pkg` can be found from any of `roots`. */
function installed(pkg: string, roots: string[]): boolean {
  return roots.some((root) => {
    try {
      createRequire(path.join(root, 'package.json')).resolve(`${pkg}/package.json`)
      return true
    }
    catch {
      return false
    }
  })
}

/**
 * The error for the first kind of package the deck lacks (all of that kind named at once),
 * undefined when it has them all. `toolRoot`'s packages count as installed, since the build falls
 * back to them.
 */
export function missingPackagesError(deck: Deck, toolRoot: string): CliError | undefined {
  const roots = [deck.root, toolRoot]
  for (const kind of ['theme', 'addon'] as const) {
    const missing = deck.packages.filter(p => p.kind === kind && !p.folder)
    const paths = missing.filter(p => p.missingPath)
    if (paths.length)
      return new CliError(`the ${kind} ${paths.map(p => `"${p.name}"`).join(', ')} named in ${path.basename(deck.entry)} is not there: no folder ${paths.map(p => p.missingPath).join(', ')}`)
    if (missing.length) {
      const pkgs = missing.map(p => p.install!)
      return new CliError(`the ${kind} ${missing.map(p => `"${p.name}"`).join(', ')} named in ${path.basename(deck.entry)} is not installed (looked for ${missing.flatMap(p => candidateNames(kind, p.name)).join(', ')})`, {
        hint: `Install it with: npm i -D ${pkgs.join(' ')}`,
      })
    }
  }
  const bySlide = deck.slides.flatMap(slide => iconCollections(slide.source ?? '').map(collection => ({ slide: slide.number, collection })))
  const missing = [...new Set(bySlide.map(s => s.collection))].filter(c => !installed(`@iconify-json/${c}`, roots) && !installed('@iconify/json', roots))
  if (!missing.length)
    return undefined
  const where = missing.map(c => `${c} (slide ${[...new Set(bySlide.filter(s => s.collection === c).map(s => s.slide))].join(', ')})`)
  return new CliError(`the deck uses icons from ${missing.length === 1 ? 'a collection' : 'collections'} not installed: ${where.join('; ')}`, {
    hint: `Install ${missing.length === 1 ? 'it' : 'them'} with: npm i -D ${missing.map(c => `@iconify-json/${c}`).join(' ')}`,
  })
}
