/**
 * Checks of a PowerPoint package that no schema makes, each problem named by part, line and
 * element:
 *
 * - `packageProblems`: the Open Packaging Conventions' consistency. Every `Override` names a
 *   part that exists, every part has a content type, every internal relationship points at an
 *   existing part, and every part is reachable from the package's relationships.
 * - `repairTriggers`: what PowerPoint is known to "repair" although the schemas allow or do not
 *   see it (pptxgenjs #1441, #1442, #1443, #1449, and what other post-processors fix): a shape
 *   without a text body, a background without an effect list, placeholders in the notes master,
 *   a notes master sharing the slides' theme, `Default` types for extensions nothing has, an
 *   empty `a:ln`, a negative `a:ext`, a table cell anchored `mid`.
 *
 * Both work on the parts as text, need no tools, and are fast enough to run on every export.
 */
import JSZip from 'jszip'

export interface PackageProblem {
  part: string
  line: number
  element: string
  message: string
}

/** The parts of a package: name → text for XML parts, and the names of the others. */
export interface PackageParts {
  texts: ReadonlyMap<string, string>
  binary: readonly string[]
}

/** Reads a package's parts (from its bytes or its opened zip): XML and relationships as text, the rest by name. */
export async function readPackageParts(source: Uint8Array | JSZip): Promise<PackageParts & { texts: Map<string, string>, binary: string[] }> {
  const zip = source instanceof JSZip ? source : await JSZip.loadAsync(source)
  const texts = new Map<string, string>()
  const binary: string[] = []
  for (const [name, entry] of Object.entries(zip.files)) {
    if (entry.dir)
      continue
    if (/\.(xml|rels)$/i.test(name))
      texts.set(name, await entry.async('string'))
    else
      binary.push(name)
  }
  return { texts, binary }
}

const lineAt = (text: string, index: number) => text.slice(0, Math.max(0, index)).split('\n').length

/** Where a relationship's target lands inside the package, from the part that names it. */
export function resolveTarget(source: string, target: string): string {
  const base = target.startsWith('/') ? [] : source.split('/').slice(0, -1)
  for (const piece of target.replace(/^\//, '').split('/')) {
    if (piece === '..')
      base.pop()
    else if (piece && piece !== '.')
      base.push(piece)
  }
  return base.join('/')
}

/** The part a relationships part describes: `a/_rels/b.xml.rels` → `a/b.xml`; `_rels/.rels` → the package (''). */
function sourceOf(rels: string): string {
  const m = /^(.*?)_rels\/([^/]*)\.rels$/.exec(rels)
  return m ? `${m[1]}${m[2]}` : ''
}

interface Relationship { id: string, target: string, line: number }

function relationshipsOf(xml: string): Relationship[] {
  return [...xml.matchAll(/<Relationship\b[^>]*>/g)]
    .filter(m => !/TargetMode="External"/.test(m[0]))
    .map(m => ({
      id: /\bId="([^"]*)"/.exec(m[0])?.[1] ?? '',
      target: /\bTarget="([^"]*)"/.exec(m[0])?.[1] ?? '',
      line: lineAt(xml, m.index),
    }))
}

export function packageProblems({ texts, binary }: PackageParts): PackageProblem[] {
  const problems: PackageProblem[] = []
  const all = [...texts.keys(), ...binary]
  const lower = new Set(all.map(p => p.toLowerCase()))
  const TYPES = '[Content_Types].xml'
  const types = texts.get(TYPES)
  if (types === undefined)
    return [{ part: TYPES, line: 0, element: 'Types', message: 'the package has no [Content_Types].xml' }]

  const overrides = new Set<string>()
  for (const m of types.matchAll(/<Override\b[^>]*\bPartName="([^"]*)"[^>]*\/>/g)) {
    const name = m[1]!.replace(/^\//, '')
    overrides.add(name.toLowerCase())
    if (!lower.has(name.toLowerCase()))
      problems.push({ part: TYPES, line: lineAt(types, m.index), element: 'Override', message: `declares ${m[1]}, which is not in the package` })
  }
  const defaults = new Set([...types.matchAll(/<Default\b[^>]*\bExtension="([^"]*)"/g)].map(m => m[1]!.toLowerCase()))
  for (const part of all) {
    if (part === TYPES)
      continue
    const ext = /\.([^./]+)$/.exec(part)?.[1]?.toLowerCase()
    if (!overrides.has(part.toLowerCase()) && !(ext && defaults.has(ext)))
      problems.push({ part, line: 0, element: '(part)', message: 'has no content type: neither an Override nor a Default for its extension' })
  }

  // Walk the relationships from the package's own (_rels/.rels) to find what is reachable.
  const reached = new Set<string>([TYPES])
  const queue = ['']
  while (queue.length) {
    const source = queue.shift()!
    const relsName = source === '' ? '_rels/.rels' : `${source.split('/').slice(0, -1).concat('_rels', `${source.split('/').pop()}.rels`).join('/')}`
    const rels = texts.get(relsName)
    if (rels === undefined)
      continue
    reached.add(relsName)
    for (const rel of relationshipsOf(rels)) {
      const target = resolveTarget(source, rel.target)
      if (!lower.has(target.toLowerCase())) {
        problems.push({ part: relsName, line: rel.line, element: 'Relationship', message: `${rel.id} points at ${rel.target} (${target}), which is not in the package` })
        continue
      }
      if (!reached.has(target)) {
        reached.add(target)
        queue.push(target)
      }
    }
  }
  for (const part of all) {
    if (reached.has(part))
      continue
    const described = /\.rels$/.test(part) ? sourceOf(part) : undefined
    const message = described !== undefined && !lower.has(described.toLowerCase())
      ? `describes ${described}, which is not in the package`
      : 'is not reachable from the package\'s relationships'
    problems.push({ part, line: 0, element: '(part)', message })
  }
  return problems
}

/** The media extensions pptxgenjs declares whether or not the file has such media (#1449). */
const MEDIA_EXTENSIONS = /^(jpe?g|png|gif|svg|m4v|mp4|vml|emf|wmf|bmp|tiff?|mov|mp3|wav)$/i

export function repairTriggers({ texts, binary }: PackageParts): PackageProblem[] {
  const problems: PackageProblem[] = []
  const push = (part: string, text: string, index: number, element: string, message: string) =>
    problems.push({ part, line: lineAt(text, index), element, message })
  const extensions = new Set([...texts.keys(), ...binary].map(p => /\.([^./]+)$/.exec(p)?.[1]?.toLowerCase()))

  const types = texts.get('[Content_Types].xml') ?? ''
  for (const m of types.matchAll(/<Default\b[^>]*\bExtension="([^"]*)"/g)) {
    if (MEDIA_EXTENSIONS.test(m[1]!) && !extensions.has(m[1]!.toLowerCase()))
      push('[Content_Types].xml', types, m.index, 'Default', `declares a type for .${m[1]} files, and the package has none (#1449)`)
  }
  for (const [part, xml] of texts) {
    if (!/^ppt\/.*\.xml$/.test(part))
      continue
    for (const m of xml.matchAll(/<p:sp>([\s\S]*?)<\/p:sp>/g)) {
      // A notes page's slide image holds no text: PowerPoint itself writes it without a body.
      if (!/<p:txBody[\s>]/.test(m[1]!) && !/<p:ph type="sldImg"/.test(m[1]!))
        push(part, xml, m.index, 'p:sp', 'a shape without a p:txBody (#1441)')
    }
    for (const m of xml.matchAll(/<p:bgPr>([\s\S]*?)<\/p:bgPr>/g)) {
      if (!/<a:effect(Lst|Dag)\b/.test(m[1]!))
        push(part, xml, m.index, 'p:bgPr', 'a background without an a:effectLst (#1442)')
    }
    for (const m of xml.matchAll(/<a:ln(?:\s[^>]*)?(?:\/>|><\/a:ln>)/g))
      push(part, xml, m.index, 'a:ln', 'an empty line: say a:noFill or give it a fill')
    for (const m of xml.matchAll(/<a:ext\b[^>]*\bc[xy]="-\d+"/g))
      push(part, xml, m.index, 'a:ext', 'a negative extent')
    for (const m of xml.matchAll(/<a:tcPr\b[^>]*\banchor="mid"/g))
      push(part, xml, m.index, 'a:tcPr', 'a table cell anchored "mid" (PowerPoint knows t, ctr, b)')
    if (/^ppt\/notesMasters\/notesMaster\d+\.xml$/.test(part)) {
      for (const m of xml.matchAll(/<p:ph\b[^>]*>/g))
        push(part, xml, m.index, 'p:ph', 'a placeholder in the notes master, which PowerPoint strips on repair (#1443)')
    }
  }
  // The notes master needs a theme of its own, not the slide master's (#1449).
  const themeOf = (part: string) => {
    const relsName = part.replace(/([^/]+)$/, '_rels/$1.rels')
    const rels = texts.get(relsName) ?? ''
    const rel = /<Relationship\b[^>]*relationships\/theme"[^>]*>/.exec(rels)?.[0]
    const target = rel && /\bTarget="([^"]*)"/.exec(rel)?.[1]
    return target ? { relsName, rels, index: rels.indexOf(rel!), theme: resolveTarget(part, target) } : undefined
  }
  const slideThemes = new Set([...texts.keys()].filter(p => /^ppt\/slideMasters\/slideMaster\d+\.xml$/.test(p)).map(p => themeOf(p)?.theme))
  for (const part of [...texts.keys()].filter(p => /^ppt\/(notesMasters|handoutMasters)\/\w+\d+\.xml$/.test(p))) {
    const own = themeOf(part)
    if (own && slideThemes.has(own.theme))
      push(own.relsName, own.rels, own.index, 'Relationship', `shares the slide master's theme ${own.theme} instead of having its own (#1449)`)
  }
  return problems
}

/** One line per problem: `part:line: element: message`. */
export function formatProblems(problems: readonly PackageProblem[]): string {
  return problems.map(p => `${p.part}:${p.line}: ${p.element}: ${p.message}`).join('\n')
}
