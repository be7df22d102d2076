/**
 * The build the export makes of the deck, as one function run in a child process by build-run.ts:
 * the print build (Slidev's print view, for PDF, PNG, handout and PowerPoint) or the single
 * file (the presenting app in one self-contained index.html). Only types are imported here,
 * since the function is sent to the child as source and may use nothing from module scope.
 * What it patches in Slidev, and what it copies, is recorded in slidev-patches.ts.
 */
import type { SingleFileBuild } from '../html/html-build'
import type { ApplyPatch, TextPatch } from './slidev-patches'

/** What the build changes in Slidev (see slidev-patches.ts), sent to the child as data. */
export interface DeckBuildPatches {
  /** PRINT_RANGE_PATCH: applied when it can be; without it the export is only slower. */
  printRange: TextPatch
  /** errorWatchPatch(): the build fails when it cannot be applied. */
  errorWatch: TextPatch
  /** Compile-time flags set over Slidev's own: PRINT_BUILD_FLAGS or SINGLE_FILE_FLAGS. */
  define: Record<string, string>
}

export interface DeckBuildArgs {
  root: string
  /** Where Slidev and Vite are loaded from (file URLs): this project's packages, wherever the deck is. */
  modules: { slidev: string, vite: string, singlefile: string }
  /**
   * This project's root: a bare import the deck's folder cannot resolve (from its vite.config,
   * components, setup, layouts, or a theme or addon named by path) is resolved from here.
   */
  packages: string
  patches: DeckBuildPatches
  /** The theme's folder, when the deck's own folder cannot find it (see `themeFolder`). */
  theme?: string
  entry: string
  outDir: string
  logLevel: 'info' | 'warn' | 'error' | 'silent'
  /**
   * `print` (the default): the export's build, with Slidev's print view. `single`: the deck as
   * presented (slides, overview, presenter view) in one self-contained index.html.
   */
  variant?: BuildVariant
  /** Import specifier → file, e.g. the single file's subset fonts in place of @fontsource CSS. */
  aliases?: Record<string, string>
  /** Stylesheets of installed fontsource packages to bundle, and whether to take out the font service's link (BuildFonts). */
  fonts?: { css: string[], dropLink: boolean }
}

export type BuildVariant = 'print' | 'single'

/**
 * Builds the deck into `outDir` with Slidev's print view; returns the project
 * files (relative paths) the build compiled. It runs in a child process (see
 * `runDeckBuild`), so it must not use anything from module scope; `apply` is
 * slidev-patches.ts's `applyPatch`, `singleFile` the single file's part of the build
 * (html/html-build.ts) and `plugins` the export's own (`exportPlugins`), sent along with it.
 */
export async function buildDeck(args: DeckBuildArgs, apply: ApplyPatch, singleFile: SingleFileBuild, plugins: typeof exportPlugins): Promise<string[]> {
  const { default: path } = await import('node:path')
  const { existsSync } = await import('node:fs')
  const [{ resolveOptions, ViteSlidevPlugin }, vite]: [typeof import('@slidev/cli'), typeof import('vite')] = await Promise.all([import(args.modules.slidev), import(args.modules.vite)])
  // Slidev's CLI installs its preparser loader at start-up (PREPARSER_SETUP in slidev-patches.ts),
  // which this build does not go through: installed here in the parser Slidev uses, so the deck's,
  // the theme's and the addons' setup/preparser.ts run as in `slidev build` (and as readDeck runs them).
  const { createRequire } = await import('node:module')
  const { fileURLToPath, pathToFileURL } = await import('node:url')
  const cli = fileURLToPath(args.modules.slidev)
  const fromCli = createRequire(cli)
  const parserFs: typeof import('@slidev/parser/fs') = await import(pathToFileURL(fromCli.resolve('@slidev/parser/fs')).href)
  const jiti = (fromCli('jiti') as typeof import('jiti')).createJiti(cli, { moduleCache: false })
  parserFs.injectPreparserExtensionLoader(async (roots, headmatter, filepath, mode) => {
    const files = roots.map(root => path.resolve(root, 'setup', 'preparser.ts')).filter(file => existsSync(file))
    return (await Promise.all(files.map(async file => (await jiti.import(file) as { default: (...a: unknown[]) => any }).default({ filepath, headmatter, mode })))).flat()
  })
  const options = await resolveOptions({ entry: args.entry, routerMode: 'hash', ...(args.theme ? { theme: args.theme } : {}) }, 'build')
  // Slidev's compile-time flags, set over its own (PRINT_BUILD_FLAGS, SINGLE_FILE_FLAGS in
  // slidev-patches.ts): the print build has Slidev's print view and no presenter pages; the
  // hash router makes `#/print` work from any static server.
  const single = args.variant === 'single'
  Object.assign(options.utils.define, args.patches.define)
  // An export shows code, not an editor: Monaco blocks are set as highlighted code blocks,
  // as Slidev does when Monaco is off, instead of an editor the print view cannot size.
  if (!single)
    options.data.config.monaco = false
  const indexHtml = path.resolve(options.userRoot, 'index.html')
  let html = options.utils.indexHtml
  // Web fonts: the font service's stylesheet link (google, coollabs) goes when it would fetch
  // only system families or the fonts come from installed fontsource packages instead, whose
  // stylesheets are bundled with the page (and inlined in the single file).
  if (args.fonts?.dropLink)
    html = html.replace(/<link\b[^>]*\bhref="https:\/\/(?:fonts\.googleapis\.com|api\.fonts\.coollabs\.io)\/[^"]*"[^>]*>\s*/g, '')
  if (args.fonts?.css.length)
    html = html.replace('</head>', `<script type="module">${args.fonts.css.map(f => `import ${JSON.stringify(f)};`).join('')}</script>\n</head>`)
  const extra: import('vite').PluginOption[] = []
  if (single) {
    // The single file's own plugins and page (html/html-build.ts).
    const setup = await singleFile.setup({ singlefile: args.modules.singlefile, userRoot: options.userRoot, clientRoot: options.clientRoot, html })
    html = setup.html
    extra.push(...setup.plugins)
  }
  const used = new Set<string>()

  // Slidev only prints an unknown layout and draws the slide with the default one; an export
  // must not ship a slide in a layout nobody chose.
  const layouts = await options.utils.getLayouts()
  for (const [i, slide] of options.data.slides.entries()) {
    const name = slide.frontmatter?.layout ?? options.data.slides[0]?.frontmatter?.defaults?.layout
    // A slide imported with `src:` names the file it is written in.
    const file = slide.source?.filepath
    const from = file && path.resolve(file) !== path.resolve(options.entry) ? ` (in ${path.relative(options.userRoot, file).split(path.sep).join('/')})` : ''
    if (name && !layouts[name])
      throw new Error(`slide ${i + 1}${from}: unknown layout "${name}"; the layouts are ${Object.keys(layouts).sort().join(', ')}`)
  }
  const own = await plugins(args, apply, single, used)

  // A copy of Slidev's private resolveViteConfigs (RESOLVE_VITE_CONFIGS in slidev-patches.ts,
  // from Slidev 52.20.1's node/commands/shared.ts): the deck's vite.config files merged, then
  // Slidev's plugin, with the build's own settings and plugins around it.
  let config: import('vite').InlineConfig = {}
  for (const r of options.roots) {
    for (const ext of ['.mjs', '.js', '.mts', '.ts']) {
      const file = path.join(r, `vite.config${ext}`)
      if (!existsSync(file))
        continue
      const loaded = await vite.loadConfigFromFile({ command: 'build', mode: 'production' }, file, undefined, 'silent')
      if (loaded)
        config = vite.mergeConfig(config, loaded.config)
      break
    }
  }
  config = vite.mergeConfig(config, {
    configFile: false,
    root: options.userRoot,
    logLevel: args.logLevel,
    clearScreen: false,
    define: { __VUE_PROD_DEVTOOLS__: 'false' },
    plugins: [
      // A copy of the `slidev:build` plugin of Slidev's build (INDEX_HTML_PLUGIN in
      // slidev-patches.ts, from Slidev 52.20.1's node/commands/build.ts): the generated
      // index.html, served as the build's input.
      {
        name: 'deck-export:index-html',
        enforce: 'pre',
        resolveId: id => (id === indexHtml ? id : null),
        load: id => (id === indexHtml ? html : null),
      },
      ...own.plugins,
      await ViteSlidevPlugin(options, own.withIconNames((config as { slidev?: Record<string, any> }).slidev ?? {})),
      ...extra,
    ],
    resolve: { alias: args.aliases ?? {} },
    // The single file takes nothing from public/ but what its page inlines.
    ...(single ? { publicDir: false as const } : {}),
    build: {
      outDir: args.outDir,
      emptyOutDir: true,
      // Output stays on this machine and is read once by a local browser:
      // minifying and measuring gzip sizes would only cost time.
      minify: false,
      cssMinify: false,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 100_000,
      rollupOptions: { input: { index: indexHtml } },
    },
  } satisfies import('vite').InlineConfig)
  await vite.build(config)
  if (single)
    await singleFile.finish(args.outDir, options.userRoot)
  return [...used]
}

/**
 * The export's own plugins around Slidev's in the build (the error watch, the print range, static
 * Monaco, this project's packages as a fallback, the record of the files compiled into `used`),
 * and the icon customizer that names each icon. Sent to the child with `buildDeck`, so it uses
 * nothing from module scope either.
 */
export async function exportPlugins(args: DeckBuildArgs, apply: ApplyPatch, single: boolean, used: Set<string>): Promise<{ plugins: import('vite').Plugin[], withIconNames: (slidev: Record<string, any>) => Record<string, any> }> {
  const { default: path } = await import('node:path')
  const { existsSync } = await import('node:fs')
  // Whether a module id is a patch's file (isPatchedFile in slidev-patches.ts, out of reach here).
  const isFile = (id: string, file: string) => id.split('?')[0]!.replace(/\\/g, '/').endsWith(`/${file}`)
  // Vue errors raised while rendering are recorded with their slide, for the export to fail on.
  // Should Slidev's setup change, the build fails here rather than lose the check silently.
  const errorWatch: import('vite').Plugin = {
    name: 'deck-export:error-watch',
    enforce: 'pre',
    transform(code, id) {
      const patch = args.patches.errorWatch
      if (!isFile(id, patch.file))
        return null
      const patched = apply(code, patch)
      if (patched === null)
        throw new Error(`deck-export: cannot install the error watch: ${patch.file} no longer has the line it is placed after (${JSON.stringify(patch.find)}, see slidev-patches.ts)`)
      return { code: patched, map: null }
    },
  }

  // The print view reads its slide range from the page's query string (PRINT_RANGE_PATCH).
  // Should a Slidev update change that line, the file is left alone and the export falls
  // back to hiding the slides it was not asked for.
  const printRange: import('vite').Plugin = {
    name: 'deck-export:print-range',
    enforce: 'pre',
    transform(code, id) {
      const patch = args.patches.printRange
      const patched = isFile(id, patch.file) ? apply(code, patch) : null
      return patched === null ? null : { code: patched, map: null }
    },
  }
  // With Monaco off, Slidev would read a block's `{monaco}` as the lines to highlight and dim
  // every line; the export drops the word from the fence, so the block prints as plain code.
  const staticMonaco: import('vite').Plugin = {
    name: 'deck-export:static-monaco',
    enforce: 'pre',
    transform(code, id) {
      if (single || !/__slidev_\d+\.md$/.test(id) || !code.includes('{monaco'))
        return null
      return { code: code.replace(/^([ \t]*(?:`{3,}|~{3,})[\w'-]*[ \t]*)\{monaco(?:-run)?\}/gm, '$1'), map: null }
    },
  }
  // A bare import that nothing resolved from the importer's folder (a deck, theme or addon with
  // no node_modules of its own) is resolved as if imported from this project, whose packages
  // the deck is built with anyway; the deck's own packages, where it has them, still come first.
  const fromProject = path.join(args.packages, 'package.json')
  const projectPackages: import('vite').Plugin = {
    name: 'deck-export:project-packages',
    enforce: 'post',
    async resolveId(id, importer, opts) {
      if (!importer || importer === fromProject || /^(?:[./\0]|[a-z][a-z0-9+.-]*:|virtual:|~)/i.test(id) || path.isAbsolute(id))
        return null
      return this.resolve(id, fromProject, { ...opts, skipSelf: true })
    },
  }
  // Records every project file outside node_modules that the build compiles.
  const usedFiles: import('vite').Plugin = {
    name: 'deck-export:used-files',
    transform(_code, id) {
      const file = id.split('?')[0]!
      if (!path.isAbsolute(file))
        return null
      const rel = path.relative(args.root, file)
      if (rel && !rel.startsWith('..') && !path.isAbsolute(rel) && !rel.split(path.sep).includes('node_modules') && existsSync(file))
        used.add(rel.split(path.sep).join('/'))
      return null
    },
  }

  // Every icon component (`<carbon-sun />`) names its icon on its <svg> as `data-icon`, the
  // alternative text of last resort for the PowerPoint's picture of it; a deck's own
  // customizer, if it has one, still runs first.
  const withIconNames = (slidev: Record<string, any>): Record<string, any> => {
    const own = slidev.icons?.iconCustomizer as ((collection: string, icon: string, props: Record<string, string>) => unknown) | undefined
    return {
      ...slidev,
      icons: {
        ...slidev.icons,
        async iconCustomizer(collection: string, icon: string, props: Record<string, string>) {
          await own?.(collection, icon, props)
          props['data-icon'] ??= `${collection}:${icon}`
        },
      },
    }
  }
  return { plugins: [printRange, staticMonaco, errorWatch, usedFiles, projectPackages], withIconNames }
}
