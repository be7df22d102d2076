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

/**
 * Slide content as lines of prose, line breaks kept: HTML comments and component tags dropped,
 * other HTML tags removed around their text, entities decoded.
 */
export function proseLines(content: string): string {
  return content
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
