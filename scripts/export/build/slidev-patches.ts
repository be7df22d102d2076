/**
 * Every change this project makes to Slidev's own code, and every piece of Slidev's code it
 * copies, each with the Slidev release and the upstream file it was written against:
 * - text patches (`SourcePatch`), applied by `applyPatch` in the export build (build-child.ts)
 *   and in the deck's vite.config.ts;
 * - the compile-time flags the export build sets in place of Slidev's own;
 * - copies of private Slidev functions (`UpstreamCopy`), recorded by a digest of the upstream
 *   text they were copied from.
 * test/upstream.test.ts checks each of them against the installed Slidev, reading them from here,
 * so what it checks is what the build does.
 */
import { createHash } from 'node:crypto'

/** The @slidev/cli (and @slidev/client) release every patch and copy here was written against. */
export const SLIDEV_VERSION = '52.20.1'

/** A text patch: `find` replaced by `replace` in one file of an installed Slidev package. */
export interface SourcePatch {
  /** What the patch is for, named in every message about it. */
  name: string
  /** The patched file, from node_modules: `@slidev/client/composables/useNav.ts`. */
  file: string
  /** A string is found literally; a RegExp's `replace` may use its groups (`$1`). */
  find: string | RegExp
  replace: string
  /** How often `find` occurs in the upstream file; the patch applies only then (default 1). */
  count?: number
}

/** A patch that survives JSON, as the export build's child process receives it. */
export type TextPatch = SourcePatch & { find: string }

/**
 * The patched code, or null when `find` does not occur exactly `patch.count` times in `code`
 * (the upstream file changed). It runs in the build's child process too (see build-run.ts), so it
 * must not use anything from module scope.
 */
export function applyPatch(code: string, patch: SourcePatch): string | null {
  const expected = patch.count ?? 1
  if (typeof patch.find === 'string') {
    const found = code.split(patch.find).length - 1
    return found === expected ? code.replaceAll(patch.find, () => patch.replace) : null
  }
  const find = new RegExp(patch.find.source, patch.find.flags.includes('g') ? patch.find.flags : `${patch.find.flags}g`)
  const found = [...code.matchAll(find)].length
  return found === expected ? code.replace(find, patch.replace) : null
}

export type ApplyPatch = typeof applyPatch

/** Whether a module id (with or without a query) is the patch's file. */
export function isPatchedFile(id: string, patch: Pick<SourcePatch, 'file'>): boolean {
  return id.split('?')[0]!.replace(/\\/g, '/').endsWith(`/${patch.file}`)
}

// Written against Slidev 52.20.1, @slidev/client/composables/useNav.ts (`printRange`).
// Slidev's print view takes its slide range from the router's query, read before the router
// has resolved the first URL, so `range` never arrives and every slide is rendered. This makes
// it read the page's own query string first. Should a Slidev update change that line, the
// build leaves the file alone and the export falls back to hiding the slides it was not asked
// for (slower); the canary in test/upstream.test.ts is what notices.
export const PRINT_RANGE_PATCH: TextPatch = {
  name: 'print range from the page\'s query string',
  file: '@slidev/client/composables/useNav.ts',
  find: 'currentRoute?.query?.range as string | undefined',
  replace: '(new URLSearchParams(location.search).get(\'range\') ?? currentRoute?.query?.range) as string | undefined',
}

// Written against Slidev 52.20.1, @slidev/client/setup/main.ts (`setupMain`).
// The error watch (slide-faults.ts) is put first in Slidev's app setup; should the line it is
// placed after change, the build fails rather than lose the check silently.
const SETUP_MAIN = 'export default async function setupMain(app: App) {'

/** The patch that installs `watch` (code with `app` in scope) at the start of Slidev's app setup. */
export function errorWatchPatch(watch: string): TextPatch {
  return { name: 'error watch in the app setup', file: '@slidev/client/setup/main.ts', find: SETUP_MAIN, replace: `${SETUP_MAIN}\n${watch}` }
}

// Written against Slidev 52.20.1, @slidev/client/internals/*.vue. Slidev's presenting chrome
// (nav bar, presenter notes, overview) has accessibility faults that no setting turns off. They
// are fixed in the markup at build time (vite.config.ts), so every build and export gets the same
// fix; a patch that no longer applies is reported in the build log and by the canary.
export const MARKUP_PATCHES: readonly SourcePatch[] = [
  {
    name: 'MenuButton: its toggle wraps the IconButton in a second <button>; nested buttons are unreachable to assistive tech',
    file: '@slidev/client/internals/MenuButton.vue',
    // The inner IconButton is the real button; its click bubbles to the wrapper, so a plain
    // element keeps mouse and keyboard behaviour the same.
    find: /<button(\s+:class="\{ disabled \}"\s+@click="value = !value")>(\s*<slot name="button"[^>]*\/>\s*)<\/button>/,
    replace: '<div$1>$2</div>',
  },
  {
    name: 'NoteDisplay: long notes scroll inside the presenter view, and a scrolling region must be reachable by keyboard',
    file: '@slidev/client/internals/NoteDisplay.vue',
    find: /class="prose dark:prose-invert overflow-auto outline-none/g,
    replace: 'tabindex="0" class="prose dark:prose-invert overflow-auto outline-none',
    // The notes as HTML, as clicks-marked HTML, and the "no notes" placeholder.
    count: 3,
  },
  {
    name: 'QuickOverview: the overview (key o) scrolls when the deck has more slides than fit, and holds nothing focusable',
    file: '@slidev/client/internals/QuickOverview.vue',
    find: /<div(\s+)v-if="showOverview"/,
    replace: '<div$1v-if="showOverview"$1tabindex="0"$1role="region"$1aria-label="Slide overview"',
  },
]

// Written against Slidev 52.20.1: `getDefine` in node/options.ts (@slidev/cli/dist/serve-*.mjs)
// makes these flags, and @slidev/client reads them. Slidev only compiles its print view into a
// build that offers a PDF download, and its build then runs its own exporter; the print build
// turns the print view on directly and leaves out the presenter pages an export never opens.
// The single file is the deck as presented, presenter view included.
export const PRINT_BUILD_FLAGS: Readonly<Record<string, string>> = {
  __SLIDEV_FEATURE_PRINT__: 'true',
  __SLIDEV_FEATURE_PRESENTER__: 'false',
  __SLIDEV_FEATURE_WAKE_LOCK__: 'false',
}
export const SINGLE_FILE_FLAGS: Readonly<Record<string, string>> = {
  __SLIDEV_FEATURE_PRESENTER__: 'true',
  __SLIDEV_FEATURE_WAKE_LOCK__: 'false',
}

/** Where Slidev makes its compile-time flags: the function, found in @slidev/cli's dist/. */
export const DEFINE_SOURCE = { name: 'getDefine', source: 'node/options.ts', start: 'function getDefine(options) {', end: '\n}\n' } as const

/**
 * A piece of Slidev's code this project keeps a copy of, because Slidev does not export it:
 * the text from `start` to the first `end` after it, in whichever file of @slidev/cli's dist/
 * holds `start`, and the digest of that text (`upstreamDigest`) when the copy was made.
 */
export interface UpstreamCopy {
  name: string
  /** Where the copy is. */
  copy: string
  /** The upstream source file, as Slidev's repository names it (packages/slidev/…). */
  source: string
  start: string
  end: string
  digest: string
}

// Slidev 52.20.1's `resolveViteConfigs`, node/commands/shared.ts (then @slidev/cli/dist/serve-Be4VBJJX.mjs):
// how a build's Vite config is made from the deck's vite.config files and Slidev's plugins.
export const RESOLVE_VITE_CONFIGS: UpstreamCopy = {
  name: 'resolveViteConfigs',
  copy: 'scripts/export/build/build-child.ts (buildDeck: the vite.config files merged, then Slidev\'s plugin)',
  source: 'node/commands/shared.ts',
  start: 'async function resolveViteConfigs(options, baseConfig, overrideConfigs, command, serverOptions) {',
  end: '\n}\n',
  digest: '0209e6908a743a8d',
}

// Slidev 52.20.1's `build`, node/commands/build.ts (then @slidev/cli/dist/build-BUQLxoIx.mjs), up to its
// call of resolveViteConfigs: the `slidev:build` plugin that serves the generated index.html,
// and the build's input.
export const INDEX_HTML_PLUGIN: UpstreamCopy = {
  name: 'the index.html plugin of Slidev\'s build',
  copy: 'scripts/export/build/build-child.ts (buildDeck: the deck-export:index-html plugin and build.rollupOptions.input)',
  source: 'node/commands/build.ts',
  start: 'async function build(options, viteConfig = {}, args) {',
  end: '}, viteConfig, "build");',
  digest: '46f6872f9fcc058c',
}

// Slidev 52.20.1's `setupPreparser`, node/setups/preparser.ts (then @slidev/cli/dist/cli.mjs): the
// preparser loader Slidev's CLI installs in its parser at start-up, which the export does not go
// through. Copied, with the two below, into build-child.ts (buildDeck) and scripts/shared/packages.ts.
export const PREPARSER_SETUP: UpstreamCopy = {
  name: 'setupPreparser',
  copy: 'scripts/export/build/build-child.ts (buildDeck: injectPreparserExtensionLoader) and scripts/shared/packages.ts (loadPreparsers)',
  source: 'node/setups/preparser.ts',
  start: 'function setupPreparser() {',
  end: '\n}\n',
  digest: '3af9e6eec05e42ab',
}

// Slidev 52.20.1's `loadSetups`, node/setups/load.ts: each root's setup/<file>, its default export called.
export const LOAD_SETUPS: UpstreamCopy = {
  name: 'loadSetups',
  copy: 'the preparser loader (see PREPARSER_SETUP): each root\'s setup/preparser.ts, its default export called with the file, headmatter and mode',
  source: 'node/setups/load.ts',
  start: 'async function loadSetups(roots, filename, args, extraLoader) {',
  end: '\n}\n',
  digest: 'c0eb0517b7ba6bae',
}

// Slidev 52.20.1's `loadModule`, node/utils.ts: a setup file loaded through jiti made at Slidev's
// own dist file, without a module cache.
export const LOAD_MODULE: UpstreamCopy = {
  name: 'loadModule',
  copy: 'the preparser loader (see PREPARSER_SETUP): createJiti(<@slidev/cli entry>, { moduleCache: false }).import(file)',
  source: 'node/utils.ts',
  start: 'function loadModule(absolutePath) {',
  end: '\n}\n',
  digest: 'd280348d1000efea',
}

// Slidev 52.20.1's Monaco code-block transformer, node/syntax/codeblock/monaco.ts: with the
// config's `monaco` off it leaves a `{monaco}` block to the plain code block, which is what the
// print build relies on (build-child.ts sets `monaco` to false and drops the word from fences).
export const MONACO_TRANSFORMER: UpstreamCopy = {
  name: 'the Monaco code-block transformer',
  copy: 'scripts/export/build/build-child.ts (buildDeck: `options.data.config.monaco = false` and the deck-export:static-monaco plugin rely on it)',
  source: 'node/syntax/codeblock/monaco.ts',
  start: 'var monaco_default = defineCodeblockTransformer(async ({ info, code, options: { data: { config }, mode } }) => {',
  end: '\n});\n',
  digest: '78d0802228fcde0a',
}

// Slidev 52.20.1's `createIconsPlugin`, node/vite/icons.ts: the deck's `icons` options are spread
// last, so the export build's `iconCustomizer` (which names each icon as `data-icon`) reaches
// unplugin-icons.
export const ICONS_PLUGIN: UpstreamCopy = {
  name: 'the icons plugin',
  copy: 'scripts/export/build/build-child.ts (buildDeck: withIconNames passes an iconCustomizer through the `icons` options)',
  source: 'node/vite/icons.ts',
  start: 'function createIconsPlugin(options, pluginOptions) {',
  end: '\n}\n',
  digest: 'c509d0ebe7b8df98',
}

/** A digest of upstream code that ignores how it is laid out (runs of whitespace). */
export function upstreamDigest(text: string): string {
  return createHash('sha256').update(text.replace(/\s+/g, ' ').trim()).digest('hex').slice(0, 16)
}

/** Everything above as one string, for the build cache: a changed patch makes a new build. */
export function patchesKey(): string {
  const show = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => v instanceof RegExp ? String(v) : v)
  return show([PRINT_RANGE_PATCH, errorWatchPatch(''), MARKUP_PATCHES, PRINT_BUILD_FLAGS, SINGLE_FILE_FLAGS])
}
