/**
 * A small reader and rewriter for PDF content streams, enough to tell which
 * marked-content sequences (MCIDs) carry text and which only paint shapes, and
 * to turn shapes that mean nothing into artifacts (ISO 14289-1, 7.1: content
 * is either tagged or marked as an artifact).
 */

export interface McidContent {
  /** Shows text (Tj, TJ, ', "). */
  text: boolean
  /** Paints a path, a shading or an inline image. */
  paint: boolean
  /** Invokes an XObject (Do), whose own content may be tagged. */
  xobject: boolean
  /** The text shown, when the caller can decode the fonts. */
  chars: string
}

/** Turns a shown string's bytes into text for the font selected by `Tf` (its resource name). */
export type TextDecoder = (font: string, bytes: Uint8Array) => string

/** The bytes of a string operand: `(literal)` or `<hex>`. */
function stringBytes(token: string): Uint8Array {
  if (token.startsWith('<')) {
    let hex = token.slice(1, -1).replace(/\s/g, '')
    if (hex.length % 2)
      hex += '0'
    return Buffer.from(hex, 'hex')
  }
  const body = token.slice(1, -1).replace(/\\([0-7]{1,3}|\r?\n|[\s\S])/g, (_, e: string) => {
    if (/^[0-7]/.test(e))
      return String.fromCharCode(Number.parseInt(e, 8) & 0xFF)
    if (e.startsWith('\n') || e.startsWith('\r'))
      return ''
    return ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e
  })
  return Buffer.from(body, 'latin1')
}

/** The string operands of a text-showing operator (TJ's array included). */
function shownStrings(src: string, operand: Token | undefined): Uint8Array[] {
  if (!operand)
    return []
  const text = src.slice(operand.start, operand.end)
  if (text.startsWith('[')) {
    const out: Uint8Array[] = []
    for (const m of text.slice(1, -1).matchAll(/<[^>]*>|\((?:\\[\s\S]|[^\\()]|\((?:\\[\s\S]|[^\\()])*\))*\)/g))
      out.push(stringBytes(m[0]))
    return out
  }
  return text.startsWith('<') || text.startsWith('(') ? [stringBytes(text)] : []
}

interface Token {
  start: number
  end: number
  /** An operator (bare keyword) rather than an operand. */
  op: boolean
}

const WHITE = new Set([0x00, 0x09, 0x0A, 0x0C, 0x0D, 0x20])
const DELIM = new Set([0x28, 0x29, 0x3C, 0x3E, 0x5B, 0x5D, 0x7B, 0x7D, 0x2F, 0x25])
const PAINT = new Set(['f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'S', 's', 'sh'])
const SHOW = new Set(['Tj', 'TJ', '\'', '"'])

/** Splits a content stream into operands and operators (strings, dicts and arrays kept whole). */
function tokenize(src: string): Token[] {
  const tokens: Token[] = []
  const n = src.length
  let i = 0
  let depth = 0 // inside [ ] or << >>: one operand
  let groupStart = 0
  const push = (start: number, end: number, op: boolean) => {
    if (depth === 0)
      tokens.push({ start, end, op })
  }
  while (i < n) {
    const c = src.charCodeAt(i)
    if (WHITE.has(c)) {
      i++
      continue
    }
    const start = i
    if (c === 0x25) { // % comment
      while (i < n && src.charCodeAt(i) !== 0x0A && src.charCodeAt(i) !== 0x0D) i++
      continue
    }
    if (c === 0x28) { // ( literal string )
      let nest = 0
      for (; i < n; i++) {
        const d = src.charCodeAt(i)
        if (d === 0x5C) { i++; continue }
        if (d === 0x28) nest++
        else if (d === 0x29 && --nest === 0) { i++; break }
      }
      push(start, i, false)
      continue
    }
    if (c === 0x3C && src.charCodeAt(i + 1) === 0x3C) { // << dict
      if (depth++ === 0)
        groupStart = start
      i += 2
      continue
    }
    if (c === 0x3E && src.charCodeAt(i + 1) === 0x3E) {
      i += 2
      if (--depth === 0)
        tokens.push({ start: groupStart, end: i, op: false })
      continue
    }
    if (c === 0x3C) { // <hex>
      i = src.indexOf('>', i) + 1 || n
      push(start, i, false)
      continue
    }
    if (c === 0x5B) {
      if (depth++ === 0)
        groupStart = start
      i++
      continue
    }
    if (c === 0x5D) {
      i++
      if (--depth === 0)
        tokens.push({ start: groupStart, end: i, op: false })
      continue
    }
    if (c === 0x2F) { // /Name
      i++
      while (i < n && !WHITE.has(src.charCodeAt(i)) && !DELIM.has(src.charCodeAt(i))) i++
      push(start, i, false)
      continue
    }
    while (i < n && !WHITE.has(src.charCodeAt(i)) && !DELIM.has(src.charCodeAt(i))) i++
    if (i === start) { // a stray delimiter: step over it
      i++
      continue
    }
    const word = src.slice(start, i)
    const isOperand = /^[+\-.\d]/.test(word) || word === 'true' || word === 'false' || word === 'null'
    push(start, i, !isOperand)
    if (word === 'ID' && depth === 0) { // inline image data runs to EI
      const ei = src.slice(i).search(/\sEI(?=[\s]|$)/)
      i = ei < 0 ? n : i + ei + 3
      tokens.push({ start: i - 2, end: i, op: true })
    }
  }
  return tokens
}

interface Scan {
  tokens: Token[]
  /** Per MCID: what it draws, and the span of its `/Tag <<…>> BDC` (operands and operator). */
  mcids: Map<number, McidContent & { bdc: [number, number] }>
  /** Spans painted outside any tagged or artifact sequence. */
  untagged: Array<[number, number]>
}

function scan(src: string, decode?: TextDecoder): Scan {
  const tokens = tokenize(src)
  const mcids: Scan['mcids'] = new Map()
  const untagged: Scan['untagged'] = []
  // Each open sequence: its MCID, or -1 for an artifact, or undefined for neither.
  const stack: Array<number | undefined> = []
  let operandStart = 0
  let font = ''
  let lineY = ''
  let lineOwner: number | undefined
  let run: { start: number, paint: boolean } | undefined
  const enclosing = () => {
    for (let k = stack.length - 1; k >= 0; k--) {
      if (stack[k] !== undefined)
        return stack[k]
    }
    return undefined
  }
  const closeRun = (at: number) => {
    if (run?.paint)
      untagged.push([run.start, at])
    run = undefined
  }
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t]!
    if (!tok.op) {
      if (t === 0 || tokens[t - 1]!.op)
        operandStart = tok.start
      if (!run && enclosing() === undefined)
        run = { start: tok.start, paint: false }
      continue
    }
    const word = src.slice(tok.start, tok.end)
    const first = t > 0 && !tokens[t - 1]!.op ? operandStart : tok.start
    if (word === 'BDC' || word === 'BMC') {
      closeRun(first)
      const tag = tokens[t - (word === 'BDC' ? 2 : 1)]
      const tagName = tag ? src.slice(tag.start, tag.end) : ''
      let mcid: number | undefined
      if (word === 'BDC') {
        const m = /\/MCID\s+(\d+)/.exec(src.slice(tokens[t - 1]!.start, tokens[t - 1]!.end))
        if (m) {
          mcid = Number(m[1])
          mcids.set(mcid, { text: false, paint: false, xobject: false, chars: '', bdc: [first, tok.end] })
        }
      }
      stack.push(mcid ?? (tagName === '/Artifact' ? -1 : undefined))
      continue
    }
    if (word === 'EMC') {
      closeRun(first)
      stack.pop()
      continue
    }
    if (word === 'Tf' && t >= 2)
      font = src.slice(tokens[t - 2]!.start, tokens[t - 2]!.end)
    if (word === 'Tm' && t >= 1) {
      // Each line is positioned afresh; where a sequence moves to a new line, its text gets a space.
      const y = src.slice(tokens[t - 1]!.start, tokens[t - 1]!.end)
      const seq = lineOwner === enclosing() ? mcids.get(lineOwner ?? -1) : undefined
      if (seq && y !== lineY && seq.chars && !/\s$/.test(seq.chars))
        seq.chars += ' '
      lineY = y
      lineOwner = enclosing()
    }
    const owner = enclosing()
    if (owner === undefined) {
      // Runs never cross a text object's bounds or an XObject (which may carry its own tags).
      if (word === 'BT' || word === 'ET' || word === 'Do') {
        closeRun(first)
        continue
      }
      if (!run)
        run = { start: first, paint: false }
      if (PAINT.has(word) || SHOW.has(word) || word === 'EI')
        run.paint = true
      continue
    }
    if (owner < 0)
      continue
    const content = mcids.get(owner)!
    if (SHOW.has(word)) {
      content.text = true
      if (decode) {
        for (const bytes of shownStrings(src, tokens[t - 1]))
          content.chars += decode(font, bytes)
      }
    }
    else if (PAINT.has(word) || word === 'EI')
      content.paint = true
    else if (word === 'Do')
      content.xobject = true
  }
  closeRun(src.length)
  return { tokens, mcids, untagged }
}

export interface ContentAnalysis {
  /** What each MCID in the stream draws. */
  mcids: Map<number, McidContent>
  /**
   * The stream with the given MCIDs' sequences marked as artifacts instead,
   * and content that sits in no sequence at all wrapped in artifact
   * sequences; undefined when nothing changes.
   */
  markArtifacts: (artifacts: ReadonlySet<number>) => string | undefined
}

export function analyseContent(src: string, decode?: TextDecoder): ContentAnalysis {
  const { mcids, untagged } = scan(src, decode)
  const described = new Map<number, McidContent>()
  for (const [mcid, { text, paint, xobject, chars }] of mcids)
    described.set(mcid, { text, paint, xobject, chars })
  const markArtifacts = (artifacts: ReadonlySet<number>) => {
    const edits: Array<{ at: number, end: number, text: string }> = []
    for (const mcid of artifacts) {
      const seq = mcids.get(mcid)
      if (seq)
        edits.push({ at: seq.bdc[0], end: seq.bdc[1], text: '/Artifact BMC' })
    }
    for (const [start, end] of untagged) {
      edits.push({ at: start, end: start, text: '/Artifact BMC\n' })
      edits.push({ at: end, end, text: '\nEMC\n' })
    }
    if (!edits.length)
      return undefined
    edits.sort((a, b) => a.at - b.at || a.end - b.end)
    let out = ''
    let pos = 0
    for (const e of edits) {
      out += src.slice(pos, e.at) + e.text
      pos = e.end
    }
    return out + src.slice(pos)
  }
  return { mcids: described, markArtifacts }
}

/** Code → text from a ToUnicode CMap (bfchar and bfrange entries). */
export function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>()
  const utf16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le')
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>/gi))
      map.set(Number.parseInt(m[1]!, 16), utf16(m[2]!))
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*(<[0-9a-f]+>|\[[^\]]*\])/gi)) {
      const lo = Number.parseInt(m[1]!, 16)
      const hi = Number.parseInt(m[2]!, 16)
      if (m[3]!.startsWith('[')) {
        ;[...m[3]!.matchAll(/<([0-9a-f]+)>/gi)].forEach((x, i) => map.set(lo + i, utf16(x[1]!)))
        continue
      }
      const first = utf16(m[3]!.slice(1, -1))
      const last = first.codePointAt(first.length - 1)!
      for (let c = lo; c <= hi && c - lo < 0x10000; c++)
        map.set(c, first.slice(0, -1) + String.fromCodePoint(last + c - lo))
    }
  }
  return map
}
