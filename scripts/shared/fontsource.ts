/**
 * The deck's web fonts from installed fontsource packages: a family a font service would supply
 * (see `WebFonts`) is looked for as `@fontsource/<name>` or `@fontsource-variable/<name>`
 * (`<name>` the family in lower case, spaces as dashes), first from the deck's folder, then from
 * this project's. A family found is bundled into every build in place of the service's
 * stylesheet, so the PDF, PNG and PowerPoint show its real face offline and the single file can
 * inline it; one not found is named with the install line that would bring it.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { WebFonts } from './deck'

/** A web font found as an installed fontsource package. */
export interface BundledFont {
  family: string
  /** The package, e.g. `@fontsource/inter`. */
  pkg: string
  /** Its stylesheets for the weights (and italics) the deck asks for, as absolute paths. */
  css: string[]
}

/** What the installed fontsource packages make of the deck's web fonts. */
export interface FontsourceFonts {
  found: BundledFont[]
  /** Families with no installed package, in the deck's order. */
  missing: string[]
}

/** What a build does about fonts: the stylesheets it bundles, and whether the font service's link is taken out. */
export interface BuildFonts {
  css: string[]
  dropLink: boolean
}

/** The fontsource package name of a family: `Nunito Sans` → `nunito-sans`. */
export function fontsourceName(family: string): string {
  return family.trim().toLowerCase().replace(/['"]/g, '').replace(/\s+/g, '-')
}

/** `npm i -D @fontsource/a @fontsource/b`: what installs the families. */
export function installLine(families: readonly string[]): string {
  return `npm i -D ${families.map(f => `@fontsource/${fontsourceName(f)}`).join(' ')}`
}

function packageFolder(pkg: string, from: readonly string[]): string | undefined {
  for (const dir of from) {
    try {
      return path.dirname(createRequire(path.join(dir, 'package.json')).resolve(`${pkg}/package.json`))
    }
    catch {}
  }
  return undefined
}

/**
 * The stylesheets of one installed package for `weights` (and their italics): a static
 * package's `400.css` and `400-italic.css` for each weight it has, else its `index.css`; a
 * variable package's `index.css` (every weight) and `wght-italic.css`.
 */
function stylesheets(folder: string, variable: boolean, weights: readonly string[], italic: boolean): string[] {
  const has = (name: string) => existsSync(path.join(folder, name))
  const names = variable
    ? ['index.css', ...(italic && has('wght-italic.css') ? ['wght-italic.css'] : [])]
    : weights.flatMap(w => [`${w}.css`, ...(italic ? [`${w}-italic.css`] : [])]).filter(has)
  return (names.length ? names : ['index.css']).filter(has).map(n => path.join(folder, n))
}

/** Looks each web font up in the fontsource packages installed in `from` (the deck's folder, then this project's). */
export function findFontsource(fonts: Pick<WebFonts, 'families' | 'weights' | 'italic'> | undefined, from: readonly string[]): FontsourceFonts {
  const found: BundledFont[] = []
  const missing: string[] = []
  for (const family of fonts?.families ?? []) {
    const name = fontsourceName(family)
    const hit = [false, true].map(variable => ({ variable, pkg: `@fontsource${variable ? '-variable' : ''}/${name}` }))
      .map(c => ({ ...c, folder: packageFolder(c.pkg, from) }))
      .find(c => c.folder)
    const css = hit ? stylesheets(hit.folder!, hit.variable, fonts!.weights, fonts!.italic) : []
    if (hit && css.length)
      found.push({ family, pkg: hit.pkg, css })
    else
      missing.push(family)
  }
  return { found, missing }
}

/**
 * What the build does: the found packages' stylesheets are bundled, and the service's link is
 * taken out whenever it would fetch nothing the deck needs (only system families) or something
 * is bundled in its place; with nothing found it stays, as Slidev has it.
 */
export function buildFonts(web: WebFonts | undefined, local: FontsourceFonts): BuildFonts {
  return { css: local.found.flatMap(f => f.css), dropLink: !web || local.found.length > 0 }
}
