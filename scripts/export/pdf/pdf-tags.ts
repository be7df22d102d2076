/**
 * The tidying of the structure tree Chromium writes into a PDF (see the comment on `tidyStructure`).
 */
import { inflateSync, deflateSync } from 'node:zlib'
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNull, PDFNumber, PDFRawStream, PDFRef, PDFString } from 'pdf-lib'
import type { PDFDocument, PDFObject } from 'pdf-lib'
import { analyseContent, parseToUnicode } from './pdf-content'
import type { ContentAnalysis, TextDecoder } from './pdf-content'
import { FORMULA_MARK } from '../print/print-in-page'

/**
 * Chromium tags a PDF from the page's accessibility tree, which is a good
 * start but says less than the page does: every layout <div> becomes a
 * /NonStruct, a quotation with its attribution (<figure><blockquote>
 * <figcaption>) becomes a /Figure without alternative text, backgrounds and
 * borders are tagged as content, and some painting is in no sequence at all.
 * `tidyStructure` rewrites the tree so that it means what the slide shows:
 *
 * - a figure named as a formula by the print view is a /Formula, its /Alt the LaTeX;
 * - a figure that holds a block quotation and a caption is the quotation
 *   itself (/BlockQuote, its attribution the /Caption);
 * - a figure without /Alt that only groups figures that have one (a chart's
 *   panels under the chart's title) is a /Div;
 * - layout wrappers go: a /NonStruct holding text becomes a /P (or its text
 *   joins the element it sits in), one holding elements gives way to them;
 * - marked content that paints only shapes (rules, dots, card borders,
 *   backgrounds) outside a figure, and any painting left in no sequence,
 *   becomes an artifact;
 * - elements left with no content are removed;
 * - a list item's content goes into an /LBody;
 * - Chinese text gets /Lang (zh-Hans), and /Strong is role-mapped to /Span;
 * - a link annotation is described (/Contents) by its link's text.
 *
 * The parent tree is rebuilt to match, and the content streams are rewritten
 * only where sequences become artifacts.
 *
 * The order of the tree, which is the reading order, is kept as Chromium
 * wrote it (document order, which the slides lay out title first, then left
 * column before right).
 */

const N = (name: string) => PDFName.of(name)
const S = N('S')
const K = N('K')
const P = N('P')
const PG = N('Pg')
const ALT = N('Alt')
const MCID = N('MCID')
const STM = N('Stm')
const TYPE = N('Type')

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
const ROLE_MAP: Record<string, string> = { Strong: 'Span', Em: 'Span' }

interface McKid { kind: 'mc', mcid: number, owner: PDFRef, raw: PDFObject }
interface OtherKid { kind: 'other', raw: PDFObject }
interface ElemKid { kind: 'elem', node: Node }
type Kid = McKid | OtherKid | ElemKid

interface Node {
  ref: PDFRef
  dict: PDFDict
  type: string
  kids: Kid[]
}

export interface TagCounts { [type: string]: number }

const nameOf = (value: PDFObject | undefined) => value instanceof PDFName ? value.decodeText() : ''

function readTree(doc: PDFDocument, ref: PDFRef, inheritedPage: PDFRef | undefined, seen: Set<PDFRef>): Node | undefined {
  if (seen.has(ref))
    return undefined
  seen.add(ref)
  const dict = doc.context.lookup(ref)
  if (!(dict instanceof PDFDict))
    return undefined
  const pageRef = dict.get(PG) instanceof PDFRef ? dict.get(PG) as PDFRef : inheritedPage
  const node: Node = { ref, dict, type: nameOf(dict.get(S)), kids: [] }
  const raw = dict.get(K)
  const list = raw instanceof PDFArray ? raw.asArray() : raw === undefined ? [] : [raw]
  for (const item of list) {
    if (item instanceof PDFNumber) {
      if (pageRef)
        node.kids.push({ kind: 'mc', mcid: item.asNumber(), owner: pageRef, raw: item })
      else
        node.kids.push({ kind: 'other', raw: item })
      continue
    }
    const target = item instanceof PDFRef ? doc.context.lookup(item) : item
    if (target instanceof PDFDict) {
      const type = nameOf(target.get(TYPE))
      if (type === 'MCR') {
        const owner = target.get(STM) ?? target.get(PG) ?? pageRef
        const mcid = target.get(MCID)
        if (owner instanceof PDFRef && mcid instanceof PDFNumber) {
          node.kids.push({ kind: 'mc', mcid: mcid.asNumber(), owner, raw: item })
          continue
        }
      }
      else if (item instanceof PDFRef && type !== 'OBJR' && target.has(S)) {
        const child = readTree(doc, item, pageRef, seen)
        if (child) {
          node.kids.push({ kind: 'elem', node: child })
          continue
        }
      }
    }
    node.kids.push({ kind: 'other', raw: item })
  }
  return node
}

function countTypes(nodes: Node[], into: TagCounts = {}): TagCounts {
  for (const node of nodes) {
    into[node.type] = (into[node.type] ?? 0) + 1
    countTypes(node.kids.flatMap(k => k.kind === 'elem' ? [k.node] : []), into)
  }
  return into
}

/** Whether any element below `node` (not `node` itself) has the type. */
function hasBelow(node: Node, type: string): boolean {
  return node.kids.some(k => k.kind === 'elem' && (k.node.type === type || hasBelow(k.node, type)))
}

// FORMULA_MARK starts the accessible name the print view gives a formula (see
// `inPageNameGraphics`), which Chromium tags as an image: the figure it becomes is a /Formula,
// its /Alt the LaTeX after the mark.

/** Figures that stand for a formula, a quotation or a group of labelled figures get their true type. */
function retypeFigures(node: Node): void {
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
function markLanguage(doc: PDFDocument, node: Node, chars: (kid: McKid) => string): void {
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
function wrapListBodies(doc: PDFDocument, node: Node): void {
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
function describeLinks(doc: PDFDocument, node: Node, chars: (kid: McKid) => string): void {
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
function tidy(node: Node, context: string, isDecorative: (kid: McKid) => boolean, artifacts: McKid[]): Kid[] {
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

function decodeStream(stream: PDFRawStream): string | undefined {
  const filter = stream.dict.get(N('Filter'))
  const name = filter instanceof PDFArray && filter.size() === 1 ? filter.get(0) : filter
  if (name === undefined)
    return Buffer.from(stream.contents).toString('latin1')
  if (nameOf(name) === 'FlateDecode' && !stream.dict.has(N('DecodeParms')))
    return inflateSync(stream.contents).toString('latin1')
  return undefined
}

/** The content of a page (its /Contents, joined) or of a form XObject. */
interface Owner { ref: PDFRef, dict: PDFDict, streams: PDFRef[], src: string, resources?: PDFDict }

function loadOwner(doc: PDFDocument, ref: PDFRef): Owner | undefined {
  const obj = doc.context.lookup(ref)
  if (obj instanceof PDFRawStream) {
    const src = decodeStream(obj)
    return src === undefined ? undefined : { ref, dict: obj.dict, streams: [ref], src, resources: obj.dict.lookupMaybe(N('Resources'), PDFDict) }
  }
  if (!(obj instanceof PDFDict))
    return undefined
  const contents = obj.get(N('Contents'))
  const refs = contents instanceof PDFArray ? contents.asArray() : [contents]
  if (!refs.every(r => r instanceof PDFRef))
    return undefined
  const parts: string[] = []
  for (const r of refs as PDFRef[]) {
    const stream = doc.context.lookup(r)
    const src = stream instanceof PDFRawStream ? decodeStream(stream) : undefined
    if (src === undefined)
      return undefined
    parts.push(src)
  }
  return { ref, dict: obj, streams: refs as PDFRef[], src: parts.join('\n'), resources: obj.lookupMaybe(N('Resources'), PDFDict) }
}

/** Decodes shown strings through each font's ToUnicode map (two-byte codes for composite fonts). */
function textDecoder(doc: PDFDocument, resources: PDFDict | undefined, cache: Map<PDFObject, { width: number, map: Map<number, string> }>): TextDecoder {
  const fonts = resources?.lookupMaybe(N('Font'), PDFDict)
  return (name, bytes) => {
    const ref = fonts?.get(N(name.replace(/^\//, '')))
    if (!ref)
      return ''
    let font = cache.get(ref)
    if (!font) {
      const dict = doc.context.lookup(ref)
      const toUnicode = dict instanceof PDFDict ? doc.context.lookup(dict.get(N('ToUnicode'))) : undefined
      const cmap = toUnicode instanceof PDFRawStream ? decodeStream(toUnicode) : undefined
      font = {
        width: dict instanceof PDFDict && nameOf(dict.get(N('Subtype'))) === 'Type0' ? 2 : 1,
        map: cmap ? parseToUnicode(cmap) : new Map(),
      }
      cache.set(ref, font)
    }
    let out = ''
    for (let i = 0; i + font.width <= bytes.length; i += font.width)
      out += font.map.get(font.width === 2 ? (bytes[i]! << 8) | bytes[i + 1]! : bytes[i]!) ?? ''
    return out
  }
}

function writeOwner(doc: PDFDocument, owner: Owner, src: string): void {
  const bytes = deflateSync(Buffer.from(src, 'latin1'))
  const target = owner.streams[0]!
  const old = doc.context.lookup(target) as PDFRawStream
  const dict = old.dict.clone(doc.context)
  dict.set(N('Filter'), N('FlateDecode'))
  dict.delete(N('DecodeParms'))
  dict.set(N('Length'), PDFNumber.of(bytes.length))
  doc.context.assign(target, PDFRawStream.of(dict, bytes))
  if (owner.streams.length > 1) {
    owner.dict.set(N('Contents'), target)
    owner.streams.slice(1).forEach(r => doc.context.delete(r))
  }
}

function writeTree(doc: PDFDocument, node: Node, parent: PDFRef): void {
  const { dict } = node
  dict.set(S, N(node.type))
  dict.set(P, parent)
  const kids = node.kids.map((kid) => {
    if (kid.kind === 'elem') {
      writeTree(doc, kid.node, node.ref)
      return kid.node.ref
    }
    if (kid.kind === 'mc' && kid.raw instanceof PDFNumber) {
      // A bare MCID belongs to the element's /Pg; after moving, say so explicitly.
      const pg = dict.get(PG)
      if (!(pg instanceof PDFRef) || pg !== kid.owner)
        return doc.context.obj({ Type: 'MCR', Pg: kid.owner, MCID: kid.mcid })
    }
    return kid.raw
  })
  if (kids.length === 1)
    dict.set(K, kids[0]!)
  else
    dict.set(K, doc.context.obj(kids))
}

function collect(node: Node, visit: (kid: McKid, node: Node) => void, nodes: Set<PDFRef>): void {
  nodes.add(node.ref)
  for (const kid of node.kids) {
    if (kid.kind === 'elem')
      collect(kid.node, visit, nodes)
    else if (kid.kind === 'mc')
      visit(kid, node)
  }
}

/** The entries of a number tree, flattened. */
function numberTreeEntries(doc: PDFDocument, tree: PDFDict): Array<[number, PDFObject]> {
  const out: Array<[number, PDFObject]> = []
  const nums = tree.lookupMaybe(N('Nums'), PDFArray)
  if (nums) {
    for (let i = 0; i + 1 < nums.size(); i += 2) {
      const key = nums.get(i)
      if (key instanceof PDFNumber)
        out.push([key.asNumber(), nums.get(i + 1)])
    }
  }
  const kids = tree.lookupMaybe(N('Kids'), PDFArray)
  kids?.asArray().forEach((k) => {
    const child = doc.context.lookup(k)
    if (child instanceof PDFDict)
      out.push(...numberTreeEntries(doc, child))
  })
  return out
}

function dropNumberTree(doc: PDFDocument, value: PDFObject | undefined): void {
  if (!(value instanceof PDFRef))
    return
  const node = doc.context.lookup(value)
  doc.context.delete(value)
  if (node instanceof PDFDict)
    node.lookupMaybe(N('Kids'), PDFArray)?.asArray().forEach(k => dropNumberTree(doc, k))
}

export interface TidyResult {
  before: TagCounts
  after: TagCounts
}

export function tidyStructure(doc: PDFDocument): TidyResult | undefined {
  const root = doc.catalog.lookupMaybe(N('StructTreeRoot'), PDFDict)
  const top = root?.get(K)
  if (!root || !(top instanceof PDFRef))
    return undefined
  const tree = readTree(doc, top, undefined, new Set())
  if (!tree)
    return undefined
  const oldNodes = new Set<PDFRef>()
  collect(tree, () => {}, oldNodes)
  const before = countTypes([tree])

  // What each tagged sequence draws, per page or form.
  const owners = new Map<PDFRef, Owner | undefined>()
  const analysed = new Map<PDFRef, ContentAnalysis>()
  const fontCache = new Map<PDFObject, { width: number, map: Map<number, string> }>()
  const ownerOf = (ref: PDFRef) => {
    if (!owners.has(ref)) {
      const owner = loadOwner(doc, ref)
      owners.set(ref, owner)
      if (owner)
        analysed.set(ref, analyseContent(owner.src, textDecoder(doc, owner.resources, fontCache)))
    }
    return owners.get(ref)
  }
  doc.getPages().forEach(page => ownerOf(page.ref))
  const isDecorative = (kid: McKid) => {
    if (!ownerOf(kid.owner))
      return false
    const drawn = analysed.get(kid.owner)?.mcids.get(kid.mcid)
    // A sequence the stream does not have draws nothing: nothing to keep either.
    return !drawn || (!drawn.text && !drawn.xobject)
  }

  const chars = (kid: McKid) => (ownerOf(kid.owner) && analysed.get(kid.owner)?.mcids.get(kid.mcid)?.chars) || ''
  markLanguage(doc, tree, chars)
  describeLinks(doc, tree, chars)
  retypeFigures(tree)
  const artifacts: McKid[] = []
  tidy(tree, 'Document', isDecorative, artifacts)
  if (tree.type === 'NonStruct')
    tree.type = 'Document'
  wrapListBodies(doc, tree)
  // The root's /K points at the top element, whose parent is the root itself.
  writeTree(doc, tree, doc.catalog.get(N('StructTreeRoot')) as PDFRef)

  // Content streams: artifacts in place of decorative sequences, and around untagged painting.
  const artifactsByOwner = new Map<PDFRef, Set<number>>()
  for (const kid of artifacts) {
    const set = artifactsByOwner.get(kid.owner) ?? new Set<number>()
    set.add(kid.mcid)
    artifactsByOwner.set(kid.owner, set)
  }
  for (const [ref, owner] of owners) {
    if (!owner)
      continue
    const changed = analysed.get(ref)!.markArtifacts(artifactsByOwner.get(ref) ?? new Set())
    if (changed !== undefined)
      writeOwner(doc, owner, changed)
  }

  // The parent tree, rebuilt: for each page or form, the element that owns each MCID.
  const parentTree = root.lookupMaybe(N('ParentTree'), PDFDict)
  const entries = parentTree ? numberTreeEntries(doc, parentTree) : []
  const owning = new Map<number, PDFRef[]>()
  const newNodes = new Set<PDFRef>()
  const keyOf = (owner: PDFRef) => {
    const dict = doc.context.lookup(owner)
    const d = dict instanceof PDFRawStream ? dict.dict : dict
    const key = d instanceof PDFDict ? d.get(N('StructParents')) : undefined
    return key instanceof PDFNumber ? key.asNumber() : undefined
  }
  collect(tree, (kid, node) => {
    const key = keyOf(kid.owner)
    if (key === undefined)
      return
    const list = owning.get(key) ?? []
    list[kid.mcid] = node.ref
    owning.set(key, list)
  }, newNodes)
  const nums: PDFObject[] = []
  const keys = new Set([...entries.map(([k]) => k), ...owning.keys()])
  for (const key of [...keys].sort((a, b) => a - b)) {
    const list = owning.get(key)
    const old = entries.find(([k]) => k === key)?.[1]
    const oldValue = old instanceof PDFRef ? doc.context.lookup(old) : old
    if (list) {
      nums.push(PDFNumber.of(key), doc.context.register(doc.context.obj(Array.from(list, r => r ?? PDFNull))))
    }
    else if (old && !(oldValue instanceof PDFArray)) {
      nums.push(PDFNumber.of(key), old) // an annotation's /StructParent: kept as is
    }
  }
  for (const [, value] of entries) {
    if (value instanceof PDFRef && doc.context.lookup(value) instanceof PDFArray)
      doc.context.delete(value)
  }
  dropNumberTree(doc, root.get(N('ParentTree')))
  root.set(N('ParentTree'), doc.context.register(doc.context.obj({ Nums: nums })))

  const roleMap = root.lookupMaybe(N('RoleMap'), PDFDict) ?? doc.context.obj({})
  const after = countTypes([tree])
  for (const [type, role] of Object.entries(ROLE_MAP)) {
    if (after[type] && !roleMap.has(N(type)))
      roleMap.set(N(type), N(role))
  }
  if (roleMap.keys().length)
    root.set(N('RoleMap'), roleMap)

  for (const ref of oldNodes) {
    if (!newNodes.has(ref))
      doc.context.delete(ref)
  }
  return { before, after }
}
