/**
 * Speaker notes are markdown. On a printed handout they need paragraphs,
 * lists and emphasis, not a full renderer; raw HTML in notes is shown as text,
 * so nothing in a note can break the handout's layout.
 */
import { splitScripts } from '../../../lib/text'

function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

/** A slide that notes may name: its title (or the part before a colon), then the word "slide". */
export interface SlideMention {
  name: string
  /** Where the link goes, e.g. that slide's page in the handout. */
  href: string
}

export interface NotesOptions {
  /** Names of other slides to link where a note writes “the Sources slide” or “the “The money” slide”. */
  mentions?: readonly SlideMention[]
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

function inline(source: string, options: NotesOptions): string {
  const codes: string[] = []
  let s = source.replace(/`([^`]+)`/g, (_, code: string) => {
    codes.push(`<code>${escapeHtml(code)}</code>`)
    return `\u0000${codes.length - 1}\u0000`
  })
  s = escapeHtml(s)
  s = s.replace(/!?\[([^\]]*)\]\(([^)\s]*)(?:\s+&quot;[^&]*&quot;)?\)/g, '<u>$1</u>')
  const mentions = [...options.mentions ?? []].sort((a, b) => b.name.length - a.name.length)
  if (mentions.length) {
    // One pass over all names, longest first, so a link is never made inside another.
    const hrefOf = new Map(mentions.map(m => [escapeHtml(m.name), m.href]))
    const names = [...hrefOf.keys()].map(escapeRegExp).join('|')
    s = s.replace(new RegExp(`(?<![\\p{L}\\p{N}])(?:“(${names})”|(${names})) slide(?![\\p{L}\\p{N}])`, 'gu'), (m, quoted?: string, bare?: string) =>
      `<a href="${escapeHtml(hrefOf.get(quoted ?? bare ?? '') ?? '')}">${m}</a>`)
  }
  s = s.replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '<strong>$2</strong>')
  s = s.replace(/(^|[^\w*])\*(?=\S)(.+?)(?<=\S)\*(?!\w)/g, '$1<em>$2</em>')
  s = s.replace(/(^|[^\w])_(?=\S)(.+?)(?<=\S)_(?!\w)/g, '$1<em>$2</em>')
  s = s.replace(/~~(.+?)~~/g, '<s>$1</s>')
  return s.replace(/\0(\d+)\0/g, (_, i: string) => codes[Number(i)] ?? '')
}

const BULLET = /^\s*[-*+]\s+/
const NUMBERED = /^\s*\d+[.)]\s+/

/** Renders note markdown to a small, safe subset of HTML: p, ul/ol/li, strong, em, code, s, u, h4, and links to the slides in `mentions`. */
export function notesToHtml(markdown: string, options: NotesOptions = {}): string {
  const blocks = markdown.replace(/\r\n?/g, '\n').trim().split(/\n\s*\n/)
  const out: string[] = []
  for (const block of blocks) {
    const lines = block.split('\n').filter(l => l.trim())
    if (!lines.length)
      continue
    if (lines.every(l => BULLET.test(l) || NUMBERED.test(l) || /^\s{2,}\S/.test(l)) && (BULLET.test(lines[0]!) || NUMBERED.test(lines[0]!))) {
      const ordered = NUMBERED.test(lines[0]!)
      const items: string[] = []
      for (const line of lines) {
        if (BULLET.test(line) || NUMBERED.test(line))
          items.push(line.replace(BULLET, '').replace(NUMBERED, ''))
        else if (items.length)
          items[items.length - 1] += ` ${line.trim()}`
      }
      const tag = ordered ? 'ol' : 'ul'
      out.push(`<${tag}>${items.map(i => `<li>${inline(i.trim(), options)}</li>`).join('')}</${tag}>`)
      continue
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(lines[0]!)
    if (heading && lines.length === 1) {
      out.push(`<h4>${inline(heading[1]!, options)}</h4>`)
      continue
    }
    out.push(`<p>${inline(lines.map(l => l.trim()).join(' '), options)}</p>`)
  }
  return out.join('\n')
}

// ---------------------------------------------------------------------------------------------
// The article lines behind each slide, for the handout

/** One evidence item as the handout lists it: the article's line and a short span. */
export interface EvidenceLine {
  line: number
  text: string
}

/**
 * Each shown slide's `evidence:` list, in deck order (hidden slides left out, as Slidev does),
 * as line and short span. Items that are not spans are skipped here; `npm run check` reports them.
 */
export async function readSlideEvidence(entry: string): Promise<EvidenceLine[][]> {
  const [{ load }, { parseSpan, shortSpan }, path] = await Promise.all([
    import('@slidev/parser/fs'),
    import('../../../lib/evidence'),
    import('node:path'),
  ])
  const file = path.resolve(entry)
  const root = path.dirname(file)
  const data = await load({ userRoot: root, roots: [root] }, file)
  return data.slides.map((slide) => {
    const raw = (slide.frontmatter as Record<string, unknown>).evidence
    const items = Array.isArray(raw) ? raw : []
    return items.flatMap((item) => {
      const span = parseSpan(item)
      return 'error' in span ? [] : [{ line: span.line, text: shortSpan(span.text, 72) }]
    })
  })
}

/**
 * The handout's notes for one slide: the speaker notes, then the article lines the slide's own
 * words rest on, so a reader can check any slide against the article.
 */
export function handoutNotesHtml(markdown: string, evidence: readonly EvidenceLine[] = [], options: NotesOptions = {}): string {
  const notes = notesToHtml(markdown, options)
  if (!evidence.length)
    return notes
  // Spans keep the article's Chinese (names, the crash hashtag, the chip's name); each run is
  // marked as Chinese, as on the slides, for screen readers and font choice.
  const text = (s: string) => splitScripts(s).map(run => run.zh ? `<span lang="zh-Hans">${escapeHtml(run.text)}</span>` : escapeHtml(run.text)).join('')
  const items = evidence.map(e => `<li><strong>L${e.line}</strong> ${text(e.text)}</li>`).join('')
  return `${notes}\n<h4>Article lines behind this slide</h4>\n<ul class="handout-evidence">${items}</ul>`
}
