/**
 * The single file's part of the deck's build: the plugins that make the presenting app one
 * self-contained index.html (`setup`), and the pictures its markup names by path written into
 * it as data: URLs afterwards (`finish`). build/build-child.ts runs them in the build's child
 * process, where they are sent as source (build/build-run.ts), so they use nothing from module
 * scope; only types are imported here.
 */

/** What the build hands the single file's part: where vite-plugin-singlefile is, the deck's and Slidev's folders, and the page. */
export interface SingleFileInput {
  /** vite-plugin-singlefile's file URL. */
  singlefile: string
  userRoot: string
  clientRoot: string
  /** Slidev's generated index.html. */
  html: string
}

export interface SingleFileBuild {
  setup: typeof singleFileSetup
  finish: typeof singleFileFinish
}

/** The page with its favicon inlined, and the plugins that inline everything else into it. */
export async function singleFileSetup(input: SingleFileInput): Promise<{ html: string, plugins: import('vite').PluginOption[] }> {
  const { default: path } = await import('node:path')
  const { existsSync, readFileSync } = await import('node:fs')
  // The single file: vite-plugin-singlefile inlines every script and style (Slidev's
  // per-slide dynamic imports end up in one chunk), assets of any size become data: URLs,
  // and the favicon from public/ is written into the page, since a file:// page may load
  // nothing beside it.
  const { viteSingleFile }: typeof import('vite-plugin-singlefile') = await import(input.singlefile)
  // Slidev's default favicon is a CDN address; its own copy of that picture comes with Slidev.
  const slidevIcon = path.join(input.clientRoot, 'assets', 'favicon.png')
  const html = input.html.replace(/(<link rel="icon" href=")(\/[^"]+|https:\/\/[^"]*\/slidevjs\/slidev\/assets\/favicon\.png)(")/, (whole: string, open: string, href: string, close: string) => {
    const name = href.startsWith('/') ? href.slice(1) : 'favicon.png'
    const file = href.startsWith('/') ? path.join(input.userRoot, 'public', name) : slidevIcon
    if (!existsSync(file))
      return whole
    const type = name.endsWith('.svg') ? 'image/svg+xml' : name.endsWith('.ico') ? 'image/x-icon' : 'image/png'
    return `${open}data:${type};base64,${readFileSync(file).toString('base64')}${close}`
  })
  const publicRoot = path.join(input.userRoot, 'public')
  const plugins: import('vite').PluginOption[] = [viteSingleFile({ removeViteModuleLoader: true }), {
    // With no public folder beside the file, a slide's `/picture.png` from public/ is
    // resolved to the file itself, so that it is bundled and inlined like any other asset.
    name: 'deck-export:public-inline',
    enforce: 'pre',
    resolveId(id: string) {
      if (!id.startsWith('/') || id.startsWith('//'))
        return null
      const file = path.join(publicRoot, id.split('?')[0]!)
      return file.startsWith(publicRoot + path.sep) && existsSync(file) ? file : null
    },
  }, {
    // Slidev's build config names chunks (manualChunks) for its multi-file output; Rolldown
    // refuses that together with the one-chunk output the single file needs, so it is
    // dropped here. test/html.test.ts fails if any script is left outside the page.
    name: 'deck-export:one-chunk',
    enforce: 'post',
    outputOptions(out: import('vite').Rollup.OutputOptions) {
      const { manualChunks: _chunks, chunkFileNames: _names, ...rest } = out as Record<string, unknown>
      return rest as import('vite').Rollup.OutputOptions
    },
  }]
  return { html, plugins }
}

/** Writes the pictures the built page names by path (from public/, or bundled beside it) into it as data: URLs. */
export async function singleFileFinish(outDir: string, userRoot: string): Promise<void> {
  const { default: path } = await import('node:path')
  // Markup that names a file from public/ by its path (`<img src="/photo.png">`) is not an
  // import the bundler sees; in the single file such a path is written as a data: URL too.
  const { existsSync, readFileSync, readdirSync, statSync, writeFileSync } = await import('node:fs')
  const publicRoot = path.join(userRoot, 'public')
  const types: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.svg': 'image/svg+xml', '.webp': 'image/webp', '.ico': 'image/x-icon' }
  const out = path.join(outDir, 'index.html')
  let page = readFileSync(out, 'utf8')
  const files = existsSync(publicRoot) ? (readdirSync(publicRoot, { recursive: true }) as string[]).sort() : []
  for (const rel of files) {
    const file = path.join(publicRoot, rel)
    const type = types[path.extname(rel).toLowerCase()]
    if (!type || !statSync(file).isFile())
      continue
    const url = `/${rel.split(path.sep).join('/')}`
    const data = `data:${type};base64,${readFileSync(file).toString('base64')}`
    // Only where the path is a picture's source: `src="/x.png"`, `src: "/x.png"` (compiled
    // templates) or `url(/x.png)`; a bare string elsewhere may be joined to a base by Slidev.
    const escaped = url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const quoted = new RegExp(`(\\bsrc\\s*[:=]\\s*\\\\?["']|url\\(\\s*["']?)${escaped}(\\\\?["')])`, 'g')
    page = page.replace(quoted, (_m: string, open: string, close: string) => `${open}${data}${close}`)
    // A layout's picture named in a slide's frontmatter (`image:`, `imageLeft:`, `background:`)
    // reaches the page as data, `"image": "/x.png"`, and is turned into a CSS url() as it is shown.
    const named = new RegExp(`(["']\\w*(?:image|background)\\w*["']\\s*:\\s*["'])${escaped}(["'])`, 'gi')
    page = page.replace(named, (_m: string, open: string, close: string) => `${open}${data}${close}`)
  }
  // A picture beside the slides is bundled as a file of its own, which the page names by
  // `new URL("leaf-hash.svg", import.meta.url)` (or `./leaf-hash.svg`); it is written in as data.
  for (const name of readdirSync(outDir).sort()) {
    const type = types[path.extname(name).toLowerCase()]
    if (name === 'index.html' || !type || !page.includes(name))
      continue
    const data = `data:${type};base64,${readFileSync(path.join(outDir, name)).toString('base64')}`
    page = page.replaceAll(`new URL(${JSON.stringify(name)}, import.meta.url).href`, JSON.stringify(data))
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    page = page.replace(new RegExp(`(\\bsrc\\s*[:=]\\s*\\\\?["']|url\\(\\s*["']?)\\./${escaped}(\\\\?["')])`, 'g'), (_m: string, open: string, close: string) => `${open}${data}${close}`)
  }
  // Slidev lists a slide's pictures for preloading, in the page's head and in its data (from
  // public/ or beside the slides); in one file there is nothing to preload, and each would
  // be a request for a file beside the page, which is not there.
  page = page.replace(/<link rel="preload" as="image" href="(?!data:)[^"]*">\s*/g, '')
  page = page.replace(/("images":\s*\[)([^\]]*)(\])/g, (_m: string, open: string, list: string, close: string) =>
    `${open}${list.split(',').filter(item => /^\s*"data:/.test(item)).join(',')}${close}`)
  writeFileSync(out, page)
}
