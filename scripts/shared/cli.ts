/**
 * Command-line parsing for the scripts: `parseCli` (shared by the export and the bench) and the
 * export's own options, usage text and checks. Bad input becomes a UsageError (exit code 2)
 * naming the option.
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { ParseArgsConfig } from 'node:util'
import type { Format } from '../export/formats'
import type { ExportFormat } from '../export/format-types'
import { errorText, UsageError } from './errors'

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>

/**
 * `parseArgs` with the scripts' shared rules (named options only, unknown ones rejected), its
 * complaints turned into a UsageError that points at --help.
 */
export function parseCli<const T extends ParseArgsOptionsConfig>(argv: string[], options: T) {
  return parseCliArgs(argv, options, 0).values
}

/** `parseCli` that also takes up to `maxPositionals` arguments that are not options (a deck's path). */
export function parseCliArgs<const T extends ParseArgsOptionsConfig>(argv: string[], options: T, maxPositionals: number) {
  const config = { args: argv, strict: true, allowPositionals: maxPositionals > 0, options } as const
  let parsed
  try {
    parsed = parseArgs(config)
  }
  catch (error) {
    const message = errorText(error).replace(/\. To specify a positional argument.*$/s, '')
    throw new UsageError(message.charAt(0).toLowerCase() + message.slice(1), 'Run with --help to see the options.')
  }
  if (parsed.positionals.length > maxPositionals)
    throw new UsageError(`unexpected argument '${parsed.positionals[maxPositionals]}'${maxPositionals ? `: give one deck file` : ''}`, 'Run with --help to see the options.')
  return parsed
}

/**
 * What the options need to know of the formats, from the export's registry
 * (scripts/export/formats.ts): their names, what they write, and whether they take click steps.
 */
export type FormatChoice = Pick<ExportFormat, 'name' | 'title' | 'help' | 'clickSteps'>

export const DEFAULT_TIMEOUT_MS = 30_000
export const MAX_SCALE = 8

/** The export's --help, its formats and their files from the registry. */
export function usage(formats: readonly FormatChoice[]): string {
  const files = formats.map(f => f.help.about.map((line, i) => `  ${(i ? '' : f.help.file).padEnd(22)}${line}`).join('\n')).join('\n')
  const names = formats.map(f => f.name)
  const stepping = formats.filter(f => f.clickSteps === true).map(f => f.name)
  const clicks = stepping.length > 1 ? `${stepping.slice(0, -1).join(', ')} and ${stepping.at(-1)}` : stepping.join('')
  return `Usage: npm run export -- [options] [DECK.md]

Builds the deck (or reuses an up-to-date build) and exports it with headless
Chromium into the output folder. DECK.md defaults to this project's slides.md;
the folder holding it is the deck's root (its public/, components/, layouts/,
setup/, styles/ and vite.config are the deck's own):
${files}
  manifest.json         titles, files, sizes and SHA-256 of everything above
<name> is the deck's exportFilename (else the slides file name).

Options:
  --out DIR          output folder (default: exports, in the deck's folder)
  --format LIST      comma-separated: ${names.join(',')} (default: all of
                     them, leaving out with a warning one the deck cannot give,
                     such as an HTML that would need fonts from the network;
                     named here, such a format fails the export)
  --scale N          device scale factor for PNGs, 0 < N <= ${MAX_SCALE} (default: 2)
  --range SPEC       slides to export, e.g. 1,3-5 (default: all)
  --browser PATH     Chromium/Chrome to use (default: $CHROMIUM_PATH, Playwright's
                     download, then chromium/google-chrome on PATH)
  --with-clicks      one PDF page and one PNG per click step (png/NN-CC.png,
                     CC counting from 01 for the slide before any click);
                     only for ${clicks}, which it then defaults to
  --placeholders     export even when a remote file (picture, background, CSS
                     url(), stylesheet, font, embed) does not load, with a
                     visible placeholder in its place, listed in manifest.json;
                     without it such files fail the export, all named at once
  --fresh            rebuild the deck even if the cached build is up to date
  --timeout T        limit for each browser step (page load, fonts, each slide's
                     screenshot; printing a PDF gets twice as long): milliseconds,
                     or with a unit: 45s, 1500ms (default: ${DEFAULT_TIMEOUT_MS} ms)
  --quiet            print nothing but errors
  -h, --help         show this help

Files are written to a temporary folder beside the output folder and moved in
only once checked; files of formats not exported this time are left as they
were. Temporary folders left by a run that was killed are removed by the next
run into the same folder. The build is cached in node_modules/.cache/deck-export,
one folder per deck, keyed by a hash of the deck's sources. Same input gives byte-identical files:
dates come from SOURCE_DATE_EPOCH, else the last git commit, else 1980-01-01.
The deck is light-only (colorSchema: light), so there is no --dark.
Exit codes: 0 done, 1 export failed, 2 bad options, 130/143 interrupted.`
}

export interface ExportOptions {
  /** The deck's markdown entry as given, or undefined for this project's slides.md. */
  deck?: string
  /** Output folder: --out, else `exports` in the deck's folder (in the current folder for slides.md). */
  out: string
  formats: Format[]
  /**
   * Whether --format named the formats. Named, one that cannot be made fails the export; by
   * default it is left out with a warning and the others are written.
   */
  formatsNamed: boolean
  scale: number
  range?: string
  browser?: string
  fresh: boolean
  /** Whether a remote file that does not load gets a placeholder instead of failing the export. */
  placeholders: boolean
  /** A page per click step in the PDF and the PNGs, rather than each slide's final state. */
  withClicks: boolean
  timeoutMs: number
  quiet: boolean
  help: boolean
}

export function parseTimeout(raw: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/i.exec(raw)
  if (!m)
    throw new UsageError(`--timeout ${raw}: expected milliseconds or a number with s/ms, e.g. 30000, 45s`)
  const value = Number(m[1]) * ((m[2] ?? 'ms').toLowerCase() === 's' ? 1000 : 1)
  if (!(value >= 1))
    throw new UsageError(`--timeout ${raw}: must be at least 1 ms`)
  return Math.round(value)
}

/** --format's list, in the order given (every format of the registry, in its order, without it). */
export function parseFormats(raw: string | undefined, registry: readonly FormatChoice[]): Format[] {
  const names = registry.map(f => f.name) as Format[]
  if (raw === undefined)
    return names
  const parts = raw.split(',').map(s => s.trim().toLowerCase())
  if (parts.every(p => !p))
    throw new UsageError(`--format: give at least one of ${names.join(', ')}`)
  const formats: Format[] = []
  for (const part of parts) {
    if (!part)
      continue
    if (!(names as string[]).includes(part))
      throw new UsageError(`--format ${raw}: unknown format "${part}"; choose from ${names.join(', ')}`)
    if (!formats.includes(part as Format))
      formats.push(part as Format)
  }
  return formats
}

/**
 * The formats for a run with or without --with-clicks: click steps are pages or pictures of
 * the formats that take them (by default, all of those); another format named with it is
 * refused with its own reason.
 */
function clickFormats(withClicks: boolean, raw: string | undefined, registry: readonly FormatChoice[]): Format[] {
  if (!withClicks)
    return parseFormats(raw, registry)
  const stepping = registry.filter(f => f.clickSteps === true)
  if (raw === undefined)
    return stepping.map(f => f.name) as Format[]
  const formats = parseFormats(raw, registry)
  const other = registry.find(f => formats.includes(f.name as Format) && f.clickSteps !== true)
  if (other)
    throw new UsageError(`--with-clicks: ${other.clickSteps}; use --with-clicks with --format ${stepping.map(f => f.name).join(',')}`)
  return formats
}

/** The export's options; `registry` is the formats to choose from (scripts/export/formats.ts). */
export function parseOptions(argv: string[], registry: readonly FormatChoice[]): ExportOptions {
  if (argv.some(a => a === '--dark' || a.startsWith('--dark=')))
    throw new UsageError('--dark is not offered: the deck forces a light colour schema (colorSchema: light)')
  const { values, positionals } = parseCliArgs(argv, {
    'out': { type: 'string' },
    'format': { type: 'string' },
    'scale': { type: 'string' },
    'range': { type: 'string' },
    'browser': { type: 'string' },
    'fresh': { type: 'boolean' },
    'placeholders': { type: 'boolean' },
    'with-clicks': { type: 'boolean' },
    'timeout': { type: 'string' },
    'quiet': { type: 'boolean' },
    'help': { type: 'boolean', short: 'h' },
  }, 1)
  const deck = positionals[0]
  if (deck !== undefined && !/\.md$/i.test(deck.trim()))
    throw new UsageError(`${deck}: a deck is a Slidev markdown file ending in .md`)

  let scale = 2
  if (values.scale !== undefined) {
    scale = Number(values.scale)
    if (!values.scale.trim() || !Number.isFinite(scale) || scale <= 0)
      throw new UsageError(`--scale ${values.scale}: expected a positive number, e.g. 2`)
    if (scale > MAX_SCALE)
      throw new UsageError(`--scale ${values.scale}: at most ${MAX_SCALE}`)
  }
  if (values.out !== undefined && !values.out.trim())
    throw new UsageError('--out: give a folder')
  if (values.browser !== undefined && !values.browser.trim())
    throw new UsageError('--browser: give the path of a Chromium or Chrome executable')

  return {
    deck,
    out: values.out ?? (deck === undefined ? 'exports' : path.join(path.dirname(deck), 'exports')),
    formats: clickFormats(values['with-clicks'] ?? false, values.format, registry),
    formatsNamed: values.format !== undefined,
    scale,
    range: values.range,
    browser: values.browser,
    fresh: values.fresh ?? false,
    placeholders: values.placeholders ?? false,
    withClicks: values['with-clicks'] ?? false,
    timeoutMs: values.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseTimeout(values.timeout),
    quiet: values.quiet ?? false,
    help: values.help ?? false,
  }
}
