/**
 * Corrections to the package pptxgenjs 4.0.1 writes, so that PowerPoint opens it without
 * offering to repair it. Each correction touches only the parts that pptxgenjs gets wrong, and
 * each is a pure function of the text it is given, so the same input gives the same bytes:
 *
 * - `[Content_Types].xml`: an `Override` per slide for slide masters that do not exist
 *   (pptxgenjs #1444) and `Default`s for media the file does not hold (#1449) are dropped;
 * - `ppt/presentation.xml`: `p:notesMasterIdLst` is moved before `p:sldIdLst`, where pml.xsd
 *   wants it;
 * - charts: a 2-D bar, line or area chart names exactly two axes; pptxgenjs adds a third (the
 *   series axis of 3-D charts), which dml-chart.xsd refuses;
 * - slides, layouts, masters: every `p:sp` gets a `p:txBody` (#1441), every `p:bgPr` an
 *   `a:effectLst` (#1442), and an `a:ln` with nothing in it says `a:noFill`, which is what it
 *   meant for a shape without a style;
 * - the notes master: its six placeholders, which PowerPoint strips on repair (#1443), are
 *   dropped, and it gets its own theme part instead of the slides' (#1449).
 *
 * The test file test/pptx-package.test.ts holds a canary for each: it fails the day a new
 * pptxgenjs stops writing the defect, so the correction can be retired.
 */
import JSZip from 'jszip'
import { readPackageParts } from './pptx-verify'

/** The pptxgenjs version these corrections were written against (see the canary tests). */
export const PPTXGENJS_CORRECTED_VERSION = '4.0.1'

export const NOTES_MASTER = 'ppt/notesMasters/notesMaster1.xml'
export const NOTES_MASTER_RELS = 'ppt/notesMasters/_rels/notesMaster1.xml.rels'
export const SLIDE_THEME = 'ppt/theme/theme1.xml'
/** The notes master's own theme, a copy of the slides' theme written as a new part. */
export const NOTES_THEME = 'ppt/theme/theme2.xml'
const THEME_TYPE = 'application/vnd.openxmlformats-officedocument.theme+xml'

/**
 * Drops every `Override` whose part is not in the package and every `Default` whose extension
 * no part has, and declares the parts in `added` (name → content type) that have no type yet.
 */
export function correctContentTypes(xml: string, parts: readonly string[], added: Record<string, string> = {}): string {
  const names = new Set(parts.map(p => `/${p}`.toLowerCase()))
  const extensions = new Set(parts.map(p => /\.([^./]+)$/.exec(p)?.[1]?.toLowerCase()).filter(Boolean))
  let out = xml
    .replace(/\s*<Override\b[^>]*\bPartName="([^"]*)"[^>]*\/>/g, (m, name: string) => (names.has(name.toLowerCase()) ? m : ''))
    .replace(/\s*<Default\b[^>]*\bExtension="([^"]*)"[^>]*\/>/g, (m, ext: string) => (extensions.has(ext.toLowerCase()) ? m : ''))
  for (const [part, type] of Object.entries(added)) {
    if (!out.includes(`PartName="/${part}"`))
      out = out.replace('</Types>', `<Override PartName="/${part}" ContentType="${type}"/></Types>`)
  }
  return out
}

/** Puts `p:notesMasterIdLst` right after `p:sldMasterIdLst`, the order pml.xsd requires. */
export function correctPresentation(xml: string): string {
  const list = /<p:notesMasterIdLst>[\s\S]*?<\/p:notesMasterIdLst>/.exec(xml)?.[0]
  if (!list || xml.indexOf(list) < xml.indexOf('</p:sldMasterIdLst>'))
    return xml
  return xml.replace(list, '').replace('</p:sldMasterIdLst>', `</p:sldMasterIdLst>${list}`)
}

/** Keeps the first two `c:axId` of each 2-D bar, line or area chart: its category and value axes. */
export function correctChart(xml: string): string {
  return xml.replace(/<c:(bar|line|area)Chart>([\s\S]*?)<\/c:\1Chart>/g, (_, kind: string, body: string) => {
    let seen = 0
    const kept = body.replace(/<c:axId val="[^"]*"\/>/g, (m) => {
      seen += 1
      return seen <= 2 ? m : ''
    })
    return `<c:${kind}Chart>${kept}</c:${kind}Chart>`
  })
}

/** What PowerPoint itself writes into a shape that holds no text. */
const EMPTY_TEXT_BODY = '<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody>'

/**
 * In a slide, layout or master: gives each `p:sp` a text body (after its `p:spPr`/`p:style`,
 * before any `p:extLst`), each `p:bgPr` an effect list after its fill, and each empty `a:ln`
 * an explicit `a:noFill`.
 */
export function correctShapes(xml: string): string {
  return xml
    .replace(/<p:sp>([\s\S]*?)<\/p:sp>/g, (m, body: string) => {
      if (body.includes('<p:txBody>') || body.includes('<p:txBody ') || body.includes('<p:ph type="sldImg"'))
        return m
      const ext = body.search(/<p:extLst[\s/>]/)
      return ext < 0
        ? `<p:sp>${body}${EMPTY_TEXT_BODY}</p:sp>`
        : `<p:sp>${body.slice(0, ext)}${EMPTY_TEXT_BODY}${body.slice(ext)}</p:sp>`
    })
    .replace(/<p:bgPr>([\s\S]*?)<\/p:bgPr>/g, (m, body: string) => (/<a:effect(Lst|Dag)\b/.test(body) ? m : `<p:bgPr>${body}<a:effectLst/></p:bgPr>`))
    .replace(/<a:ln((?:\s[^>]*)?)(?:\/>|><\/a:ln>)/g, '<a:ln$1><a:noFill/></a:ln>')
}

/** The notes master as PowerPoint leaves it after a repair: background, empty shape tree, colour map, styles. */
export function correctNotesMaster(xml: string): string {
  return xml.replace(/(<p:spTree>[\s\S]*?<\/p:grpSpPr>)[\s\S]*?(<\/p:spTree>)/, '$1$2')
}

/** Points the notes master's theme relationship at its own theme part. */
export function correctNotesMasterRels(xml: string): string {
  return xml.replace(/Target="\.\.\/theme\/theme1\.xml"/, `Target="../theme/${NOTES_THEME.split('/').pop()}"`)
}

/**
 * Applies every correction to the parts of a package, given as name → text for XML parts
 * (the names of binary parts are in `binary`). Returns the corrected texts, new parts included.
 */
export function correctPackage(parts: ReadonlyMap<string, string>, binary: readonly string[]): Map<string, string> {
  const out = new Map(parts)
  const added: Record<string, string> = {}
  const theme = parts.get(SLIDE_THEME)
  const notesRels = parts.get(NOTES_MASTER_RELS)
  if (theme !== undefined && notesRels?.includes('../theme/theme1.xml') && !parts.has(NOTES_THEME)) {
    out.set(NOTES_THEME, theme)
    added[NOTES_THEME] = THEME_TYPE
    out.set(NOTES_MASTER_RELS, correctNotesMasterRels(notesRels))
  }
  for (const [name, text] of parts) {
    if (name === 'ppt/presentation.xml')
      out.set(name, correctPresentation(text))
    else if (/^ppt\/charts\/chart\d+\.xml$/.test(name))
      out.set(name, correctChart(text))
    else if (/^ppt\/(slides\/slide|slideLayouts\/slideLayout|slideMasters\/slideMaster)\d+\.xml$/.test(name))
      out.set(name, correctShapes(text))
    else if (name === NOTES_MASTER)
      out.set(name, correctNotesMaster(text))
  }
  const types = out.get('[Content_Types].xml')
  if (types !== undefined)
    out.set('[Content_Types].xml', correctContentTypes(types, [...out.keys(), ...binary], added))
  return out
}

/** Reads a package, corrects it (see `correctPackage`) and writes it again, uncompressed: `normalizePptx` compresses it. */
export async function correctPptx(bytes: Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes)
  const { texts, binary } = await readPackageParts(zip)
  const out = new JSZip()
  const corrected = correctPackage(texts, binary)
  for (const name of Object.keys(zip.files)) {
    if (zip.files[name]!.dir)
      continue
    out.file(name, corrected.get(name) ?? await zip.files[name]!.async('uint8array'), { createFolders: false })
  }
  for (const [name, text] of corrected) {
    if (!(name in zip.files))
      out.file(name, text, { createFolders: false })
  }
  return out.generateAsync({ type: 'uint8array', compression: 'STORE' })
}
