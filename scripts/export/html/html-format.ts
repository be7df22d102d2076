/**
 * The single-file HTML deck: Slidev's presenting app (slides, keys, overview, presenter view
 * with notes) built into one index.html with everything inlined (see build-cache.ts and
 * html-fonts.ts). A deck whose headmatter (or theme) has Slidev fetch web fonts that are not
 * installed as fontsource packages is refused before anything is built. After the build, the
 * page's markup must refer to nothing outside it; then a copy alone in an empty folder is opened
 * from file:// with every other request refused and each slide is shown; a slide that asks for
 * anything, or a console error, refuses the format naming the slide (a FormatRefusal: left out
 * of a default export, a failure when html was asked for by name).
 */
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { ensureBuild, FONT_REPORT } from '../build/build-cache'
import type { BuildResult } from '../build/build-cache'
import type { Deck } from '../../shared/deck'
import { CliError, FormatRefusal } from '../../shared/errors'
import { installLine } from '../../shared/fontsource'
import { formatBytes } from '../run'
import { externalReferences, HTML_BUDGET_BYTES, visitProblems, visitSingleFile } from './html-check'
import type { FontFaceFacts } from './html-fonts'
import type { ExportFormat } from '../format-types'

/** The slide a reference in the page most likely comes from: the first whose source names it. */
function slideNaming(reference: string, sources: string[]): string {
  const base = reference.split(/[?#]/)[0]!.split('/').pop() ?? reference
  const i = sources.findIndex(s => base && s.includes(base))
  return i >= 0 ? `slide ${i + 1}` : 'the page'
}

const INLINE_HINT = 'Put pictures and fonts in the project (not on the network) so the build can inline them: a local `favicon:`, and bundled fonts with `fonts: { provider: none }`.'

/**
 * The refusal of a deck whose build would link web fonts from a font service (see
 * `Deck.webFonts`) that are not installed as fontsource packages (`Deck.localFonts`): the single
 * file cannot carry them, and the check after the build would find the stylesheet link anyway,
 * only later. Undefined when every web font is installed, or the deck fetches none.
 */
export function networkFontsRefusal(deck: Pick<Deck, 'webFonts' | 'localFonts'>): FormatRefusal | undefined {
  const fonts = deck.webFonts
  const missing = fonts?.families.filter(f => deck.localFonts.missing.includes(f)) ?? []
  if (!fonts || !missing.length)
    return undefined
  const provider = fonts.providerNamed ? `the deck's font provider, ${fonts.provider}` : `Slidev's default font provider, ${fonts.provider}`
  const themes = fonts.fromTheme.filter(f => missing.includes(f))
  const theme = themes.length ? `; ${themes.join(', ')} ${themes.length === 1 ? 'is' : 'are'} the theme's` : ''
  return new FormatRefusal(`the single-file HTML would load fonts from the network: ${missing.join(', ')} from ${fonts.host} (${provider}${theme})`, {
    reason: `it would load ${missing.join(', ')} from the network`,
    hint: `Install ${missing.length === 1 ? 'it' : 'them'} and the export bundles ${missing.length === 1 ? 'it' : 'them'} into every format: \`${installLine(missing)}\` (in the deck's folder or this project's); or bundle the fonts yourself and set \`fonts: { provider: none }\` in the headmatter, or leave html out of --format.`,
  })
}

/**
 * What the built page still refers to outside itself, as the error that fails the export,
 * each reference with the slide it most likely comes from; undefined when it refers to nothing.
 */
export function notInlinedProblem(html: string, sources: string[]): FormatRefusal | undefined {
  const outside = externalReferences(html)
  if (!outside.length)
    return undefined
  const list = outside.map(ref => `${slideNaming(ref, sources)}: ${ref}`).join('; ')
  // Slidev adds an embed's script (<Tweet>, <BlueSky>) to the page itself; no file of the deck can replace it.
  const scripts = outside.filter(ref => /^(?:https?:)?\/\/.*\.m?js(?:[?#]|$)/i.test(ref))
  const hint = scripts.length
    ? `${scripts.join(' and ')} ${scripts.length === 1 ? 'is a script' : 'are scripts'} that an embed (such as <Tweet> or <BlueSky>) loads from the network, which a file opened offline cannot run; without the embed the single file can be made. ${INLINE_HINT}`
    : INLINE_HINT
  return new FormatRefusal(`the single-file HTML still refers to ${outside.length === 1 ? 'a file' : 'files'} it could not inline (${list})`, {
    reason: `it would need ${outside.length === 1 ? 'a file' : `${outside.length} files`} from outside it`,
    hint,
  })
}

export const htmlFormat: ExportFormat<'html'> = {
  name: 'html',
  title: 'the single-file HTML',
  help: { file: '<name>.html', about: ['the deck in one self-contained file that presents from', 'file:// (keys, overview, presenter view with notes)'] },
  clickSteps: 'the single-file HTML is the presenting deck, which plays each click as it is shown',
  // Its own build: the presenting app with everything inlined, made beside the print build.
  build: request => ensureBuild({ ...request, variant: 'single' }),
  // It opens the single-file build in a page of its own.
  page: { use: 'none' },
  refuse: networkFontsRefusal,
  async render({ run, print, deck, options, ownBuild: singleBuild }) {
    if (!singleBuild)
      throw new CliError('html: the single-file build was not started')
    run.at({ step: 'building the single-file HTML' })
    // The print build has worked by now: a failure here is the single file's alone.
    const build: BuildResult = await singleBuild.catch((error: unknown) => {
      if (!(error instanceof CliError))
        throw error
      throw new FormatRefusal(`the single-file HTML could not be built: ${error.message}`, { reason: 'its build failed', hint: error.hint })
    })
    const file = `${deck.exportName}.html`
    const bytes = await readFile(path.join(build.dir, 'index.html'))
    const fonts = JSON.parse(await readFile(path.join(build.dir, FONT_REPORT), 'utf8').catch(() => '{"faces":[]}')) as { faces: FontFaceFacts[], fullBytes?: number }

    run.at({ step: 'checking the single-file HTML' })
    // Whatever the deck could not tell beforehand (a picture, a font a component links) shows here.
    const outside = notInlinedProblem(bytes.toString('utf8'), deck.slides.map(s => s.source ?? ''))
    if (outside)
      throw outside

    // Opened as a recipient would: the file alone in an empty folder.
    const alone = await mkdtemp(path.join(tmpdir(), 'deck-html-'))
    run.defer(() => rm(alone, { recursive: true, force: true }))
    await copyFile(path.join(build.dir, 'index.html'), path.join(alone, file))
    const url = pathToFileURL(path.join(alone, file)).href
    const browser = print.context.browser()
    if (!browser)
      throw new CliError('html: no browser to check the single file with')
    const withNotes = deck.slides.find(s => s.note)?.number ?? 1
    const visit = await run.step({ step: 'opening the single-file HTML from file://' }, () =>
      visitSingleFile(browser, url, deck.slides.length, { timeoutMs: options.timeoutMs, notesSlide: withNotes }), options.timeoutMs * 4)
    const problems = visitProblems(visit)
    if (problems.length) {
      throw new FormatRefusal(`the single-file HTML does not present on its own: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`, {
        reason: 'it does not present on its own',
        hint: 'A slide must not load anything from the network; put what it needs in the project.',
      })
    }
    if (deck.slides[withNotes - 1]?.note && !visit.presenterNotes)
      throw new CliError(`slide ${withNotes}: the single-file HTML's presenter view shows no notes`)
    if (bytes.length > HTML_BUDGET_BYTES)
      run.warn(`${file} is ${formatBytes(bytes.length)}, over its budget of ${formatBytes(HTML_BUDGET_BYTES)}`)
    run.mark('html')

    const fontBytes = fonts.faces.reduce((sum, f) => sum + f.after, 0)
    const work = run.store(file, bytes).then(() => ({
      files: [{ kind: 'html' as const, file, bytes, pages: deck.slides.length }],
      summary: `${file} ${formatBytes(bytes.length)} (fonts ${formatBytes(fontBytes)}${fonts.fullBytes ? ` of ${formatBytes(fonts.fullBytes)}` : ''})`,
    }))
    return { finished: run.inBackground('writing the single-file HTML', work) }
  },
}
