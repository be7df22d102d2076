/**
 * The deck as the scripts see it, read with Slidev's own parser (`readDeck`): its headmatter,
 * canvas and export name, and each shown slide's number, title and notes; and `--range` parsing.
 */
import path from 'node:path'
import { resolveConfig } from '@slidev/parser'
import { load } from '@slidev/parser/fs'

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

/** Reads the deck the same way Slidev does (hidden and disabled slides left out). */
export async function readDeck(entry: string): Promise<Deck> {
  const file = path.resolve(entry)
  const root = path.dirname(file)
  const data = await load({ userRoot: root, roots: [root] }, file)
  const head = data.headmatter as Record<string, unknown>
  const config = resolveConfig(head, undefined, file)
  const canvasWidth = Number(config.canvasWidth)
  const aspect = Number(config.aspectRatio)
  const title = plainText(stringField(head.title) ?? stringField(config.title) ?? path.basename(file, '.md'))
  const info = stringField(head.info)
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
