/**
 * The picture rule of `npm run check`: every picture a slide shows (a markdown image, an <img>,
 * an inline <svg>, a <canvas>, a Mermaid diagram) says what it shows, since that text is all a
 * screen reader, the tagged PDF's /Alt and the PowerPoint's alternative text can give. A picture
 * that only decorates says so: `alt=""`, `aria-hidden="true"` or `role="presentation"`.
 */
import { parseSync } from '@slidev/parser'
import type { Problem } from './check-records'

const HINT = 'Say what the picture shows: alt="…" on an image, aria-label="…" on an <svg> or <canvas>, accTitle/accDescr or {alt: "…"} on a Mermaid diagram; or mark a decoration with alt="" or aria-hidden="true".'

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag)
  return m ? (m[1] ?? m[2] ?? m[3] ?? '') : undefined
}

const decorative = (tag: string) => attr(tag, 'aria-hidden') === 'true' || /^(?:presentation|none)$/.test(attr(tag, 'role') ?? '')

/** Pictures without alternative text in one markdown file, each with its line and slide. */
export function pictureProblems(markdown: string, file: string): Problem[] {
  const problems: Problem[] = []
  const deck = parseSync(markdown, file)
  let shown = 0
  for (const slide of deck.slides) {
    if (slide.frontmatter?.hidden || slide.frontmatter?.disabled)
      continue
    shown++
    const title = slide.title ? ` “${String(slide.title).replace(/<[^>]+>/g, '').trim()}”` : ''
    const lines = markdown.split('\n').slice(slide.start, slide.end)
    let fence: string | undefined
    let mermaid: { line: number, labelled: boolean } | undefined
    const report = (offset: number, what: string) => problems.push({
      where: `${file}:${slide.start + offset + 1}`,
      subject: `slide ${shown}${title}`,
      message: `${what} has no alternative text`,
      hint: HINT,
    })
    for (const [i, line] of lines.entries()) {
      const opening = /^\s*(`{3,}|~{3,})\s*([\w-]*)/.exec(line)
      if (fence) {
        if (opening && opening[1]!.startsWith(fence) && !opening[2]) {
          if (mermaid && !mermaid.labelled)
            report(mermaid.line, 'a Mermaid diagram')
          fence = undefined
          mermaid = undefined
        }
        else if (mermaid && /^\s*acc(?:Title|Descr)\s*[:{]/.test(line)) {
          mermaid.labelled = true
        }
        continue
      }
      if (opening) {
        fence = opening[1]
        // Mermaid's `{alt: '…'}` option names the diagram as well as accTitle does.
        mermaid = opening[2] === 'mermaid' ? { line: i, labelled: /\{[^}]*\balt\s*:\s*(['"])\s*[^'"\s]/.test(line) } : undefined
        continue
      }
      if (line.trimStart().startsWith('<!--'))
        break
      for (const m of line.matchAll(/!\[([^\]]*)\]\(([^)\s]+)[^)]*\)/g)) {
        if (!m[1]!.trim())
          report(i, `the image ${m[2]}`)
      }
      for (const m of line.matchAll(/<(img|svg|canvas)\b[^>]*>/gi)) {
        const tag = m[0]
        const name = m[1]!.toLowerCase()
        if (decorative(tag))
          continue
        if (name === 'img' && attr(tag, 'alt') === undefined)
          report(i, `the image ${attr(tag, 'src') ?? '<img>'}`)
        if (name !== 'img' && !attr(tag, 'aria-label')?.trim() && !attr(tag, 'aria-labelledby'))
          report(i, `an <${name}>`)
      }
    }
  }
  return problems
}
