/**
 * The tidying of the structure tree Chromium writes into a PDF (see the comment on `tidyStructure`):
 * the passes in their order. The tree model is in pdf-struct-tree.ts, what the content streams
 * draw in pdf-streams.ts, and the rules themselves in pdf-tag-rules.ts.
 */
import { PDFDict, PDFRef } from 'pdf-lib'
import type { PDFDocument } from 'pdf-lib'
import { K, N, collect, countTypes, readTree, rebuildParentTree, writeTree } from './pdf-struct-tree'
import type { McKid, TagCounts } from './pdf-struct-tree'
import { readTaggedContent } from './pdf-streams'
import { ROLE_MAP, describeLinks, markLanguage, retypeFigures, tidy, wrapListBodies } from './pdf-tag-rules'

export type { TagCounts }

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
  const { isDecorative, chars, markArtifacts } = readTaggedContent(doc)

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
  markArtifacts(artifacts)

  // The parent tree, rebuilt: for each page or form, the element that owns each MCID.
  const newNodes = rebuildParentTree(doc, root, tree)

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
