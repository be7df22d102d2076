/**
 * A PDF's structure tree as plain objects the tidying can rearrange: read from the catalog's
 * /StructTreeRoot (`readTree`), counted by type, written back into the same dictionaries
 * (`writeTree`), and the parent tree, a number tree, rebuilt to match (`rebuildParentTree`).
 */
import { PDFArray, PDFDict, PDFName, PDFNull, PDFNumber, PDFRawStream, PDFRef } from 'pdf-lib'
import type { PDFDocument, PDFObject } from 'pdf-lib'

export const N = (name: string) => PDFName.of(name)
export const S = N('S')
export const K = N('K')
const P = N('P')
const PG = N('Pg')
const MCID = N('MCID')
const STM = N('Stm')
export const TYPE = N('Type')

/** A marked-content sequence an element owns: its MCID in the content of a page or form. */
export interface McKid { kind: 'mc', mcid: number, owner: PDFRef, raw: PDFObject }
/** Any other kid (an annotation's /OBJR, or anything not understood), kept as written. */
export interface OtherKid { kind: 'other', raw: PDFObject }
export interface ElemKid { kind: 'elem', node: Node }
export type Kid = McKid | OtherKid | ElemKid

export interface Node {
  ref: PDFRef
  dict: PDFDict
  type: string
  kids: Kid[]
}

export interface TagCounts { [type: string]: number }

export const nameOf = (value: PDFObject | undefined) => value instanceof PDFName ? value.decodeText() : ''

export function readTree(doc: PDFDocument, ref: PDFRef, inheritedPage: PDFRef | undefined, seen: Set<PDFRef>): Node | undefined {
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

export function countTypes(nodes: Node[], into: TagCounts = {}): TagCounts {
  for (const node of nodes) {
    into[node.type] = (into[node.type] ?? 0) + 1
    countTypes(node.kids.flatMap(k => k.kind === 'elem' ? [k.node] : []), into)
  }
  return into
}

export function writeTree(doc: PDFDocument, node: Node, parent: PDFRef): void {
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

/** Visits every marked-content kid with the element holding it, and adds every element's ref to `nodes`. */
export function collect(node: Node, visit: (kid: McKid, node: Node) => void, nodes: Set<PDFRef>): void {
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

/**
 * Replaces the root's parent tree with one that matches `tree`: for each page or form, the
 * element that owns each MCID. Entries that are not MCID arrays (an annotation's
 * /StructParent) are kept. Returns the refs of every element in `tree`.
 */
export function rebuildParentTree(doc: PDFDocument, root: PDFDict, tree: Node): Set<PDFRef> {
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
  return newNodes
}
