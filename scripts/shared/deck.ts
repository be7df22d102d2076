/**
 * The deck as the scripts see it, read with Slidev's own parser (`readDeck`): its headmatter,
 * canvas and export name, each shown slide's number, title and notes, and the fonts Slidev's
 * build would fetch from a font service; finding the deck's theme; and `--range` parsing.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { resolveConfig } from '@slidev/parser'
import { injectPreparserExtensionLoader, load } from '@slidev/parser/fs'
import { findFontsource } from './fontsource'
import type { FontsourceFonts } from './fontsource'
import { findAddons, findDeckPackage, loadPreparsers } from './packages'
import type { DeckPackage } from './packages'

export interface DeckSlide {
  /** 1-based position among the slides the deck shows (hidden ones are not counted). */
  number: number
  /** Plain-text title: the slide's `title` frontmatter or its first heading; `Slide N` when it has none. */
  title: string
  /** Whether `title` came from the slide rather than the `Slide N` fallback. */
  titled: boolean
  /** Speaker notes as written (markdown), without click markers; '' when none. */
  note: string
  /** The slide's markdown as written, for naming the slide a reference comes from and what it contains in error messages. */
  source?: string
}

export interface Deck {
  entry: string
  root: string
  /** Deck title as plain text. */
  title: string
  author?: string
  subject?: string
  keywords: string[]
  lang: string
  /** File name stem for exports: headmatter `exportFilename`, else the entry's name. */
  exportName: string
  canvasWidth: number
  canvasHeight: number
  slides: DeckSlide[]
  /** The headmatter's `theme`, as written. */
  theme?: string
  /** Every markdown file the deck is made of (the entry and any `src:` imports). */
  markdownFiles: string[]
  /** The fonts Slidev's build links from a font service rather than the project; undefined when it links none. */
  webFonts?: WebFonts
  /** Those web fonts as installed fontsource packages (bundled into the build) and those not installed. */
  localFonts: FontsourceFonts
  /** The theme (unless `none`), then the addons, found or not (see packages.ts). */
  packages: DeckPackage[]
}

/** Fonts a deck's build would load from the network (see `webFontsOf`). */
export interface WebFonts {
  /** Slidev's `fonts.provider`, as it resolves it (`google` when the deck names none). */
  provider: string
  /** Whether the deck names the provider itself, rather than taking Slidev's default. */
  providerNamed: boolean
  /** The host Slidev's stylesheet link points at. */
  host: string
  /** The families fetched from it, in Slidev's order. */
  families: string[]
  /** Those of `families` the theme's defaults bring in, not the deck's own headmatter. */
  fromTheme: string[]
  /** The weights Slidev asks the service for (`fonts.weights`, default 200, 400, 600). */
  weights: string[]
  /** Whether it asks for italics too (`fonts.italic`). */
  italic: boolean
}

/**
 * Families a browser finds on the machine, never on a font service: CSS's generic families and
 * the faces that come with an operating system (what a "system stack" is made of), in lower case.
 */
const SYSTEM_FAMILIES = new Set([
  'serif', 'sans-serif', 'monospace', 'cursive', 'fantasy', 'math', 'emoji', 'fangsong',
  'system-ui', 'ui-serif', 'ui-sans-serif', 'ui-monospace', 'ui-rounded',
  '-apple-system', 'blinkmacsystemfont', 'segoe ui', 'segoe ui emoji', 'segoe ui symbol', 'apple color emoji',
  'helvetica neue', 'helvetica', 'arial', 'georgia', 'cambria', 'times new roman', 'times',
  'sfmono-regular', 'sf mono', 'sf pro', 'sf pro text', 'sf pro display', 'menlo', 'monaco', 'consolas',
  'liberation mono', 'liberation sans', 'liberation serif', 'courier new', 'courier', 'lucida console', 'lucida grande', 'tahoma', 'verdana',
])

const unquoted = (family: string): string => family.trim().replace(/^(['"])(.*)\1$/, '$2').trim()

/** Whether a family is the machine's own (generic or shipped with an operating system), so no service is asked for it. */
export function isSystemFamily(family: string): boolean {
  return SYSTEM_FAMILIES.has(unquoted(family).toLowerCase())
}

/**
 * The families of a stack that a font service would have to supply: those named before its first
 * system family. The ones after a system family are only its fallbacks on other machines (Roboto
 * in `system-ui, -apple-system, …, Roboto, …` is Android's system face, not a web font).
 */
export function webFamiliesOf(stack: readonly string[]): string[] {
  const own: string[] = []
  for (const family of stack.map(unquoted)) {
    if (isSystemFamily(family))
      break
    own.push(family)
  }
  return own
}

/** The font services Slidev links a stylesheet from, by `fonts.provider`; any other provider links nothing. */
const FONT_HOSTS: Readonly<Record<string, string>> = {
  google: 'fonts.googleapis.com',
  coollabs: 'api.fonts.coollabs.io',
}

/** This project's root, whose packages a deck without its own can still use. */
export const TOOL_ROOT = path.resolve(import.meta.dirname, '..', '..')

/** The folder of the theme package `name` (e.g. `default`, `seriph`, `@org/theme`) as seen from `from`, or undefined. */
export function findThemePackage(from: string, name: string): string | undefined {
  const candidates = name.startsWith('@') || name.includes('/') ? [name] : [`@slidev/theme-${name}`, `slidev-theme-${name}`, name]
  const req = createRequire(path.join(from, 'package.json'))
  for (const pkg of candidates) {
    try {
      return path.dirname(req.resolve(`${pkg}/package.json`))
    }
    catch {}
  }
  return undefined
}

/**
 * The folder of the deck's theme as Slidev finds it: none for `theme: none`, a path when the
 * theme names one, else the package, from the deck's folder or, failing that, this project's.
 */
export function themeRoot(entry: string, theme: string | undefined): string | undefined {
  const name = theme ?? 'default'
  const root = path.dirname(entry)
  if (name === 'none')
    return undefined
  if (path.isAbsolute(name))
    return name
  if (name.startsWith('@/'))
    return path.resolve(root, name.slice(2))
  if (name.startsWith('.') || (!name.startsWith('@') && name.includes('/')))
    return path.resolve(root, name)
  return findThemePackage(root, name) ?? findThemePackage(TOOL_ROOT, name)
}

/** The part of a theme's `slidev` package field read here: its defaults for the headmatter. */
export interface ThemeMeta {
  defaults?: Record<string, unknown>
}

/** The `slidev` field of the theme's package.json (its defaults for the headmatter), or {} when there is none to read. */
function themeMeta(folder: string | undefined): ThemeMeta {
  const file = folder && path.join(folder, 'package.json')
  if (!file || !existsSync(file))
    return {}
  try {
    const meta = (JSON.parse(readFileSync(file, 'utf8')) as { slidev?: unknown }).slidev
    return meta && typeof meta === 'object' ? meta as ThemeMeta : {}
  }
  catch {
    return {}
  }
}

/**
 * The fonts Slidev's build would link from a font service for this headmatter and theme
 * defaults, resolved as Slidev resolves them: the families named (less those marked `local`)
 * from a provider that links a stylesheet. Undefined when nothing would be fetched: provider
 * `none`, no families, or `fallbacks: false` without `webfonts:`.
 */
export function webFontsOf(head: Record<string, unknown>, theme: ThemeMeta = {}, file?: string): WebFonts | undefined {
  // Slidev types the defaults as a whole resolved config; a theme's package gives only some of it.
  const fonts = resolveConfig(head, theme as Parameters<typeof resolveConfig>[1], file).fonts
  const { provider } = fonts
  // Slidev asks the service for every family it was given, system ones too; only those a stack
  // names before its system families (or `webfonts:` lists outright) are web fonts.
  const explicit = [head.fonts, (head.config as Record<string, unknown> | undefined)?.fonts, (theme.defaults as Record<string, unknown> | undefined)?.fonts]
    .some(f => f && typeof f === 'object' && 'webfonts' in f)
  const stacked = new Set([fonts.sans, fonts.serif, fonts.mono].flatMap(webFamiliesOf))
  const inStacks = new Set([fonts.sans, fonts.serif, fonts.mono].flat().map(unquoted))
  const webfonts = fonts.webfonts.map(unquoted).filter(f => !isSystemFamily(f) && (explicit || stacked.has(f) || !inStacks.has(f)))
  const host = FONT_HOSTS[provider]
  if (!host || !webfonts.length)
    return undefined
  const own = new Set(resolveConfig(head, undefined, file).fonts.webfonts.map(unquoted))
  const named = [head.fonts, (head.config as Record<string, unknown> | undefined)?.fonts]
    .some(f => f && typeof f === 'object' && 'provider' in f)
  return { provider, providerNamed: named, host, families: webfonts, fromTheme: webfonts.filter(f => !own.has(f)), weights: fonts.weights, italic: Boolean(fonts.italic) }
}

/**
 * Reduces inline markdown/HTML to the text a reader sees, for titles in PDF
 * outlines and metadata, which cannot show markup.
 */
export function plainText(markdown: string): string {
  return markdown
    .replace(/<[^>]+>/g, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])[*_](\S(?:.*?\S)?)[*_](?!\w)/g, '$1$2')
    .replace(/~~(.+?)~~/g, '$1')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, '\'')
    .replace(/\s+/g, ' ')
    .trim()
}

/** Click markers (`[click]`, `[click:3]`) pace the notes in presenter view; they mean nothing on paper. */
export function cleanNote(note: string | undefined): string {
  return (note ?? '').replace(/\[click(?::\d+)?\]/g, '').trim()
}

function firstParagraph(text: string): string {
  const lines = text.split(/\r?\n/)
  const picked: string[] = []
  for (const line of lines) {
    if (!line.trim()) {
      if (picked.length)
        break
      continue
    }
    picked.push(line.trim())
  }
  return plainText(picked.join(' '))
}

function keywordList(value: unknown): string[] {
  const items = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : []
  return items.map(s => s.trim()).filter(Boolean)
}

function stringField(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim())
    return value.trim()
  if (typeof value === 'number')
    return String(value)
  return undefined
}

function safeStem(name: string): string {
  const stem = path.basename(name.trim()).replace(/\.pdf$/i, '')
  return stem && stem !== '.' && stem !== '..' ? stem : 'slides'
}

/** Set once: the preparser loader Slidev's CLI installs in its parser (see `loadPreparsers`). */
let preparsers: Promise<void> | undefined

/** The `slidev.addons` an addon's package.json brings in. */
function addonsOf(folder: string): unknown {
  const file = path.join(folder, 'package.json')
  try {
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { slidev?: { addons?: unknown } }).slidev?.addons : undefined
  }
  catch {
    return undefined
  }
}

/**
 * Reads the deck the same way Slidev's build does (hidden and disabled slides left out): read
 * once for the theme and addons, then again with their folders as roots, so that their
 * preparsers (setup/preparser.ts) run on the slides as well as the deck's own.
 */
export async function readDeck(entry: string): Promise<Deck> {
  const file = path.resolve(entry)
  const root = path.dirname(file)
  preparsers ??= loadPreparsers(injectPreparserExtensionLoader, TOOL_ROOT)
  await preparsers
  const first = await load({ userRoot: root, roots: [root] }, file, undefined, 'build')
  const firstHead = first.headmatter as Record<string, unknown>
  const themeName = firstHead.theme === null ? 'none' : stringField(firstHead.theme) ?? 'default'
  const theme = findDeckPackage('theme', themeName, root, root, TOOL_ROOT)
  const addons = findAddons(resolveConfig(firstHead, themeMeta(theme?.folder) as Parameters<typeof resolveConfig>[1], file).addons, root, TOOL_ROOT, addonsOf)
  const packages = [...(theme ? [theme] : []), ...addons]
  const roots = [...new Set([...packages.flatMap(p => p.folder ? [p.folder] : []), root])]
  const data = roots.length > 1 ? await load({ userRoot: root, roots }, file, undefined, 'build') : first
  const head = data.headmatter as Record<string, unknown>
  const config = resolveConfig(head, undefined, file)
  const canvasWidth = Number(config.canvasWidth)
  const aspect = Number(config.aspectRatio)
  const title = plainText(stringField(head.title) ?? stringField(config.title) ?? path.basename(file, '.md'))
  const info = stringField(head.info)
  const webFonts = webFontsOf(head, themeMeta(themeRoot(file, head.theme === null ? 'none' : stringField(head.theme))), file)
  return {
    entry: file,
    root,
    title,
    author: stringField(head.author),
    subject: stringField(head.subject) ?? (info ? firstParagraph(info) : undefined),
    keywords: keywordList(head.keywords),
    lang: stringField(head.lang) ?? 'en',
    exportName: safeStem(stringField(head.exportFilename) ?? path.basename(file, path.extname(file))),
    canvasWidth,
    canvasHeight: canvasWidth / aspect,
    slides: data.slides.map((slide, i) => {
      const t = slide.title ? plainText(String(slide.title)) : ''
      return {
        number: i + 1,
        title: t || `Slide ${i + 1}`,
        titled: Boolean(t),
        note: cleanNote(slide.note),
        source: slide.source?.raw ?? slide.content ?? '',
      }
    }),
    theme: stringField(head.theme),
    markdownFiles: Object.keys(data.markdownFiles).map(f => path.resolve(f)),
    webFonts,
    localFonts: findFontsource(webFonts, [root, TOOL_ROOT]),
    packages,
  }
}

/**
 * Parses a slide selection like `1,3-5` against a deck of `total` slides.
 * Returns ascending, de-duplicated slide numbers, or throws with a message that
 * names the offending part.
 */
export function parseRange(spec: string, total: number): number[] {
  const picked = new Set<number>()
  const parts = spec.split(',').map(s => s.trim())
  if (!spec.trim() || parts.some(p => !p))
    throw new RangeError(`"${spec}" is empty or has an empty part; use e.g. 1,3-5`)
  for (const part of parts) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part)
    if (!m)
      throw new RangeError(`"${part}" is not a slide number or a range like 3-5`)
    const from = Number(m[1])
    const to = m[2] === undefined ? from : Number(m[2])
    if (from < 1 || to < 1)
      throw new RangeError(`"${part}": slides are numbered from 1`)
    if (to < from)
      throw new RangeError(`"${part}" runs backwards; write ${to}-${from}`)
    if (to > total)
      throw new RangeError(`"${part}": the deck has ${total} slide${total === 1 ? '' : 's'}`)
    for (let n = from; n <= to; n++)
      picked.add(n)
  }
  return [...picked].sort((a, b) => a - b)
}
