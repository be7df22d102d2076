import { execFile } from 'node:child_process'
import path from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import type { Plugin, ViteDevServer } from 'vite'
import { defineConfig } from 'vite'
import { MARKUP_PATCHES, SLIDEV_VERSION, applyPatch, isPatchedFile } from './scripts/export/build/slidev-patches'

const ROOT = path.dirname(fileURLToPath(import.meta.url))

// Slidev's presenting chrome has accessibility faults that no setting turns off; the fixes
// (MARKUP_PATCHES, in scripts/export/build/slidev-patches.ts with the Slidev release they were written
// against) are made in the markup at build time, so every build and export gets the same fix.
// test/upstream.test.ts fails when one no longer applies to the installed Slidev, and the
// browser suite runs axe over the built deck.
function patchPresentingChrome(): Plugin {
  return {
    name: 'deck:accessible-chrome',
    enforce: 'pre',
    transform(code, id) {
      // `?vue&type=…` ids are the SFC's style and script sub-blocks; the template is compiled
      // from the main module. Other queries (the dev server's `?v=` cache buster) are kept.
      const [file = '', query = ''] = id.split('?')
      if (/(?:^|&)vue(?:&|$)/.test(query))
        return null
      const patch = MARKUP_PATCHES.find(p => isPatchedFile(file, p))
      if (!patch)
        return null
      const patched = applyPatch(code, patch)
      if (patched === null)
        this.warn(`could not patch ${patch.file} (${patch.name}); its markup changed upstream since Slidev ${SLIDEV_VERSION}`)
      return { code: patched ?? code, map: null }
    },
  }
}

interface CheckProblem { where: string, subject: string, sentence?: string, message: string, hint: string }

/** Files whose edits can change what `npm run check` finds. */
const CHECKED = [/[\\/]slides\.md$/, /[\\/]data[\\/][^\\/]+\.ts$/, /[\\/]lib[\\/]evidence\.ts$/]

// While presenting from `npm run dev`, an edit that breaks a quote, a figure or the evidence
// behind a sentence, or pushes a slide over its budget, is reported in the terminal as soon as
// the file is saved, with the budget table (words on screen, clicks, speaking time), and a fix
// is confirmed the same way. The check runs in a child process so it always reads the files as saved.
function checkOnSave(): Plugin {
  let server: ViteDevServer | undefined
  let running = false
  let queued = false
  let timer: ReturnType<typeof setTimeout> | undefined

  const report = (problems: CheckProblem[], budget?: string) => {
    const logger = server!.config.logger
    // Words on screen, clicks and speaking time per slide, after every save, clean or not.
    if (budget)
      console.log(`${new Date().toLocaleTimeString()} budget:\n${budget}`)
    if (!problems.length) {
      // Slidev keeps Vite's logger at warnings and above; a clean result goes straight to stdout.
      console.log(`${new Date().toLocaleTimeString()} check: slides.md and data/ hold up against the article`)
      return
    }
    const lines = problems.map(p => `${p.where}  ${p.subject}${p.sentence ? `\n    “${p.sentence}”` : ''}\n    ${p.message}\n    → ${p.hint}`)
    logger.error(`check: ${problems.length} problem${problems.length > 1 ? 's' : ''}\n${lines.join('\n')}`, { timestamp: true })
  }

  const run = () => {
    if (running) {
      queued = true
      return
    }
    running = true
    execFile(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/check.ts'), '--json'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      running = false
      try {
        const result = JSON.parse(stdout) as { problems: CheckProblem[], budget?: string }
        report(result.problems, result.budget)
      }
      catch {
        // Exit code 2 (no article, bad arguments) or a crash: show what the command said.
        server!.config.logger.error(`check: could not run (${error?.message ?? 'no output'})\n${stderr.trim()}`, { timestamp: true })
      }
      if (queued) {
        queued = false
        run()
      }
    })
  }

  return {
    name: 'deck:check-on-save',
    apply: 'serve',
    configureServer(dev) {
      server = dev
      dev.watcher.add([path.join(ROOT, 'slides.md'), path.join(ROOT, 'data'), path.join(ROOT, 'lib/evidence.ts')])
      dev.watcher.on('change', (file) => {
        if (!CHECKED.some(re => re.test(file)))
          return
        clearTimeout(timer)
        timer = setTimeout(run, 150)
      })
      run()
    },
  }
}

export default defineConfig({
  plugins: [patchPresentingChrome(), checkOnSave()],
})
