import { resolveOptions, ViteSlidevPlugin } from '@slidev/cli'
import { build, mergeConfig } from 'vite'
import path from 'node:path'
const t0 = Date.now()
const options = await resolveOptions({ entry: '/work/main/slides.md', routerMode: 'hash' } as any, 'build')
;(options.utils.define as any).__SLIDEV_FEATURE_PRINT__ = 'true'
console.log('resolve', Date.now() - t0, options.utils.define)
const indexHtmlId = path.resolve(options.userRoot, 'index.html')
const t1 = Date.now()
await build({
  configFile: false,
  root: options.userRoot,
  logLevel: 'warn',
  plugins: [
    { name: 'x', resolveId: { order: 'pre', handler(id: string) { return id === indexHtmlId ? id : null } }, load: { order: 'pre', handler(id: string) { return id === indexHtmlId ? options.utils.indexHtml : undefined } } },
    await ViteSlidevPlugin(options, {}),
  ],
  define: { __VUE_PROD_DEVTOOLS__: false },
  build: { outDir: process.argv[2], emptyOutDir: true, chunkSizeWarningLimit: 2000, reportCompressedSize: false, minify: process.argv[3] === 'nomin' ? false : undefined, rollupOptions: { input: { index: indexHtmlId } } },
} as any)
console.log('build', Date.now() - t1)
