/**
 * Finishes the PDF Chromium printed (see `finishPdf`): document info, language and XMP, bookmarks
 * of the slides, stable bytes, and the tidied structure tree (pdf-tags.ts).
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString } from 'pdf-lib'
import type { PDFObject } from 'pdf-lib'
import { tidyStructure } from './pdf-tags'
import { buildXmp } from './pdf-xmp'

export interface PdfMetadata {
  title: string
  author?: string
  subject?: string
  keywords?: string[]
  /** BCP 47 language tag written to the catalog's /Lang. */
  lang: string
  creator?: string
  producer?: string
  /** Used for both CreationDate and ModDate, so the same input gives the same bytes. */
  date: Date
}

export interface OutlineItem {
  title: string
  /** 0-based page the entry jumps to. */
  pageIndex: number
}

export interface FinishOptions {
  metadata: PdfMetadata
  outline?: OutlineItem[]
  /**
   * Exact page size in points. Chromium rounds paper sizes to its own grid, so
   * the page it prints is a little larger; content is anchored at the top-left
   * corner, and the box is trimmed from the right and the bottom.
   */
  pageSize?: { width: number, height: number }
}

const text = (value: string) => PDFHexString.fromText(value)

/** The document info dictionary (pdf-lib creates it on load when missing). */
function infoDict(doc: PDFDocument): PDFDict {
  const existing = doc.context.lookupMaybe(doc.context.trailerInfo.Info, PDFDict)
  if (existing)
    return existing
  const created = doc.context.obj({})
  doc.context.trailerInfo.Info = doc.context.register(created)
  return created
}

function buildOutline(doc: PDFDocument, items: OutlineItem[]): PDFRef | undefined {
  const pages = doc.getPages()
  const usable = items.filter(i => pages[i.pageIndex])
  if (!usable.length)
    return undefined
  const context = doc.context
  const rootRef = context.nextRef()
  const refs = usable.map(() => context.nextRef())
  usable.forEach((item, i) => {
    const entry: Record<string, PDFObject> = {
      Title: text(item.title),
      Parent: rootRef,
      Dest: context.obj([pages[item.pageIndex]!.ref, PDFName.of('Fit')]),
    }
    if (i > 0)
      entry.Prev = refs[i - 1]!
    if (i < refs.length - 1)
      entry.Next = refs[i + 1]!
    context.assign(refs[i]!, context.obj(entry))
  })
  context.assign(rootRef, context.obj({
    Type: 'Outlines',
    First: refs[0]!,
    Last: refs[refs.length - 1]!,
    Count: PDFNumber.of(refs.length),
  }))
  return rootRef
}

function trimPages(doc: PDFDocument, size: { width: number, height: number }): void {
  for (const page of doc.getPages()) {
    const box = page.getMediaBox()
    const top = box.y + box.height
    const width = Math.min(size.width, box.width)
    const height = Math.min(size.height, box.height)
    page.setMediaBox(box.x, top - height, width, height)
    page.node.delete(PDFName.of('CropBox'))
  }
}

function textOf(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFHexString || value instanceof PDFString ? value.decodeText() : undefined
}

/** Attribute dictionaries of a structure element: /A holds one, or an array of them (possibly by reference). */
function attributeDicts(doc: PDFDocument, elem: PDFDict): PDFDict[] {
  const a = doc.context.lookup(elem.get(PDFName.of('A')))
  if (a instanceof PDFDict)
    return [a]
  if (a instanceof PDFArray)
    return a.asArray().map(v => doc.context.lookup(v)).filter((v): v is PDFDict => v instanceof PDFDict)
  return []
}

/**
 * Chromium names structure elements that others point at (table header cells,
 * referenced from data cells' /Headers) after its accessibility node ids,
 * which differ from run to run. They are renamed in document order, and the
 * ID tree is rewritten to match, so tagged tables come out the same each time.
 */
function renumberStructureIds(doc: PDFDocument): void {
  const ID = PDFName.of('ID')
  const elems: Array<[PDFRef, PDFDict]> = []
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
    if (obj instanceof PDFDict && obj.get(PDFName.of('Type')) === PDFName.of('StructElem'))
      elems.push([ref, obj])
  }
  elems.sort((a, b) => a[0].objectNumber - b[0].objectNumber)
  const renamed = new Map<string, string>()
  const named: Array<[string, PDFRef]> = []
  for (const [ref, elem] of elems) {
    const old = textOf(elem.get(ID))
    if (old === undefined)
      continue
    const fresh = `e${String(renamed.size + 1).padStart(6, '0')}`
    renamed.set(old, fresh)
    elem.set(ID, PDFString.of(fresh))
    named.push([fresh, ref])
  }
  if (!renamed.size)
    return
  for (const [, elem] of elems) {
    for (const attrs of attributeDicts(doc, elem)) {
      const headers = doc.context.lookup(attrs.get(PDFName.of('Headers')))
      if (!(headers instanceof PDFArray))
        continue
      for (let i = 0; i < headers.size(); i++) {
        const old = textOf(headers.get(i))
        const fresh = old === undefined ? undefined : renamed.get(old)
        if (fresh)
          headers.set(i, PDFString.of(fresh))
      }
    }
  }
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict)
  if (root) {
    // The old tree still spells the old names; unreferenced objects would be written anyway.
    const drop = (value: PDFObject | undefined) => {
      if (value instanceof PDFRef) {
        const node = doc.context.lookup(value)
        doc.context.delete(value)
        if (node instanceof PDFDict)
          drop(node.get(PDFName.of('Kids')))
      }
      else if (value instanceof PDFArray) {
        value.asArray().forEach(drop)
      }
      else if (value instanceof PDFDict) {
        drop(value.get(PDFName.of('Kids')))
      }
    }
    drop(root.get(PDFName.of('IDTree')))
    // Zero-padded names sort in document order, as a name tree requires.
    const names = doc.context.obj(named.flatMap(([name, ref]) => [PDFString.of(name), ref]))
    root.set(PDFName.of('IDTree'), doc.context.register(doc.context.obj({ Names: names })))
  }
}

/**
 * Turns the PDF Chromium printed into the one that ships: document info and
 * language from the deck, bookmarks that match the slides, exact page boxes,
 * and nothing that changes from run to run (dates are fixed, the file /ID is
 * dropped, objects are written in a stable order without object streams).
 * Chromium's structure tree (tagging) is tidied to say what the slides mean
 * (see pdf-tags.ts), and XMP metadata with the PDF/UA-1 identifier is added.
 */
export interface FinishedPdf {
  bytes: Uint8Array
  pages: number
  /** Has a structure tree (/StructTreeRoot), i.e. Chromium tagged it. */
  tagged: boolean
}

export async function finishPdf(bytes: Uint8Array, options: FinishOptions): Promise<FinishedPdf> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false })
  const { metadata } = options
  doc.setTitle(metadata.title, { showInWindowTitleBar: true })
  if (metadata.author)
    doc.setAuthor(metadata.author)
  if (metadata.subject)
    doc.setSubject(metadata.subject)
  const info = infoDict(doc)
  if (metadata.keywords?.length)
    info.set(PDFName.of('Keywords'), text(metadata.keywords.join(', ')))
  const creatorTool = metadata.creator ?? 'deck export'
  const producer = metadata.producer ?? 'Chromium (Skia/PDF) and pdf-lib'
  doc.setCreator(creatorTool)
  doc.setProducer(producer)
  doc.setCreationDate(metadata.date)
  doc.setModificationDate(metadata.date)
  doc.catalog.set(PDFName.of('Lang'), PDFString.of(metadata.lang))
  // PDF/UA-1 wants the same facts in XMP, with its own identifier; written uncompressed, as XMP is meant to be findable.
  const xmp = new TextEncoder().encode(buildXmp({ ...metadata, creatorTool, producer }))
  const xmpStream = doc.context.stream(xmp, { Type: 'Metadata', Subtype: 'XML', Length: xmp.length })
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(xmpStream))
  if (doc.catalog.has(PDFName.of('StructTreeRoot')))
    doc.catalog.set(PDFName.of('MarkInfo'), doc.context.obj({ Marked: true }))
  for (const page of doc.getPages())
    page.node.set(PDFName.of('Tabs'), PDFName.of('S'))

  if (options.pageSize)
    trimPages(doc, options.pageSize)

  if (options.outline) {
    doc.catalog.delete(PDFName.of('Outlines'))
    const outline = buildOutline(doc, options.outline)
    if (outline) {
      doc.catalog.set(PDFName.of('Outlines'), outline)
      doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'))
    }
  }

  tidyStructure(doc)
  renumberStructureIds(doc)
  // The /ID pair is derived from time and randomness; it is optional for unencrypted files.
  doc.context.trailerInfo.ID = undefined
  const out = await doc.save({ useObjectStreams: false, addDefaultPage: false })
  return { bytes: out, pages: doc.getPageCount(), tagged: doc.catalog.has(PDFName.of('StructTreeRoot')) }
}
