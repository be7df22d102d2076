/**
 * Canaries for every patch of Slidev's internals and every copy of its private code (all in
 * scripts/export/build/slidev-patches.ts): each reads the installed Slidev and fails, naming the Slidev
 * release, the file and the patch, when a patch would no longer apply or a copy no longer
 * matches the code it was copied from. Each canary is followed by a case that feeds its check
 * upstream text altered on purpose, so a canary that could never fail fails itself.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { PRINT_VIEW_CSS } from '../scripts/export/print/print-in-page'
import { ERROR_WATCH } from '../scripts/export/print/slide-faults'
import type { SourcePatch, UpstreamCopy } from '../scripts/export/build/slidev-patches'
import { DEFINE_SOURCE, ICONS_PLUGIN, INDEX_HTML_PLUGIN, LOAD_MODULE, LOAD_SETUPS, MARKUP_PATCHES, MONACO_TRANSFORMER, PRINT_BUILD_FLAGS, PREPARSER_SETUP, PRINT_RANGE_PATCH, RESOLVE_VITE_CONFIGS, SINGLE_FILE_FLAGS, SLIDEV_VERSION, applyPatch, errorWatchPatch, upstreamDigest } from '../scripts/export/build/slidev-patches'
import { clientSources, flagsNotDefined, flagsNotRead, installedPath, installedVersion, occurrences, upstreamText } from './support/slidev-upstream'

const CLI = `Slidev ${installedVersion('@slidev/cli')}`
const CLIENT = `@slidev/client ${installedVersion('@slidev/client')}`
const WRITTEN = `written against Slidev ${SLIDEV_VERSION}; see scripts/export/build/slidev-patches.ts`

/** The installed file's text, or why it cannot be read. */
function readUpstream(file: string): string | { problem: string } {
  try {
    return readFileSync(installedPath(file), 'utf8')
  }
  catch (error) {
    return { problem: `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` }
  }
}

/** Why `patch` would not apply to `code` (the installed `patch.file`), or undefined when it would. */
function patchProblem(patch: SourcePatch, code: string | { problem: string }): string | undefined {
  const where = `${CLIENT}: the patch "${patch.name}"`
  if (typeof code !== 'string')
    return `${where} has no file to apply to: ${code.problem} (${WRITTEN})`
  const patched = applyPatch(code, patch)
  if (patched === null)
    return `${where} no longer applies to ${patch.file}: ${String(patch.find)} occurs ${occurrences(code, patch.find)} times there, not ${patch.count ?? 1} (${WRITTEN})`
  if (patched === code)
    return `${where} changes nothing in ${patch.file} (${WRITTEN})`
  return undefined
}

/** The first occurrence of the patch's `find` in `code`, with one character changed. */
function breakAnchor(code: string, find: string | RegExp): string {
  const at = typeof find === 'string' ? code.indexOf(find) : code.search(find)
  const swap = code[at + 1] === 'X' ? 'Y' : 'X'
  return `${code.slice(0, at + 1)}${swap}${code.slice(at + 2)}`
}

/** The code with the patch's `find` occurring once more than it does. */
function repeatAnchor(code: string, find: string | RegExp): string {
  const match = typeof find === 'string' ? find : code.match(new RegExp(find.source, find.flags.replace('g', '')))![0]
  return `${code}\n${match}\n`
}

/** Why the copy no longer matches upstream (what was found: text or a problem), or undefined. */
function copyProblem(copy: UpstreamCopy, found: { file: string, text: string } | { problem: string }): string | undefined {
  const where = `${CLI}: the copy of ${copy.name} (${copy.source}) in ${copy.copy}`
  if ('problem' in found)
    return `${where} has nothing to compare with: ${found.problem} (${WRITTEN})`
  const digest = upstreamDigest(found.text)
  if (digest !== copy.digest)
    return `${where} no longer matches ${found.file}: its digest was ${copy.digest} and is now ${digest} (${WRITTEN}). Bring the copy in line with Slidev's code, then record the new digest:\n${found.text}`
  return undefined
}

/** Why the build's compile-time flags no longer do what they are set for, or undefined. */
function flagProblem(flags: readonly string[], define: { file: string, text: string } | { problem: string }, client: readonly { text: string }[]): string | undefined {
  const where = `${CLI}: the compile-time flags the export build sets (PRINT_BUILD_FLAGS, SINGLE_FILE_FLAGS)`
  if ('problem' in define)
    return `${where}: Slidev's ${DEFINE_SOURCE.name} (${DEFINE_SOURCE.source}) cannot be found: ${define.problem} (${WRITTEN})`
  const undefinedFlags = flagsNotDefined(define.text, flags)
  if (undefinedFlags.length)
    return `${where}: ${DEFINE_SOURCE.name} in ${define.file} no longer makes ${undefinedFlags.join(', ')} (${WRITTEN})`
  const unread = flagsNotRead(client, flags)
  if (unread.length)
    return `${where}: no file of ${CLIENT} reads ${unread.join(', ')} any more, so setting it changes nothing (${WRITTEN})`
  return undefined
}

const TEXT_PATCHES: SourcePatch[] = [PRINT_RANGE_PATCH, errorWatchPatch(ERROR_WATCH), ...MARKUP_PATCHES]

describe(`patches of Slidev's code (${CLI}, ${CLIENT})`, () => {
  for (const patch of TEXT_PATCHES) {
    const label = patch.name.split(':')[0]!
    it(`${label}: applies to the installed ${patch.file}`, () => {
      const problem = patchProblem(patch, readUpstream(patch.file))
      expect(problem, problem).toBeUndefined()
    })

    it(`${label}: the canary fails when ${patch.file} changes where the patch applies`, () => {
      const code = readUpstream(patch.file)
      expect(typeof code, `${patch.file} cannot be read`).toBe('string')
      expect(patchProblem(patch, breakAnchor(code as string, patch.find))).toMatch(new RegExp(`no longer applies to ${patch.file}`))
      expect(patchProblem(patch, repeatAnchor(code as string, patch.find))).toMatch(/occurs \d+ times there/)
      expect(patchProblem(patch, { problem: 'gone' })).toMatch(/has no file to apply to/)
    })
  }

  it('print range: the patch is what the export build applies to useNav.ts', () => {
    // The transform sees the file as it is on disk; the line it rewrites is the print range.
    const code = readUpstream(PRINT_RANGE_PATCH.file) as string
    const patched = applyPatch(code, PRINT_RANGE_PATCH)!
    expect(patched.split('\n').find(line => line.includes(PRINT_RANGE_PATCH.replace))).toMatch(/const printRange = ref\(parseRangeString\(/)
  })
})

describe(`copies of Slidev's private code (${CLI})`, () => {
  // Copies, and pieces of Slidev's code whose behaviour the export build relies on.
  for (const copy of [RESOLVE_VITE_CONFIGS, INDEX_HTML_PLUGIN, MONACO_TRANSFORMER, ICONS_PLUGIN, PREPARSER_SETUP, LOAD_SETUPS, LOAD_MODULE]) {
    it(`${copy.name}: the copy matches the installed ${copy.source}`, () => {
      const problem = copyProblem(copy, upstreamText(copy))
      expect(problem, problem).toBeUndefined()
    })

    it(`${copy.name}: the canary fails when Slidev's code changes`, () => {
      const found = upstreamText(copy)
      expect('text' in found, 'problem' in found ? found.problem : '').toBe(true)
      const { file, text } = found as { file: string, text: string }
      // Layout alone is not a change; one token is.
      expect(copyProblem(copy, { file, text: text.replace(/\n\t/g, '\n    ') })).toBeUndefined()
      expect(copyProblem(copy, { file, text: text.replace(/\b(options|roots|absolutePath)\b/, 'renamed') })).toMatch(/no longer matches .*its digest was/s)
      expect(copyProblem(copy, { problem: 'not found' })).toMatch(/has nothing to compare with/)
    })
  }
})

describe(`compile-time flags the export build sets (${CLI})`, () => {
  const flags = [...new Set([...Object.keys(PRINT_BUILD_FLAGS), ...Object.keys(SINGLE_FILE_FLAGS)])].sort()

  it(`Slidev still makes and reads ${flags.join(', ')}`, () => {
    const problem = flagProblem(flags, upstreamText(DEFINE_SOURCE), clientSources())
    expect(problem, problem).toBeUndefined()
  })

  it('the canary fails when Slidev stops making or reading a flag', () => {
    const define = upstreamText(DEFINE_SOURCE)
    expect('text' in define, 'problem' in define ? define.problem : '').toBe(true)
    const { file, text } = define as { file: string, text: string }
    const client = clientSources()
    for (const flag of flags) {
      const renamed = flag.replace('FEATURE', 'FEATURES')
      expect(flagProblem(flags, { file, text: text.replaceAll(flag, renamed) }, client)).toMatch(new RegExp(`no longer makes ${flag}`))
      expect(flagProblem(flags, { file, text }, client.map(s => ({ text: s.text.replaceAll(flag, renamed) })))).toMatch(new RegExp(`reads ${flag} any more`))
    }
    expect(flagProblem(flags, { problem: 'not found' }, client)).toMatch(/cannot be found/)
  })
})

/** Why the print view no longer has the grid root the print stylesheet (PRINT_VIEW_CSS) turns into a block, or undefined. */
function printRootProblem(code: string | { problem: string }): string | undefined {
  const where = `${CLIENT}: the print view's root (pages/print.vue)`
  if (typeof code !== 'string')
    return `${where} cannot be read: ${code.problem}`
  if (!/<div id="page-root" class="grid[ "]/.test(code))
    return `${where} is no longer a <div id="page-root" class="grid …">: check whether Chromium still loses the last pages of a long print (test/long-deck.test.ts) without the print stylesheet's #page-root rule, and update or drop that rule`
  return undefined
}

describe(`the print view's markup the export relies on (${CLIENT})`, () => {
  it('the print view still sets its slides in the #page-root grid that the print stylesheet makes a block', () => {
    expect(PRINT_VIEW_CSS).toContain('#page-root { display: block !important; }')
    const problem = printRootProblem(readUpstream('@slidev/client/pages/print.vue'))
    expect(problem, problem).toBeUndefined()
  })

  it('the canary fails when the print view\'s root changes', () => {
    const code = readUpstream('@slidev/client/pages/print.vue') as string
    expect(printRootProblem(code.replace('id="page-root" class="grid', 'id="page-root" class="flex'))).toMatch(/no longer a <div id="page-root"/)
    expect(printRootProblem({ problem: 'not found' })).toMatch(/cannot be read/)
  })
})
