/**
 * Reads a PDF's logical structure the way an accessibility checker does, from
 * qpdf's JSON dump (not from pdf-lib, which the exporter writes with): the
 * catalog, pages, structure tree, parent tree and XMP packet, and for every
 * marked-content sequence the text it shows (through the fonts' ToUnicode
 * maps and /ActualText) and where on the page it starts.
 */
import { execFileSync } from 'node:child_process'
import { inflateSync } from 'node:zlib'

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type Dict = { [key: string]: Json }

interface QpdfObject { value?: Json, stream?: { dict: Dict, data?: string } }

export interface StructNode {
  ref: string
  type: string
  alt?: string
  actualText?: string
  lang?: string
  kids: Array<StructNode | MarkedContent | { other: Json }>
}

export interface MarkedContent {
  mcid: number
  /** Reference of the page or form XObject whose content holds the sequence. */
  owner: string
}

export interface Sequence {
  text: string
  /** Shows text, paints shapes, or invokes an XObject. */
  shows: boolean
  paints: boolean
  invokes: boolean
  /** Start of the first text shown, in the owner's coordinate space (y grows upward). */
  at?: { x: number, y: number }
}

export interface OwnerContent {
  sequences: Map<number, Sequence>
  /** Form XObjects this content invokes, with the matrix from form space to this content's space. */
  forms: Map<string, Matrix>
  /** Painting operators met outside any tagged or artifact sequence. */
  untaggedPaint: number
}

export interface PdfStructure {
  catalog: Dict
  info: Dict
  pages: Array<{ ref: string, dict: Dict }>
  root?: Dict
  tree?: StructNode
  xmp?: string
  /** (StructParents key) → MCID → element ref. */
  parentTree: Map<number, Array<string | null>>
  /** (StructParent key of an annotation) → element ref. */
  parentOfObject: Map<number, string>
  /** The page a destination (explicit, or named through the catalog's /Dests or /Names) lands on, as a page index. */
  destinationPage: (dest: Json | undefined) => number | undefined
  /** Annotations with the index of the page they are on. */
  annotationsByPage: Array<{ page: number, annot: Dict }>
  content: (owner: string) => OwnerContent
  annotations: Dict[]
  resolve: (value: Json | undefined) => Json | undefined
  structParentsOf: (owner: string) => number | undefined
  placement: (owner: string) => { page: number, matrix: Matrix } | undefined
}

/** A point moved by a matrix. */
export function apply(m: Matrix, p: { x: number, y: number }): { x: number, y: number } {
  return { x: p.x * m[0] + p.y * m[2] + m[4], y: p.x * m[1] + p.y * m[3] + m[5] }
}

const isRef = (v: Json | undefined): v is string => typeof v === 'string' && / \d+ R$/.test(v)

export function pdfString(v: Json | undefined): string | undefined {
  if (typeof v !== 'string')
    return undefined
  if (v.startsWith('u:'))
    return v.slice(2)
  if (v.startsWith('b:')) {
    const bytes = Buffer.from(v.slice(2), 'hex')
    if (bytes[0] === 0xFE && bytes[1] === 0xFF)
      return bytes.subarray(2).swap16().toString('utf16le')
    return bytes.toString('latin1')
  }
  return undefined
}

export type Matrix = [number, number, number, number, number, number]
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5],
]

/** Code → text for one font, from its ToUnicode CMap. */
interface FontMap { bytes: number, map: Map<number, string> }

function parseCMap(src: string): Map<number, string> {
  const map = new Map<number, string>()
  const hexText = (h: string) => Buffer.from(h, 'hex').swap16().toString('utf16le')
  for (const block of src.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
      map.set(Number.parseInt(m[1]!, 16), hexText(m[2]!))
  }
  for (const block of src.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]+>|\[[^\]]*\])/g)) {
      const lo = Number.parseInt(m[1]!, 16)
      const hi = Number.parseInt(m[2]!, 16)
      if (m[3]!.startsWith('[')) {
        const items = [...m[3]!.matchAll(/<([0-9a-fA-F]+)>/g)].map(x => hexText(x[1]!))
        items.forEach((t, i) => map.set(lo + i, t))
      }
      else {
        const base = Number.parseInt(m[3]!.slice(1, -1), 16)
        for (let c = lo; c <= hi; c++)
          map.set(c, String.fromCodePoint(base + c - lo))
      }
    }
  }
  return map
}

/** Operands and operators of a content stream; strings come back as their bytes. */
function* operations(src: string): Generator<{ op: string, args: Array<string | number | Uint8Array | unknown[]> }> {
  const re = /\s+|%[^\r\n]*|\/[^\s/()<>[\]{}%]*|\((?:\\[\s\S]|[^\\()]|\((?:\\[\s\S]|[^\\()])*\))*\)|<<|>>|<[0-9a-fA-F\s]*>|\[|\]|[^\s/()<>[\]{}%]+/gy
  let args: Array<string | number | Uint8Array | unknown[]> = []
  const stack: unknown[][] = []
  let dictDepth = 0
  let m: RegExpExecArray | null
  re.lastIndex = 0
  while (re.lastIndex < src.length && (m = re.exec(src))) {
    const t = m[0]
    if (/^\s/.test(t) || t.startsWith('%'))
      continue
    let value: string | number | Uint8Array | undefined
    if (t === '<<') { dictDepth++; args.push(t); continue }
    if (t === '>>') { dictDepth--; args.push(t); continue }
    if (t === '[') { stack.push([]); continue }
    if (t === ']') {
      const arr = stack.pop() ?? []
      ;(stack.length ? stack[stack.length - 1]! : args).push(arr as never)
      continue
    }
    if (t.startsWith('(')) {
      const body = t.slice(1, -1).replace(/\\([nrtbf()\\]|[0-7]{1,3}|\r?\n)/g, (_, e: string) =>
        /^[0-7]/.test(e) ? String.fromCharCode(Number.parseInt(e, 8)) : ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ?? (e.startsWith('\n') || e.startsWith('\r') ? '' : e))
      value = Buffer.from(body, 'latin1')
    }
    else if (t.startsWith('<')) {
      let hex = t.slice(1, -1).replace(/\s/g, '')
      if (hex.length % 2)
        hex += '0'
      value = Buffer.from(hex, 'hex')
    }
    else if (t.startsWith('/')) {
      value = t
    }
    else if (/^[+\-.\d]/.test(t)) {
      value = Number(t)
    }
    if (value !== undefined) {
      ;(stack.length ? stack[stack.length - 1]! : args).push(value as never)
      continue
    }
    if (dictDepth > 0 || stack.length) { // a keyword inside a dict (true/false/null)
      args.push(t)
      continue
    }
    yield { op: t, args }
    args = []
  }
}

const PAINT = new Set(['f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'S', 's', 'sh', 'EI'])

export function readPdfStructure(file: string): PdfStructure {
  const out = execFileSync('qpdf', ['--json', '--json-key=qpdf', '--json-stream-data=inline', '--decode-level=generalized', file], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 })
  const objects = (JSON.parse(out) as { qpdf: [Json, Record<string, QpdfObject>] }).qpdf[1]
  const trailer = objects.trailer?.value as Dict
  const obj = (ref: string) => objects[`obj:${ref}`]
  const resolve = (v: Json | undefined): Json | undefined => {
    let cur = v
    for (let i = 0; i < 32 && isRef(cur); i++) {
      const o = obj(cur)
      cur = o?.value ?? (o?.stream?.dict as Json | undefined)
    }
    return cur
  }
  const dictOf = (v: Json | undefined) => {
    const r = resolve(v)
    return r && typeof r === 'object' && !Array.isArray(r) ? r : undefined
  }
  const streamData = (ref: string): string | undefined => {
    const s = obj(ref)?.stream
    if (!s?.data)
      return undefined
    const bytes = Buffer.from(s.data, 'base64')
    // qpdf leaves a stream encoded when it cannot decode it; content here is Flate at most.
    return (s.dict['/Filter'] === '/FlateDecode' ? inflateSync(bytes) : bytes).toString('latin1')
  }

  const catalog = dictOf(trailer['/Root'])!
  const info = dictOf(trailer['/Info']) ?? {}
  const pages: PdfStructure['pages'] = []
  const walkPages = (v: Json | undefined) => {
    const d = dictOf(v)
    if (!d)
      return
    if (d['/Type'] === '/Pages')
      (d['/Kids'] as Json[]).forEach(walkPages)
    else
      pages.push({ ref: v as string, dict: d })
  }
  walkPages(catalog['/Pages'])

  const root = dictOf(catalog['/StructTreeRoot'])
  const seen = new Set<string>()
  const readNode = (ref: string, page: string | undefined): StructNode | undefined => {
    if (seen.has(ref))
      throw new Error(`structure element ${ref} is reached twice`)
    seen.add(ref)
    const d = dictOf(ref)
    if (!d)
      return undefined
    const pg = isRef(d['/Pg']) ? d['/Pg'] : page
    const node: StructNode = {
      ref,
      type: String(d['/S']).replace(/^\//, ''),
      alt: pdfString(d['/Alt']),
      actualText: pdfString(d['/ActualText']),
      lang: pdfString(d['/Lang']),
      kids: [],
    }
    const k = d['/K']
    const list = Array.isArray(k) ? k : k === undefined ? [] : [k]
    for (const item of list) {
      if (typeof item === 'number') {
        node.kids.push({ mcid: item, owner: pg ?? '?' })
        continue
      }
      const kd = dictOf(item)
      if (kd?.['/Type'] === '/MCR') {
        const owner = (kd['/Stm'] ?? kd['/Pg'] ?? pg) as string
        node.kids.push({ mcid: kd['/MCID'] as number, owner })
      }
      else if (isRef(item) && kd && kd['/Type'] !== '/OBJR' && kd['/S']) {
        node.kids.push(readNode(item, pg)!)
      }
      else {
        node.kids.push({ other: item })
      }
    }
    return node
  }
  const top = root?.['/K']
  const tree = isRef(top) ? readNode(top, undefined) : undefined

  const parentTree = new Map<number, Array<string | null>>()
  const parentOfObject = new Map<number, string>()
  const walkNums = (v: Json | undefined) => {
    const d = dictOf(v)
    if (!d)
      return
    const nums = (resolve(d['/Nums']) ?? []) as Json[]
    for (let i = 0; i + 1 < nums.length; i += 2) {
      const value = resolve(nums[i + 1])
      if (Array.isArray(value))
        parentTree.set(nums[i] as number, value.map(x => (isRef(x) ? x : null)))
      else if (isRef(nums[i + 1]))
        parentOfObject.set(nums[i] as number, nums[i + 1] as string)
    }
    ;((resolve(d['/Kids']) ?? []) as Json[]).forEach(walkNums)
  }
  walkNums(root?.['/ParentTree'])

  const metadataRef = catalog['/Metadata']
  const xmpLatin1 = isRef(metadataRef) ? streamData(metadataRef) : undefined
  const xmp = xmpLatin1 === undefined ? undefined : Buffer.from(xmpLatin1, 'latin1').toString('utf8')

  const fontCache = new Map<string, FontMap>()
  const fontMap = (ref: Json | undefined): FontMap => {
    const key = isRef(ref) ? ref : JSON.stringify(ref)
    let font = fontCache.get(key)
    if (!font) {
      const d = dictOf(ref) ?? {}
      const tu = d['/ToUnicode']
      font = { bytes: d['/Subtype'] === '/Type0' ? 2 : 1, map: isRef(tu) ? parseCMap(streamData(tu) ?? '') : new Map() }
      fontCache.set(key, font)
    }
    return font
  }

  const contentCache = new Map<string, OwnerContent>()
  const content = (owner: string): OwnerContent => {
    const cached = contentCache.get(owner)
    if (cached)
      return cached
    const o = obj(owner)
    let src = ''
    let resources: Dict | undefined
    if (o?.stream) {
      src = streamData(owner) ?? ''
      resources = dictOf(o.stream.dict['/Resources'])
    }
    else {
      const d = dictOf(owner) ?? {}
      const c = d['/Contents']
      src = (Array.isArray(c) ? c : [c]).map(r => (isRef(r) ? streamData(r) ?? '' : '')).join('\n')
      resources = dictOf(d['/Resources'])
    }
    const fonts = dictOf(resources?.['/Font']) ?? {}
    const xobjects = dictOf(resources?.['/XObject']) ?? {}
    const result: OwnerContent = { sequences: new Map(), forms: new Map(), untaggedPaint: 0 }
    const marks: Array<{ mcid?: number, artifact: boolean, actual?: string }> = []
    let ctm: Matrix = [1, 0, 0, 1, 0, 0]
    const gstack: Matrix[] = []
    let tlm: Matrix = [1, 0, 0, 1, 0, 0]
    let font: FontMap = { bytes: 1, map: new Map() }
    const current = () => {
      for (let i = marks.length - 1; i >= 0; i--) {
        if (marks[i]!.artifact)
          return 'artifact' as const
        if (marks[i]!.mcid !== undefined)
          return result.sequences.get(marks[i]!.mcid!)!
      }
      return undefined
    }
    const inActualText = () => marks.some(m => m.actual !== undefined)
    const show = (bytes: Uint8Array) => {
      const seq = current()
      if (seq === undefined) {
        result.untaggedPaint++
        return
      }
      if (seq === 'artifact')
        return
      seq.shows = true
      if (!seq.at) {
        const m = multiply(tlm, ctm)
        seq.at = { x: m[4], y: m[5] }
      }
      if (inActualText())
        return
      for (let i = 0; i + font.bytes <= bytes.length; i += font.bytes) {
        const code = font.bytes === 2 ? (bytes[i]! << 8) | bytes[i + 1]! : bytes[i]!
        seq.text += font.map.get(code) ?? ''
      }
    }
    for (const { op, args } of operations(src)) {
      switch (op) {
        case 'BDC':
        case 'BMC': {
          const tag = String(args[0])
          const dictText = args.slice(1).map(String).join(' ')
          const mcidIndex = args.indexOf('/MCID')
          const mcid = mcidIndex >= 0 ? Number(args[mcidIndex + 1]) : undefined
          const atIndex = args.indexOf('/ActualText')
          const actualBytes = atIndex >= 0 ? args[atIndex + 1] : undefined
          const actual = actualBytes instanceof Uint8Array
            ? (actualBytes[0] === 0xFE ? Buffer.from(actualBytes.subarray(2)).swap16().toString('utf16le') : Buffer.from(actualBytes).toString('latin1'))
            : undefined
          if (mcid !== undefined && !result.sequences.has(mcid))
            result.sequences.set(mcid, { text: '', shows: false, paints: false, invokes: false })
          if (actual !== undefined) {
            const seq = current()
            if (seq && seq !== 'artifact')
              seq.text += actual
          }
          marks.push({ mcid, artifact: tag === '/Artifact' && !dictText.includes('/MCID'), actual })
          break
        }
        case 'EMC':
          marks.pop()
          break
        case 'q':
          gstack.push(ctm)
          break
        case 'Q':
          ctm = gstack.pop() ?? [1, 0, 0, 1, 0, 0]
          break
        case 'cm':
          ctm = multiply(args.slice(0, 6) as Matrix, ctm)
          break
        case 'BT':
          tlm = [1, 0, 0, 1, 0, 0]
          break
        case 'Tm':
          tlm = args.slice(0, 6) as Matrix
          break
        case 'Td':
        case 'TD':
          tlm = multiply([1, 0, 0, 1, args[0] as number, args[1] as number], tlm)
          break
        case 'Tf':
          font = fontMap(fonts[String(args[0])])
          break
        case 'Tj':
        case '\'':
          show(args[args.length - 1] as Uint8Array)
          break
        case '"':
          show(args[2] as Uint8Array)
          break
        case 'TJ':
          for (const part of (args[0] as unknown[]) ?? []) {
            if (part instanceof Uint8Array)
              show(part)
          }
          break
        case 'Do': {
          const ref = xobjects[String(args[0])]
          const form = isRef(ref) ? obj(ref)?.stream?.dict : undefined
          if (isRef(ref) && form?.['/Subtype'] === '/Form')
            result.forms.set(ref, multiply((form['/Matrix'] as Matrix | undefined) ?? [1, 0, 0, 1, 0, 0], ctm))
          const seq = current()
          if (seq && seq !== 'artifact')
            seq.invokes = true
          break
        }
        default:
          if (PAINT.has(op)) {
            const seq = current()
            if (seq === undefined)
              result.untaggedPaint++
            else if (seq !== 'artifact')
              seq.paints = true
          }
      }
    }
    contentCache.set(owner, result)
    return result
  }

  const annotationsByPage = pages.flatMap((p, page) => ((resolve(p.dict['/Annots']) ?? []) as Json[]).map(a => ({ page, annot: dictOf(a)! })).filter(a => a.annot))
  const annotations = annotationsByPage.map(a => a.annot)
  const namedDest = (name: string): Json | undefined => {
    const old = dictOf(catalog['/Dests'])
    if (old && old[name] !== undefined)
      return old[name]
    // In a /Names tree, names are strings without the slash.
    const search = (node: Json | undefined): Json | undefined => {
      const d = dictOf(node)
      const names = (resolve(d?.['/Names']) ?? []) as Json[]
      for (let i = 0; i + 1 < names.length; i += 2) {
        if (pdfString(names[i]) === name.replace(/^\//, ''))
          return names[i + 1]
      }
      for (const kid of ((resolve(d?.['/Kids']) ?? []) as Json[])) {
        const hit = search(kid)
        if (hit !== undefined)
          return hit
      }
      return undefined
    }
    return search(dictOf(catalog['/Names'])?.['/Dests'])
  }
  const destinationPage = (dest: Json | undefined): number | undefined => {
    const name = typeof dest === 'string' && !/ \d+ R$/.test(dest) ? dest : undefined
    let d = name === undefined ? dest : namedDest(name.startsWith('/') ? name : `/${pdfString(name) ?? name}`)
    d = resolve(d)
    if (d && typeof d === 'object' && !Array.isArray(d))
      d = resolve((d as Dict)['/D'])
    const target = Array.isArray(d) ? d[0] : undefined
    const index = pages.findIndex(p => p.ref === target)
    return index >= 0 ? index : undefined
  }
  const structParentsOf = (owner: string) => {
    const o = obj(owner)
    const d = o?.stream ? o.stream.dict : dictOf(owner)
    const v = d?.['/StructParents']
    return typeof v === 'number' ? v : undefined
  }
  /** Where an owner's content lands on its page: the page, and the matrix from the owner's space to the page's. */
  const placement = (owner: string): { page: number, matrix: Matrix } | undefined => {
    const direct = pages.findIndex(p => p.ref === owner)
    if (direct >= 0)
      return { page: direct, matrix: [1, 0, 0, 1, 0, 0] }
    for (let i = 0; i < pages.length; i++) {
      const m = content(pages[i]!.ref).forms.get(owner)
      if (m)
        return { page: i, matrix: m }
    }
    return undefined
  }
  return { catalog, info, pages, root, tree, xmp, parentTree, parentOfObject, destinationPage, annotationsByPage, content, annotations, resolve, structParentsOf, placement }
}

export const isNode = (kid: StructNode['kids'][number]): kid is StructNode => 'type' in kid
export const isMarked = (kid: StructNode['kids'][number]): kid is MarkedContent => 'mcid' in kid

/** Every element of the tree, in document (reading) order. */
export function allNodes(node: StructNode | undefined, into: StructNode[] = []): StructNode[] {
  if (!node)
    return into
  into.push(node)
  node.kids.filter(isNode).forEach(k => allNodes(k, into))
  return into
}

/** Marked content under an element, in reading order. */
export function markedUnder(node: StructNode, into: MarkedContent[] = []): MarkedContent[] {
  for (const kid of node.kids) {
    if (isNode(kid))
      markedUnder(kid, into)
    else if (isMarked(kid))
      into.push(kid)
  }
  return into
}

export function textOf(pdf: PdfStructure, node: StructNode): string {
  return node.actualText ?? markedUnder(node).map(mc => pdf.content(mc.owner).sequences.get(mc.mcid)?.text ?? '').join('')
}

export function countByType(nodes: StructNode[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const n of nodes)
    counts[n.type] = (counts[n.type] ?? 0) + 1
  return counts
}

export interface Placed { x: number, y: number, label: string }

/**
 * Places read in order that jump back up the page and to the left at once.
 * In a slide read title first, then left column before right, reading only
 * ever moves down, or right (along a line, or up to the top of the next
 * column); a move both up and left means a right-hand block was read before
 * the left-hand one beside it.
 */
export function backwardJumps(items: Placed[], tolerance = 2): Array<[Placed, Placed]> {
  const jumps: Array<[Placed, Placed]> = []
  for (let i = 1; i < items.length; i++) {
    const a = items[i - 1]!
    const b = items[i]!
    if (b.y > a.y + tolerance && b.x < a.x - tolerance)
      jumps.push([a, b])
  }
  return jumps
}
