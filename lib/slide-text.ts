/**
 * Reading slides.md as text: which components a slide uses with which ids, and the prose a reader
 * or presenter sees once component tags and HTML are removed.
 */
export interface ComponentUse {
  slide: number
  tag: string
  /** Every id the tag names, from `id`, `ids`, `:ids` or `:domains` */
  ids: string[]
  attr: string
  /** Every other attribute as written, e.g. `title`, `from`, `to` */
  attrs: Record<string, string>
}

const TAG = /<([A-Z][A-Za-z]+)\b([^>]*?)\/?>/g
const ID_ATTR = /(:?)(id|ids|domains)="([^"]*)"/g
const ANY_ATTR = /(:?[\w-]+)="([^"]*)"/g

/** Finds each component tag in a slide and the ids it passes, literal or as an array expression. */
export function componentUses(slide: number, content: string): ComponentUse[] {
  const uses: ComponentUse[] = []
  for (const [, tag, attrs] of content.matchAll(TAG)) {
    const other: Record<string, string> = {}
    for (const [, name, value] of attrs!.matchAll(ANY_ATTR))
      other[name!] = value!
    let named = false
    for (const [, bound, attr, value] of attrs!.matchAll(ID_ATTR)) {
      const ids = bound ? [...value!.matchAll(/'([^']*)'/g)].map(m => m[1]!) : [value!]
      uses.push({ slide, tag: tag!, ids, attr: attr!, attrs: other })
      named = true
    }
    if (!named)
      uses.push({ slide, tag: tag!, ids: [], attr: '', attrs: other })
  }
  return uses
}

/** Slide text a reader or presenter sees as prose: component tags and HTML removed. */
export function proseOf(text: string): string {
  return text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ')
}

/** A fenced block (``` or ~~~, its info string, its body), up to the fence that closes it. */
const FENCE = /^([ \t]*)(`{3,}|~{3,})([^\n]*)\n([\s\S]*?)^\1\2[ \t]*$/gm

/**
 * Slide content as lines of prose, line breaks kept: fenced code and diagrams dropped (their
 * words are not sentences; a diagram's labels are read by `diagramLabels`), HTML comments and
 * component tags dropped, other HTML tags removed around their text, entities decoded.
 */
export function proseLines(content: string): string {
  return content
    .replace(FENCE, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[A-Z][A-Za-z]+\b[^>]*\/>/g, ' ')
    .replace(/<\/?[a-zA-Z][^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .split('\n')
    .map(line => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
}

/**
 * The words each Mermaid diagram of a slide shows, one label a line: node and edge labels
 * (`[…]`, `(…)`, `{…}`, `|…|`, `"…"`), `accTitle` and `accDescr`, and the `alt` given on its
 * fence. The diagram's syntax (ids, arrows, `graph LR`) is not among them.
 */
export function diagramLabels(content: string): string[] {
  const labels: string[] = []
  for (const [, , , info, body] of content.matchAll(FENCE)) {
    if (!/^\s*mermaid\b/.test(info!))
      continue
    const alt = /\balt\s*:\s*(['"])(.*?)\1/.exec(info!)
    if (alt)
      labels.push(alt[2]!)
    for (const line of body!.split('\n')) {
      const acc = /^\s*acc(?:Title|Descr)\s*:\s*(.*)$/.exec(line)
      if (acc) {
        labels.push(acc[1]!)
        continue
      }
      for (const m of line.matchAll(/\[\(?\/?([^\]\)]+?)\/?\)?\]|\(\(?([^()]+)\)?\)|\{\{?([^{}]+)\}?\}|\|([^|]+)\||"([^"]+)"/g))
        labels.push((m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]!).replace(/^"|"$/g, ''))
    }
  }
  return labels.map(l => l.replace(/<br\s*\/?>/gi, ' ').trim()).filter(Boolean)
}
