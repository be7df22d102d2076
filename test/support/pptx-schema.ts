/**
 * Validates every XML part of a PowerPoint package against the ISO/IEC 29500 schemas in
 * ../shared/ooxml/ with xmllint (Debian libxml2-utils), and reports each error with its part,
 * line and element. Which schema checks which part is in `schemaFor`.
 *
 * docProps/core.xml: the OPC core-properties schema imports the Dublin Core schemas from the
 * web, which xmllint cannot reach here; a copy of it is pointed at the local stand-ins in
 * ./ooxml/ (the Dublin Core elements and the two dates with their W3CDTF type).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { PackageProblem } from '../../scripts/export/pptx/pptx-verify'

/** The schemas: ../shared/ooxml/ beside the repository, or the folder OOXML_SCHEMAS names. */
export const OOXML_DIR = process.env.OOXML_SCHEMAS
  ? path.resolve(process.env.OOXML_SCHEMAS)
  : path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'ooxml')
const STAND_INS = path.join(import.meta.dirname, 'ooxml')

/** Why the schema checks cannot run here, or undefined when they can. */
export function schemaSkipReason(dir = OOXML_DIR): string | undefined {
  if (!existsSync(path.join(dir, 'transitional', 'pml.xsd')))
    return `the OOXML schemas are not at ${dir} (see shared/ooxml/README.md)`
  if (spawnSync('xmllint', ['--version'], { stdio: 'ignore' }).status !== 0)
    return 'xmllint is not installed: apt-get install libxml2-utils (.ci/run does)'
  return undefined
}

/** The schema (relative to the schema folder) that checks a part, or undefined for a part none covers. */
export function schemaFor(part: string): string | undefined {
  if (part === '[Content_Types].xml')
    return 'opc/opc-contentTypes.xsd'
  if (part.endsWith('.rels'))
    return 'opc/opc-relationships.xsd'
  if (part === 'docProps/core.xml')
    return 'opc/opc-coreProperties.xsd'
  if (part === 'docProps/app.xml')
    return 'transitional/shared-documentPropertiesExtended.xsd'
  if (/^ppt\/charts\/chart\d+\.xml$/.test(part))
    return 'transitional/dml-chart.xsd'
  if (/^ppt\/theme\/theme\d+\.xml$/.test(part) || part === 'ppt/tableStyles.xml')
    return 'transitional/dml-main.xsd'
  if (/^ppt\/((slides|slideLayouts|slideMasters|notesSlides|notesMasters|handoutMasters)\/\w+\d+\.xml|presentation\.xml|presProps\.xml|viewProps\.xml)$/.test(part))
    return 'transitional/pml.xsd'
  return undefined
}

/**
 * The one known difference between the schemas and PowerPoint: ECMA-376's schemas give
 * `a:buSzPct` the pattern `NN%`, while PowerPoint writes and reads an integer in thousandths of
 * a percent (`val="100000"`), as pptxgenjs does. Only that element with an integer value is
 * allowed; any other `a:buSzPct` error still counts.
 */
export function isAllowedDifference(problem: PackageProblem): boolean {
  return problem.element === 'buSzPct' && /attribute 'val': \[facet 'pattern'\] The value '\d+' is not accepted/.test(problem.message)
}

export interface SchemaResult {
  /** Schema errors, the allowed difference excluded. */
  errors: PackageProblem[]
  /** Errors that are the allowed difference (isAllowedDifference). */
  allowed: PackageProblem[]
  /** Parts checked, by schema. */
  checked: Record<string, string[]>
  /** XML parts no schema covers. */
  unchecked: string[]
}

const ERROR_LINE = /^(.+?):(\d+): element ([^:]+): Schemas validity error : (.*)$/

/** Validates the XML parts of a package (name → text) against the schemas in `dir`. */
export function validateParts(texts: ReadonlyMap<string, string>, dir = OOXML_DIR): SchemaResult {
  const work = mkdtempSync(path.join(os.tmpdir(), 'pptx-schema-'))
  try {
    const parts = path.join(work, 'parts')
    const checked: Record<string, string[]> = {}
    const unchecked: string[] = []
    for (const [name, text] of texts) {
      const schema = schemaFor(name)
      if (!schema) {
        unchecked.push(name)
        continue
      }
      mkdirSync(path.dirname(path.join(parts, name)), { recursive: true })
      writeFileSync(path.join(parts, name), text)
      ;(checked[schema] ??= []).push(name)
    }
    const errors: PackageProblem[] = []
    const allowed: PackageProblem[] = []
    for (const [schema, names] of Object.entries(checked)) {
      let schemaFile = path.join(dir, schema)
      if (schema === 'opc/opc-coreProperties.xsd') {
        schemaFile = path.join(work, 'opc-coreProperties.xsd')
        const text = readFileSync(path.join(dir, schema), 'utf8')
          .replace(/schemaLocation="http:\/\/dublincore\.org\/schemas\/xmls\/qdc\/2003\/04\/02\/(dc|dcterms)\.xsd"/g, (_, n: string) => `schemaLocation="${path.join(STAND_INS, `${n}.xsd`)}"`)
          .replace(/(<xs:import id="xml" namespace="http:\/\/www\.w3\.org\/XML\/1998\/namespace")\/>/, `$1 schemaLocation="${path.join(STAND_INS, 'xml.xsd')}"/>`)
        writeFileSync(schemaFile, text)
      }
      const run = spawnSync('xmllint', ['--nonet', '--noout', '--schema', schemaFile, ...names], { cwd: parts, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      if (run.error)
        throw run.error
      const unexplained: string[] = []
      for (const line of run.stderr.split('\n')) {
        const m = ERROR_LINE.exec(line)
        if (m) {
          const problem = { part: m[1]!, line: Number(m[2]), element: m[3]!, message: m[4]! }
          ;(isAllowedDifference(problem) ? allowed : errors).push(problem)
        }
        else if (line.trim() && !/ (validates|fails to validate)$/.test(line)) {
          unexplained.push(line)
        }
      }
      // Anything else xmllint says (a schema that does not compile, a part that does not parse) is an error too.
      if (unexplained.length || (run.status !== 0 && run.status !== 3))
        throw new Error(`xmllint with ${schema} (exit ${run.status}):\n${unexplained.join('\n')}`)
    }
    return { errors, allowed, checked, unchecked }
  }
  finally {
    rmSync(work, { recursive: true, force: true })
  }
}
