/**
 * The rules the tidying of a structure tree applies (see `tidyStructure` in pdf-tags.ts), each
 * a pass over the tree model of pdf-struct-tree.ts: figures given their true type, Han text
 * its language, list bodies wrapped, links described, and layout wrappers dissolved (`tidy`).
 */
import { PDFDict, PDFHexString, PDFString } from 'pdf-lib'
import type { PDFDocument } from 'pdf-lib'
import { FORMULA_MARK } from '../print/print-in-page'
import { N, TYPE, nameOf } from './pdf-struct-tree'
import type { Kid, McKid, Node } from './pdf-struct-tree'

const ALT = N('Alt')

/** Elements that group blocks rather than hold text themselves. */
const GROUPING = new Set(['Document', 'Part', 'Art', 'Sect', 'Div', 'BlockQuote', 'TOC', 'TOCI', 'Index', 'NonStruct', 'L', 'Table', 'THead', 'TBody', 'TFoot', 'TR'])
/** Block-level elements that a /P may not contain. */
const BLOCKS = new Set([...GROUPING, 'P', 'H', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'Lbl', 'LBody', 'Figure', 'Formula', 'Caption', 'TH', 'TD'])
/**
 * Chromium does not carry HTML's lang attributes into the PDF. The deck marks
 * its Chinese as zh-Hans and shows Han script nowhere else, so text in the
 * Han script is given that language back (ISO 14289-1, 7.2: changes of
 * natural language are declared).
 */
const HAN_LANG = 'zh-Hans'
const isHan = (text: string) => /\p{Script=Han}/u.test(text)
/** Structure types that are not among PDF 1.7's standard ones, mapped to the standard type they act as. */
export const ROLE_MAP: Record<string, string> = { Strong: 'Span', Em: 'Span' }

/** Whether any element below `node` (not `node` itself) has the type. */
function hasBelow(node: Node, type: string): boolean {
  return node.kids.some(k => k.kind === 'elem' && (k.node.type === type || hasBelow(k.node, type)))
}

// FORMULA_MARK starts the accessible name the print view gives a formula (see
// `inPageNameGraphics`), which Chromium tags as an image: the figure it becomes is a /Formula,
// its /Alt the LaTeX after the mark.

/** Figures that stand for a formula, a quotation or a group of labelled figures get their true type. */
export function retypeFigures(node: Node): void {
  for (const kid of node.kids) {
    if (kid.kind === 'elem')
      retypeFigures(kid.node)
  }
  const alt = node.dict.lookup(ALT)
  const altText = alt instanceof PDFString || alt instanceof PDFHexString ? alt.decodeText() : undefined
  if (node.type === 'Figure' && altText?.startsWith(FORMULA_MARK)) {
    node.type = 'Formula'
    node.dict.set(ALT, PDFHexString.fromText(altText.slice(FORMULA_MARK.length)))
    return
  }
  if (node.type !== 'Figure' || node.dict.has(ALT))
    return
  if (hasBelow(node, 'BlockQuote') && hasBelow(node, 'Caption')) {
    node.type = 'BlockQuote'
    // The inner quotation gives way to its paragraphs; the attribution stays as the caption.
    const unwrap = (parent: Node) => {
      parent.kids = parent.kids.flatMap((k) => {
        if (k.kind !== 'elem')
          return [k]
        if (k.node.type === 'BlockQuote')
          return k.node.kids
        unwrap(k.node)
        return [k]
      })
    }
    unwrap(node)
  }
  else if (hasBelow(node, 'Figure')) {
    node.type = 'Div'
  }
}

/** Text in the Han script gets its language: on the element when all its text is Han, else on a /Span of its own. */
export function markLanguage(doc: PDFDocument, node: Node, chars: (kid: McKid) => string): void {
  for (const kid of node.kids) {
    if (kid.kind === 'elem')
      markLanguage(doc, kid.node, chars)
  }
  if (node.dict.has(N('Lang')))
    return
  const han = (kid: Kid) => kid.kind === 'mc' && isHan(chars(kid))
  if (!node.kids.some(han))
    return
  if (node.kids.every(han)) {
    node.dict.set(N('Lang'), PDFString.of(HAN_LANG))
    return
  }
  node.kids = node.kids.map((kid) => {
    if (!han(kid))
      return kid
    const dict = doc.context.obj({ Type: 'StructElem', S: 'Span', Lang: PDFString.of(HAN_LANG) })
    return { kind: 'elem', node: { ref: doc.context.register(dict), dict, type: 'Span', kids: [kid] } }
  })
}

/** A list item holds its label (/Lbl) and its body (/LBody), nothing else (ISO 32000-1, 14.8.4.3.3). */
export function wrapListBodies(doc: PDFDocument, node: Node): void {
  for (const kid of node.kids) {
    if (kid.kind === 'elem')
      wrapListBodies(doc, kid.node)
  }
  if (node.type !== 'LI')
    return
  const body = node.kids.filter(k => !(k.kind === 'elem' && (k.node.type === 'Lbl' || k.node.type === 'LBody')))
  if (!body.length)
    return
  const dict = doc.context.obj({ Type: 'StructElem', S: 'LBody' })
  const lbody: Node = { ref: doc.context.register(dict), dict, type: 'LBody', kids: body }
  const at = node.kids.indexOf(body[0]!)
  node.kids = node.kids.filter(k => !body.includes(k))
  node.kids.splice(at, 0, { kind: 'elem', node: lbody })
}

/** Link annotations get the text of their link as their description (ISO 14289-1, 7.18.5). */
export function describeLinks(doc: PDFDocument, node: Node, chars: (kid: McKid) => string): void {
  for (const kid of node.kids) {
    if (kid.kind === 'elem')
      describeLinks(doc, kid.node, chars)
  }
  if (node.type !== 'Link')
    return
  const text = (n: Node): string => n.kids.map(k => k.kind === 'mc' ? chars(k) : k.kind === 'elem' ? text(k.node) : '').join('')
  const description = text(node).replace(/\s+/g, ' ').trim()
  for (const kid of node.kids) {
    const objr = kid.kind === 'other' ? doc.context.lookup(kid.raw) : undefined
    const annot = objr instanceof PDFDict && nameOf(objr.get(TYPE)) === 'OBJR' ? doc.context.lookup(objr.get(N('Obj'))) : undefined
    if (annot instanceof PDFDict && description && !annot.has(N('Contents')))
      annot.set(N('Contents'), PDFHexString.fromText(description))
  }
}

/** Has attributes that would be lost if the element were dissolved into its parent. */
function carriesAttributes(node: Node): boolean {
  return ['Lang', 'Alt', 'ActualText', 'E', 'A', 'ID', 'T', 'C'].some(key => node.dict.has(N(key)))
}

const INLINE = new Set(['NonStruct', 'Span', 'Strong', 'Em', 'Quote', 'Code', 'Link', 'Reference'])

/** Holds only text runs: marked content, inline elements, and wrappers of the same. */
function inlineOnly(node: Node): boolean {
  return node.kids.every(k => k.kind !== 'elem' || (INLINE.has(k.node.type) && inlineOnly(k.node)))
}

function hasText(node: Node, isDecorative: (kid: McKid) => boolean): boolean {
  return node.kids.some(k => k.kind === 'elem' ? hasText(k.node, isDecorative) : k.kind === 'mc' && !isDecorative(k))
}

/**
 * Dissolves layout wrappers bottom-up. `context` is the nearest ancestor that
 * is not a /NonStruct, which decides whether loose text is a paragraph or
 * part of the element around it.
 */
export function tidy(node: Node, context: string, isDecorative: (kid: McKid) => boolean, artifacts: McKid[]): Kid[] {
  const inFigure = context === 'Figure' || node.type === 'Figure'
  // A wrapper of nothing but text runs is about to become a paragraph (or join one): the runs join it.
  const holdsText = node.type === 'NonStruct' && inlineOnly(node) && hasText(node, isDecorative)
  const kidContext = node.type !== 'NonStruct' ? node.type : holdsText ? 'P' : context
  node.kids = node.kids.flatMap((kid): Kid[] => {
    if (kid.kind === 'elem')
      return tidy(kid.node, inFigure ? 'Figure' : kidContext, isDecorative, artifacts)
    if (kid.kind === 'mc' && !inFigure && isDecorative(kid)) {
      artifacts.push(kid)
      return []
    }
    return [kid]
  })
  if (!node.kids.length)
    return []
  if (node.type !== 'NonStruct')
    return [{ kind: 'elem', node }]
  const elems = node.kids.filter(k => k.kind === 'elem')
  const loose = node.kids.some(k => k.kind !== 'elem')
  if (carriesAttributes(node)) {
    node.type = elems.some(k => BLOCKS.has(k.node.type)) ? 'Div' : loose && GROUPING.has(context) ? 'P' : 'Span'
    return [{ kind: 'elem', node }]
  }
  if (!loose)
    return node.kids
  if (!GROUPING.has(context) || context === 'Figure')
    return node.kids
  node.type = elems.some(k => BLOCKS.has(k.node.type)) ? 'Div' : 'P'
  return [{ kind: 'elem', node }]
}
