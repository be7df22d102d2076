/**
 * Evidence for the deck's own words. A span is a piece of the article, verbatim, with the line it
 * stands on: `L43: In early 2021, Lei Jun learned that U.S. sanctions might hit Xiaomi`. Slides list
 * spans under `evidence:` in their frontmatter; data records list them under `support`.
 *
 * What can be checked mechanically is checked here, as pure functions over text: each span is on
 * its line, and every number, date, name and quoted phrase a sentence uses appears in the spans
 * (or in the data records) that back it. Whether a sentence is fair to the article is still a
 * reader's judgement; these checks make sure the reader has the lines to judge it by.
 */

import { findElided, lineWith, normalize } from './provenance'

/** A span as written in data: `L43: words from line 43`. */
export type SpanRef = `L${number}: ${string}`

export interface Span {
  line: number
  text: string
}

const SPAN_STRING = /^L(\d+):\s+(\S[\s\S]*)$/

/**
 * Reads one span: the string form `L43: text` (data modules) or the one-key map `{ L43: text }`
 * that YAML makes of `- L43: text` (slide frontmatter). Returns a message when it is neither.
 */
export function parseSpan(item: unknown): Span | { error: string } {
  if (typeof item === 'string') {
    const m = SPAN_STRING.exec(item.trim())
    if (m)
      return { line: Number(m[1]), text: normalize(m[2]!) }
    return { error: `“${item}” does not start with a line number; write it as \`L43: words from line 43\`` }
  }
  if (item && typeof item === 'object' && !Array.isArray(item)) {
    const entries = Object.entries(item)
    if (entries.length === 1) {
      const [key, value] = entries[0]!
      const line = /^L(\d+)$/.exec(key)
      if (line && typeof value === 'string' && value.trim())
        return { line: Number(line[1]), text: normalize(value) }
      if (line)
        return { error: `the span for ${key} is empty or not text; put the article's words after \`${key}: \` (quote them if they contain “: ” or “ #”)` }
    }
  }
  return { error: `${JSON.stringify(item)} is not a span; write it as \`- L43: words from line 43\`` }
}

/** Shortens a span for a listing: the first `max` characters, cut at a word. */
export function shortSpan(text: string, max = 90): string {
  if (text.length <= max)
    return text
  const cut = text.slice(0, max)
  const at = cut.lastIndexOf(' ')
  return `${(at > max / 2 ? cut.slice(0, at) : cut).replace(/[\s,;:—–-]+$/, '')} …`
}

/**
 * Checks a span against the article's lines (1-based, as `nl -ba` numbers them). `…` inside a
 * span marks a cut: every part must stand on the line, in order. Returns what is wrong, or
 * undefined when the span is verbatim on its line.
 */
export function spanProblem(span: Span, lines: readonly string[]): string | undefined {
  const line = lines[span.line - 1]
  if (line === undefined || !line.trim())
    return `line ${span.line} of the article is ${line === undefined ? 'past its end' : 'empty'}`
  const part = findElided(normalize(line), span.text)
  if (part === undefined)
    return undefined
  const elsewhere = lineWith(lines, part)
  if (elsewhere === span.line)
    return `“${shortSpan(part, 60)}” is on line ${span.line}, but not after the part before the “…”; keep the parts in the article's order`
  return elsewhere
    ? `“${shortSpan(part, 60)}” is on line ${elsewhere}, not line ${span.line}`
    : `“${shortSpan(part, 60)}” is not in the article, word for word; copy it from line ${span.line} exactly (curly quotes and dashes included)`
}

// ---------------------------------------------------------------------------------------------
// Tokens a sentence must back up

export type TokenKind = 'number' | 'date' | 'name' | 'quoted' | 'claim'

export interface Token {
  kind: TokenKind
  /** The token as the sentence writes it */
  text: string
}

const NUMBER_WORDS: Record<string, number> = {
  two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, hundred: 100, thousand: 1000,
  // Ordinals that count something (a fifteenth anniversary, a tenth birthday).
  tenth: 10, fifteenth: 15,
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/**
 * Names the deck uses that a capital letter alone would not flag, because they start a sentence
 * or are written in lower case (`iPhone`). Every capitalised word after the first of a sentence is
 * treated as a name anyway; this list adds the ones that can also stand first.
 */
export const NAME_WORDS: readonly string[] = [
  'Xiaomi', 'Apple', 'Samsung', 'Huawei', 'Kingsoft', 'Microsoft', 'Amazon', 'ByteDance', 'Joyo.com',
  'CCTV', 'ChinaTalk', 'Weibo', 'Zhihu', 'HyperOS', 'CyberDog', 'CyberOne', 'SU7', 'XRING', 'Xring',
  'Xuanjie', 'iPhone', 'Android', 'Jobs', 'Musk', 'Lei', 'Jun', 'Angela', 'Wang', 'Ning', 'Liu',
  'Fang', 'Ren', 'Zeyu', 'Beijing', 'Anhui', 'Wuhan', 'Mi', 'MIX', 'Dezhou', 'Shangrao', 'Silicon',
  'Valley', 'Navigate-on-Autopilot', 'Ministry',
]

/** Capitalised words that are not names: the pronoun, and words that are capitalised by rule. */
const NOT_NAMES = new Set(['I', 'I’m', 'I’d', 'I’ll', 'I’ve', 'OK'])

/**
 * Words that make a first, a superlative or an absolute of a sentence. The deck may use one only
 * where its evidence uses the same word, so it adds no first or superlative the article lacks.
 */
export const CLAIM_WORDS: readonly string[] = [
  'first', 'only', 'best', 'worst', 'biggest', 'largest', 'greatest', 'strongest', 'safest',
  'fastest', 'most', 'least', 'never', 'always', 'unprecedented', 'record',
]
const CLAIM_SET = new Set(CLAIM_WORDS)

const MONTH_SET = new Set(MONTHS)
/** `Mar` → `March`: the deck's date labels abbreviate months; the article spells them out. */
const MONTH_ABBR = new Map(MONTHS.map(m => [m.slice(0, 3), m]))
const NAME_SET = new Set(NAME_WORDS)

/** The quoted phrases in a sentence: “double curly” or "straight" quotes. */
function quotedPhrases(sentence: string): string[] {
  const found: string[] = []
  for (const m of sentence.matchAll(/“([^”]+)”|"([^"]+)"/g)) {
    const phrase = normalize((m[1] ?? m[2])!)
    if (phrase)
      found.push(phrase)
  }
  return found
}

/**
 * Splits a block of prose into sentences: at line breaks (each bullet is its own sentence) and
 * after `.`, `?` or `!` followed by a capital or an opening quote. Markdown markers are dropped.
 */
export function sentencesOf(block: string): string[] {
  const out: string[] = []
  for (const raw of block.split(/\n/)) {
    const line = raw
      .replace(/^\s*#+\s+/, '')
      // A note's click marker (`[click]`, `[click:3]`) is Slidev's, not part of the sentence.
      .replace(/^\s*\[click(?::\+?\d+)?\]\s*/, '')
      .replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '')
      .replace(/\*\*|__/g, '')
      .replace(/\s+/g, ' ')
      .trim()
    if (!line)
      continue
    // Split after sentence ends, but not inside a quotation or after `U.S.`-style abbreviations.
    const parts = line.split(/(?<=(?<!\b[A-Z])[.?!][”’)]?)\s+(?=[A-Z“‘(])/)
    out.push(...parts.map(p => p.trim()).filter(Boolean))
  }
  return out
}

export interface TokenOptions {
  /** More words to treat as names wherever they stand */
  extraNames?: readonly string[]
  /**
   * Headings are written in title case, so a capital there does not mark a name: only the
   * known names (NAME_WORDS and `extraNames`) are taken from them.
   */
  heading?: boolean
}

/** Every token in `sentence` that the evidence must contain. */
export function tokensOf(sentence: string, options: TokenOptions = {}): Token[] {
  const { extraNames = [], heading = false } = options
  const tokens: Token[] = []
  const seen = new Set<string>()
  const add = (kind: TokenKind, text: string) => {
    const key = `${kind}:${text}`
    if (!seen.has(key)) {
      seen.add(key)
      tokens.push({ kind, text })
    }
  }
  for (const phrase of quotedPhrases(sentence))
    add('quoted', phrase)
  // Quoted words are checked as phrases; the rest of the sentence word by word.
  const rest = sentence.replace(/“[^”]*”|"[^"]*"/g, ' ')
  for (const m of rest.matchAll(/(?<![\p{L}\p{N}])(?:Q\d|\d[\d,]*(?:\.\d+)?)(?!\p{N})/gu))
    add('number', m[0].replace(/[,.]$/, ''))
  const words = [...rest.matchAll(/[\p{L}\p{N}][\p{L}\p{N}’'.&-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu)]
  const names = new Set([...NAME_SET, ...extraNames])
  words.forEach((m, i) => {
    const word = m[0].replace(/[’']s$/, '')
    const lower = word.toLowerCase()
    const before = rest.slice(0, m.index).trimEnd()
    const initial = i === 0 || /[.?!:;(—–]$/.test(before)
    if (lower in NUMBER_WORDS || lower.split('-').some(part => part in NUMBER_WORDS && part !== lower)) {
      const part = lower.split('-').find(p => p in NUMBER_WORDS)!
      add('number', part)
      return
    }
    // `Mar` is a month only beside a number (`29 Mar 2025`); `Jun` alone is Lei Jun's name.
    const besideNumber = /\d\s*$/.test(before) || /^\s*\d/.test(rest.slice(m.index! + m[0].length))
    if (MONTH_SET.has(word) || (MONTH_ABBR.has(word) && besideNumber)) {
      add('date', MONTH_ABBR.get(word) ?? word)
      return
    }
    // `best-known`, `first-ever`: a claim word inside a compound still makes the claim.
    const claim = lower.split('-').find(part => CLAIM_SET.has(part))
    if (claim) {
      add('claim', claim)
      return
    }
    if (/^\d/.test(word) || /^Q\d$/.test(word) || NOT_NAMES.has(word))
      return
    if (names.has(word) || (!initial && !heading && /\p{Lu}/u.test(word.charAt(0))) || /^\p{Ll}+\p{Lu}/u.test(word))
      add('name', word)
  })
  return tokens
}

const numberValue = (text: string): number | undefined => {
  const lower = text.toLowerCase()
  if (lower in NUMBER_WORDS)
    return NUMBER_WORDS[lower]
  const m = /^\d[\d,]*(?:\.\d+)?/.exec(text)
  return m ? Number(m[0].replaceAll(',', '')) : undefined
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Whether `support` (spans and record text, joined) contains the token: a quoted phrase word for
 * word, a name as a whole word with its capitals, a month, or a number with the same value written
 * in digits (`29` in `29th`, `3,400`) or in words (`three`).
 */
export function supports(support: string, token: Token): boolean {
  switch (token.kind) {
    case 'quoted':
      return support.includes(token.text)
    case 'name':
    case 'date':
      return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(token.text)}(?![\\p{L}])`, 'u').test(support)
    case 'claim':
      return new RegExp(`(?<![\\p{L}])${escapeRe(token.text)}(?![\\p{L}])`, 'iu').test(support)
    case 'number': {
      if (/^Q\d$/.test(token.text))
        return new RegExp(`\\b${token.text}\\b`).test(support)
      const want = numberValue(token.text)
      if (want === undefined)
        return false
      for (const m of support.matchAll(/(?<![\p{L}\p{N}.,])\d[\d,]*(?:\.\d+)?|[A-Za-z]+/gu)) {
        const value = numberValue(m[0].replace(/,$/, ''))
        if (value === want)
          return true
      }
      return false
    }
  }
}

/** Tokens of `sentence` that `support` does not contain. */
export function missingTokens(sentence: string, support: string, options: TokenOptions = {}): Token[] {
  return tokensOf(sentence, options).filter(t => !supports(support, t))
}

// ---------------------------------------------------------------------------------------------
// Notes that point at other slides by position

const POSITIONAL = [
  /\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few|a couple of|several|some)\s+slides?\s+(?:on|back|ago|later|earlier|ahead|before|after)\b/i,
  /\b(?:next|previous|prior|following|preceding|last|final|earlier|later|coming)\s+(?:\w+\s+){0,2}slides?\b/i,
  /\bslides?\s+(?:on|back|ago|ahead|before|after|earlier|later|above|below|from here)\b/i,
  /\bslides?\s+(?:at|near|towards?)\s+the\s+(?:end|start|beginning|close)\b/i,
  /\b(?:at|near|towards?)\s+the\s+(?:end|start|beginning)\s+of\s+the\s+deck\b/i,
  /\bslide\s+(?:\d+|no\.?\s*\d+|number\s+\d+)\b/i,
]

/** The words in a note that refer to another slide by its position, if any. */
export function positionalReference(text: string): string | undefined {
  for (const re of POSITIONAL) {
    const m = re.exec(text)
    if (m)
      return m[0]
  }
  return undefined
}
