/**
 * The content streams a structure tree points into (a page's /Contents or a form XObject):
 * decoded, read through their fonts' ToUnicode maps to tell what each marked-content sequence
 * draws (`readTaggedContent`), and written back, deflated, where sequences become artifacts.
 * The parsing of the operators themselves is in pdf-content.ts.
 */
import { inflateSync, deflateSync } from 'node:zlib'
import { PDFArray, PDFDict, PDFNumber, PDFRawStream, PDFRef } from 'pdf-lib'
import type { PDFDocument, PDFObject } from 'pdf-lib'
import { analyseContent, parseToUnicode } from './pdf-content'
import type { ContentAnalysis, TextDecoder } from './pdf-content'
import { N, nameOf } from './pdf-struct-tree'
import type { McKid } from './pdf-struct-tree'

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

/** What the tagged sequences of a document draw, read once per page or form. */
export interface TaggedContent {
  /** The sequence shows no text and places no XObject (or is not in its stream at all). */
  isDecorative: (kid: McKid) => boolean
  /** The text the sequence shows, '' when its content could not be read. */
  chars: (kid: McKid) => string
  /**
   * Rewrites the streams read so far: the given sequences become artifacts, as does painting
   * in no sequence. A stream that needs no change is left as it was.
   */
  markArtifacts: (artifacts: McKid[]) => void
}

/** Reads the content of every page now, and of a form XObject when a sequence first points into it. */
export function readTaggedContent(doc: PDFDocument): TaggedContent {
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
  const markArtifacts = (artifacts: McKid[]) => {
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
  }
  return { isDecorative, chars, markArtifacts }
}
