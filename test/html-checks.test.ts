/**
 * The single-file HTML's checks on bad input: a picture or font left outside the page, a slide
 * that loads something from the network, and fonts that cannot be read or subset. Each must
 * fail with the slide or the font named. Uses small made-up pages and projects, not the deck.
 * Also the canary for the one change the single-file build makes to Slidev's build config.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, test } from 'vitest'
import { launchChromium } from '../scripts/shared/chromium'
import { externalReferences, visitProblems, visitSingleFile } from '../scripts/export/html/html-check'
import { deckCharacters, prepareSingleFonts } from '../scripts/export/html/html-fonts'
import { ROOT } from './export-helpers'

const work = mkdtempSync(path.join(os.tmpdir(), 'deck-html-checks-'))

afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

describe('references the single file still makes', () => {
  test('a picture or a font outside the page is found, inline data and script code are not', () => {
    const html = [
      '<link rel="icon" href="data:image/svg+xml;base64,AAAA">',
      '<img src="https://example.com/chart.png" alt="">',
      '<style>@font-face { src: url(./fonts/face.woff2) } .a { background: url("data:image/png;base64,AA") }</style>',
      '<div style="background-image: url(pic.jpg)"></div>',
      '<script type="module">const u = "https://example.com/in-code.png"; document.body.style.background = `url(${u})`</script>',
    ].join('\n')
    expect(externalReferences(html)).toEqual(['./fonts/face.woff2', 'https://example.com/chart.png', 'pic.jpg'])
  })
})

describe('visiting a single file from file://', () => {
  test('a slide that loads a picture from the network is named, with the URL', async () => {
    // A stand-in for the deck: the hash picks the slide, slide 2 shows a picture from the web.
    const page = `<!doctype html><html lang="en"><title>t</title><body><div id="slide-content"></div><script>
      function show() {
        const m = /#\\/(presenter\\/)?(\\d+)/.exec(location.hash) || []
        const n = Number(m[2] || 1)
        const slide = '<div class="slidev-page-' + n + '"><div class="slidev-layout"><h1>Slide ' + n + '</h1>'
          + (n === 2 ? '<img alt="" src="https://example.invalid/picture.png">' : '') + '</div></div>'
        document.body.innerHTML = m[1]
          ? '<div class="grid-section main">' + slide + '</div><div class="grid-section note"><div class="slidev-note">Notes ' + n + '</div></div>'
          : '<div id="slide-content">' + slide + '</div>'
      }
      addEventListener('hashchange', show); show()
    </script></body></html>`
    const file = path.join(work, 'page.html')
    writeFileSync(file, page)
    const { browser } = await launchChromium()
    try {
      const visit = await visitSingleFile(browser, pathToFileURL(file).href, 3, { timeoutMs: 10_000 })
      expect(visit.slides.map(v => v.refused.length)).toEqual([0, 1, 0])
      expect(visit.presenterNotes).toBe('Notes 1')
      // The refused request is reported against its slide, and so is the error the page logs for it.
      expect(visitProblems(visit)[0]).toBe('slide 2: loads https://example.invalid/picture.png from outside the file')
      expect(visitProblems(visit).every(line => line.startsWith('slide 2: '))).toBe(true)
    }
    finally {
      await browser.close()
    }
  })
})

describe('the single file\'s fonts', () => {
  function project(name: string, css: string, files: Record<string, string | Buffer> = {}): string {
    const root = path.join(work, name)
    mkdirSync(path.join(root, 'styles'), { recursive: true })
    writeFileSync(path.join(root, 'package.json'), '{"name":"p","type":"module"}')
    writeFileSync(path.join(root, 'slides.md'), '# 你好\n')
    writeFileSync(path.join(root, 'styles', 'index.ts'), `import '@fontsource/fake/400.css'\n`)
    const pkg = path.join(root, 'node_modules', '@fontsource', 'fake')
    mkdirSync(path.join(pkg, 'files'), { recursive: true })
    writeFileSync(path.join(pkg, 'package.json'), '{"name":"@fontsource/fake","version":"1.0.0"}')
    writeFileSync(path.join(pkg, '400.css'), css)
    for (const [rel, content] of Object.entries(files))
      writeFileSync(path.join(pkg, rel), content)
    return root
  }
  const face = (file: string) => `@font-face { font-family: 'Fake'; font-weight: 400; src: url(./files/${file}) format('woff2'); unicode-range: U+4e00-9fff; }`

  test('a face whose file is missing cannot be inlined, and says which', async () => {
    const root = project('missing', face('gone.woff2'))
    await expect(prepareSingleFonts(root, path.join(root, 'out'))).rejects.toThrow(/^font Fake 400: cannot inline .*gone\.woff2/)
  })

  test('a face that is not a font cannot be subset, and says which', async () => {
    const root = project('broken', face('broken.woff2'), { 'files/broken.woff2': Buffer.from('not a font at all') })
    await expect(prepareSingleFonts(root, path.join(root, 'out'))).rejects.toThrow(/^font Fake 400: cannot subset broken\.woff2/)
  })

  test('a font package that is not installed is named', async () => {
    const root = project('absent', '')
    writeFileSync(path.join(root, 'styles', 'index.ts'), `import '@fontsource/not-installed/400.css'\n`)
    await expect(prepareSingleFonts(root, path.join(root, 'out'))).rejects.toThrow('font: cannot find @fontsource/not-installed/400.css')
  })

  test('the deck\'s Chinese is kept: Noto Sans SC is cut to its characters, the Latin faces stay whole', async () => {
    const fonts = await prepareSingleFonts(ROOT, path.join(work, 'deck-fonts'))
    const han = (await deckCharacters(ROOT)).filter(c => /\p{Script=Han}/u.test(String.fromCodePoint(c)))
    expect(han.length).toBeGreaterThan(10)
    const noto = fonts.faces.filter(f => f.family === 'Noto Sans SC')
    // Each weight covers every Han character the sources hold, in one face or another.
    for (const weight of ['400', '700']) {
      const kept = noto.filter(f => f.weight === weight).reduce((sum, f) => sum + (f.chars ?? 0), 0)
      expect(kept, `Noto Sans SC ${weight}`).toBeGreaterThanOrEqual(han.length)
    }
    expect(fonts.faces.filter(f => f.family !== 'Noto Sans SC').every(f => f.after === f.before && f.chars === undefined)).toBe(true)
    const before = noto.reduce((sum, f) => sum + f.before, 0)
    const after = noto.reduce((sum, f) => sum + f.after, 0)
    console.info(`fonts: ${fonts.faces.length} faces inlined, ${fonts.faces.reduce((s, f) => s + f.after, 0)} bytes; Noto Sans SC ${noto.length} slices ${before} → ${after} bytes; every face fontsource offers: ${fonts.fullBytes} bytes`)
    expect(after).toBeLessThan(before / 10)
  })
})

describe('the single-file build\'s change to Slidev\'s build config (canary)', () => {
  // Written against @slidev/cli 52.20.1 and vite-plugin-singlefile 2.3.4 on Vite 8. The build
  // drops Slidev's `manualChunks` and `chunkFileNames` because Rolldown refuses them beside
  // the plugin's `codeSplitting: false`. When either side changes, this says so, and the
  // drop in scripts/export/build/build-child.ts can be revisited; test/html.test.ts checks the result.
  test('Slidev still names chunks, and the plugin still turns code splitting off', () => {
    const dist = path.join(ROOT, 'node_modules/@slidev/cli/dist')
    const slidev = readdirSync(dist).filter(f => f.endsWith('.mjs')).map(f => readFileSync(path.join(dist, f), 'utf8')).join('\n')
    expect(slidev, 'Slidev no longer sets manualChunks: the drop in build-child.ts may be unneeded').toMatch(/manualChunks\(id\)/)
    const plugin = readFileSync(path.join(ROOT, 'node_modules/vite-plugin-singlefile/dist/esm/index.js'), 'utf8')
    expect(plugin, 'vite-plugin-singlefile changed how it keeps one chunk').toContain('codeSplitting: false')
  })
})
