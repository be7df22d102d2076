/**
 * A text run as the PowerPoint writes it, from one run the page collected: its face (for code,
 * the first that names one), case, colour (gradient lettering as one colour of its gradient),
 * underline and highlight (a see-through fill flattened onto what lies behind it); tabs in code
 * as spaces; and a block's runs joined as CSS collapses white space, `<br>` kept as a break.
 */
import type { InlineProperty, RawRun, Styles } from './collected-slide'
import type { Paint, TextRun } from './slide-view'
import { clippedColour, flatten, paint } from './pptx-paint'
const px = (v: string | undefined) => Number.parseFloat(v ?? '') || 0
const lineStyle = (css: string) => css === 'dashed' ? 'dashed' as const : css === 'dotted' ? 'dotted' as const : 'solid' as const

/** What the inline elements around a run draw under its text. */
function underline(inline: Array<Styles<InlineProperty>>): Pick<TextRun, 'underline'> {
  const found: Pick<TextRun, 'underline'> = {}
  for (const s of inline) {
    const line = s['text-decoration-line'].includes('underline')
      ? { style: lineStyle(s['text-decoration-style']), color: paint(s['text-decoration-color']) ?? paint(s.color) }
      : s['border-bottom-style'] !== 'none' && px(s['border-bottom-width']) > 0
        ? { style: lineStyle(s['border-bottom-style']), color: paint(s['border-bottom-color']) }
        : undefined
    if (line?.color && !found.underline)
      found.underline = { style: line.style, color: line.color }
  }
  return found
}

/**
 * The fill behind a run's text (inline code, a badge, a highlighted line of code): the first
 * background of the elements around it, innermost first (in a table cell, up to the cell), as
 * the opaque colour it shows over what lies `behind` (a PowerPoint highlight has no opacity).
 * A background clipped to the text paints the letters, not a fill.
 */
function highlightOf(raw: RawRun, behind: readonly string[]): Paint | undefined {
  const own = (raw.backgrounds ?? raw.inline.filter(s => s['background-clip'] !== 'text').map(s => s['background-color'])).map(paint)
  const first = own.findIndex(Boolean)
  if (first < 0)
    return undefined
  // With nothing known behind it (a table cell's badge), the fill as given.
  return behind.length ? flatten([...own.slice(first), ...behind.map(paint)]) : own[first]
}

/** CSS generic families: no face of their own. */
const GENERIC = /^(serif|sans-serif|monospace|cursive|fantasy|system-ui|ui-serif|ui-sans-serif|ui-monospace|ui-rounded|math|emoji|fangsong)$/i

/** The family a run is set in: the first of its stack; for code, the first that names a face. */
function familyOf(stack: string, code: boolean): string {
  const families = stack.split(',').map(f => f.trim().replace(/^["']|["']$/g, ''))
  return (code ? families.find(f => f && !GENERIC.test(f)) : undefined) ?? families[0]!
}

/**
 * A run as the file writes it: the first family of its font stack (for code, the first that
 * is not generic), its case, colour and decoration. `behind` is the background behind its
 * block, from the block outwards, for a see-through highlight.
 */
export function runOf(raw: RawRun, behind: readonly string[] = []): TextRun {
  const s = raw.style
  let text = raw.text
  if (s['text-transform'] === 'uppercase')
    text = text.toUpperCase()
  else if (s['text-transform'] === 'lowercase')
    text = text.toLowerCase()
  else if (s['text-transform'] === 'capitalize')
    text = text.replace(/(^|[\s\-–—(“"'‘])(\p{Ll})/gu, (_, lead: string, ch: string) => lead + ch.toUpperCase())
  // The letters are drawn in the fill colour (which is the colour unless set apart), or by a
  // background clipped to them: then in a colour of that background.
  const color = paint(s['-webkit-text-fill-color'] || s.color) ?? (raw.clip && clippedColour(raw.clip)) ?? paint(s.color) ?? { hex: '000000', alpha: 1 }
  const run: TextRun = {
    text,
    font: familyOf(s['font-family'], raw.code),
    size: px(s['font-size']),
    bold: Number(s['font-weight']) >= 600,
    italic: s['font-style'] === 'italic',
    color: { hex: color.hex, alpha: color.alpha * raw.opacity },
    zh: /^zh\b/i.test(raw.lang),
    letterSpacing: s['letter-spacing'] === 'normal' ? 0 : px(s['letter-spacing']),
    mono: raw.code,
    pre: /^pre/.test(s['white-space']) || s['white-space'] === 'break-spaces',
    ...underline(raw.inline),
  }
  const highlight = highlightOf(raw, behind)
  if (highlight)
    run.highlight = highlight
  if (raw.lineBreak)
    run.lineBreak = true
  return run
}

/** A tab's width in columns: CSS `tab-size` is a number of spaces, or a length (taken in 0.6 em columns). */
function tabColumns(run: RawRun): number {
  const v = run.style['tab-size'] ?? ''
  if (/^[\d.]+$/.test(v))
    return Math.max(1, Math.round(Number(v)))
  if (/px$/.test(v))
    return Math.max(1, Math.round(px(v) / (px(run.style['font-size']) * 0.6 || 1)))
  return 8
}

/**
 * Tabs in code as the spaces to the next tab stop: a PowerPoint tab goes to the paragraph's tab
 * stops, an inch apart, so indentation would no longer line up. Columns count across the
 * block's runs and restart after each newline.
 */
export function expandTabs(runs: RawRun[]): RawRun[] {
  let column = 0
  return runs.map((run) => {
    const pre = /^pre/.test(run.style['white-space']) || run.style['white-space'] === 'break-spaces'
    let text = ''
    for (const ch of run.text) {
      if (ch === '\n') {
        column = 0
        text += ch
      }
      else if (ch === '\t' && pre) {
        const size = tabColumns(run)
        const spaces = size - (column % size)
        text += ' '.repeat(spaces)
        column += spaces
      }
      else {
        column++
        text += ch
      }
    }
    return text === run.text ? run : { ...run, text }
  })
}

/** Joins the runs of one block the way CSS collapses white space, dropping empty ones. */
export function tidy(runs: TextRun[]): TextRun[] {
  const out: TextRun[] = []
  for (const run of runs) {
    if (run.lineBreak) {
      // White space around a line break does not show.
      const prev = out.at(-1)
      if (prev && !prev.pre && !prev.lineBreak)
        prev.text = prev.text.replace(/ $/, '')
      if (prev && !prev.text)
        out.pop()
      if (out.length)
        out.push({ ...run, text: '\n' })
      continue
    }
    if (run.pre) {
      if (run.text)
        out.push({ ...run })
      continue
    }
    let text = run.text.replace(/[\t\n\r ]+/g, ' ')
    const prev = out.at(-1)
    if ((!prev || prev.lineBreak || prev.text.endsWith(' ')) && text.startsWith(' '))
      text = text.slice(1)
    if (!text)
      continue
    out.push({ ...run, text })
  }
  // A line break at the end of a block starts no line.
  while (out.at(-1)?.lineBreak)
    out.pop()
  const last = out.at(-1)
  if (last && !last.pre) {
    last.text = last.text.replace(/ $/, '')
    if (!last.text)
      out.pop()
  }
  return out
}
