/**
 * The fonts of the single-file HTML deck. The deck's styles import @fontsource CSS files; for
 * the single file each of them is replaced (through a Vite alias) by a CSS file written here,
 * whose faces point at local woff2 files that Vite then inlines as data: URLs.
 *
 * - A face without a unicode-range (Inter and JetBrains Mono: fontsource's Latin-only files)
 *   is kept whole, so any Latin text, Slidev's own controls and the presenter's timer
 *   included, has every glyph it had in the browser build.
 * - A face with a unicode-range (Noto Sans SC, which fontsource splits into about a hundred
 *   slices) is kept only when a character of the deck falls in its range, and is then subset
 *   to exactly those characters. The deck's characters are every code point in the project's
 *   slide, data, component and library sources, so the result depends on the sources alone.
 */
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { CliError, firstLine } from '../../shared/errors'

/** Where the characters the deck can show come from. */
const TEXT_SOURCES = ['slides.md', 'data', 'components', 'lib', 'setup']

export interface FontFaceFacts {
  family: string
  weight: string
  style: string
  /** woff2 bytes as fontsource ships the face (its whole slice), and as inlined. */
  before: number
  after: number
  /** Characters kept, for a subset face; undefined for a face kept whole. */
  chars?: number
}

export interface SingleFonts {
  /** Import specifier → generated CSS file, for Vite's resolve.alias. */
  aliases: Record<string, string>
  faces: FontFaceFacts[]
  /** woff2 bytes of every face fontsource offers in the imported CSS, had all been inlined. */
  fullBytes: number
}

interface Face {
  block: string
  family: string
  weight: string
  style: string
  woff2: string
  ranges?: Array<[number, number]>
}

function parseRanges(value: string): Array<[number, number]> {
  return value.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-')
    return [Number.parseInt(from!, 16), Number.parseInt(to ?? from!, 16)] as [number, number]
  })
}

function parseFaces(css: string, cssFile: string): Face[] {
  const faces: Face[] = []
  for (const m of css.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
    const block = m[1]!
    const prop = (name: string) => new RegExp(`${name}\\s*:\\s*([^;]+);`).exec(block)?.[1]?.trim()
    const url = /url\(([^)]+\.woff2)\)\s*format\(['"]woff2['"]\)/.exec(block)?.[1]?.replace(/^['"]|['"]$/g, '')
    if (!url)
      throw new CliError(`font: ${cssFile} has a face with no woff2 file, which cannot be inlined`)
    const range = prop('unicode-range')
    faces.push({
      block,
      family: (prop('font-family') ?? '?').replace(/^['"]|['"]$/g, ''),
      weight: prop('font-weight') ?? '400',
      style: prop('font-style') ?? 'normal',
      woff2: path.resolve(path.dirname(cssFile), url),
      ranges: range ? parseRanges(range) : undefined,
    })
  }
  return faces
}

async function listTextFiles(root: string): Promise<string[]> {
  const files: string[] = []
  for (const entry of TEXT_SOURCES) {
    const full = path.join(root, entry)
    if (!existsSync(full))
      continue
    if (entry.includes('.')) {
      files.push(full)
      continue
    }
    const names = await readdir(full, { recursive: true, withFileTypes: true })
    for (const e of names) {
      if (e.isFile() && /\.(?:ts|vue|md)$/.test(e.name))
        files.push(path.join(e.parentPath, e.name))
    }
  }
  return files.sort()
}

/** Every code point in the deck's text sources (and `more` files, such as its markdown), sorted. */
export async function deckCharacters(root: string, more: readonly string[] = []): Promise<number[]> {
  const set = new Set<number>()
  for (const file of [...new Set([...await listTextFiles(root), ...more])]) {
    for (const ch of await readFile(file, 'utf8'))
      set.add(ch.codePointAt(0)!)
  }
  return [...set].sort((a, b) => a - b)
}

/** The @fontsource CSS files the deck's style entry imports, in order. */
export async function fontImports(root: string): Promise<string[]> {
  const entry = path.join(root, 'styles', 'index.ts')
  const source = await readFile(entry, 'utf8').catch(() => '')
  return [...source.matchAll(/^\s*import\s+['"](@fontsource\/[^'"]+\.css)['"]/gm)].map(m => m[1]!)
}

/**
 * Writes the single file's font CSS and woff2 files into `dir` and returns the aliases that
 * put them in place of the @fontsource imports. A face that cannot be read or subset fails
 * with its family, weight and file. `bundled` are the stylesheets of web fonts found as
 * fontsource packages (absolute paths, see shared/fontsource.ts): of those, a slice is kept
 * whole when a character of the deck (its text sources and `markdownFiles`) falls in its
 * range, so that Slidev's own controls and any text typed while presenting keep their glyphs
 * in the scripts the deck uses, and left out otherwise.
 */
export async function prepareSingleFonts(root: string, dir: string, bundled: { css: readonly string[], markdownFiles: readonly string[] } = { css: [], markdownFiles: [] }): Promise<SingleFonts> {
  const { default: subsetFont } = await import('subset-font')
  const require = createRequire(path.join(root, 'package.json'))
  const chars = await deckCharacters(root, bundled.markdownFiles)
  const whole = new Set(bundled.css)
  await mkdir(dir, { recursive: true })
  const aliases: Record<string, string> = {}
  const faces: FontFaceFacts[] = []
  let fullBytes = 0
  for (const [i, spec] of [...await fontImports(root), ...bundled.css].entries()) {
    let cssFile: string
    try {
      cssFile = require.resolve(spec)
    }
    catch {
      throw new CliError(`font: cannot find ${spec}, imported by styles/index.ts`, { hint: 'Run `npm ci`.' })
    }
    const out: string[] = []
    for (const [j, face] of parseFaces(await readFile(cssFile, 'utf8'), cssFile).entries()) {
      const name = `${face.family} ${face.weight}${face.style === 'normal' ? '' : ` ${face.style}`}`
      let bytes: Buffer
      try {
        bytes = await readFile(face.woff2)
      }
      catch (error) {
        throw new CliError(`font ${name}: cannot inline ${face.woff2}: ${firstLine(error)}`, { hint: 'Run `npm ci` to restore the font package.' })
      }
      fullBytes += bytes.length
      let kept: Uint8Array = bytes
      let count: number | undefined
      const used = face.ranges ? chars.filter(c => face.ranges!.some(([a, b]) => c >= a && c <= b)) : []
      if (face.ranges && !used.length)
        continue
      if (face.ranges && !whole.has(spec)) {
        try {
          kept = await subsetFont(bytes, String.fromCodePoint(...used), { targetFormat: 'woff2' })
        }
        catch (error) {
          throw new CliError(`font ${name}: cannot subset ${path.basename(face.woff2)} to the deck's characters: ${firstLine(error)}`)
        }
        count = used.length
      }
      const file = `f${i}-${j}.woff2`
      await writeFile(path.join(dir, file), kept)
      faces.push({ family: face.family, weight: face.weight, style: face.style, before: bytes.length, after: kept.length, chars: count })
      out.push(`@font-face {${face.block.replace(/src\s*:[^;]+;/, `src: url(./${file}) format('woff2');`)}}`)
    }
    const css = path.join(dir, `fonts-${i}.css`)
    await writeFile(css, `${out.join('\n')}\n`)
    aliases[spec] = css
  }
  return { aliases, faces, fullBytes }
}
