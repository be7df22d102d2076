import { execFile } from 'node:child_process'
import path from 'node:path'
import process from 'node:process'
import { promisify } from 'node:util'
import type { Browser, Page } from 'playwright-chromium'
import { launchChromium } from '../../scripts/shared/chromium'
import { serveDir } from '../../scripts/shared/serve'
import type { StaticServer } from '../../scripts/shared/serve'
import { sharedStaticBuild } from './shared-export'
import { ROOT } from './slides'

/**
 * Served under a sub-path on purpose: a static host often mounts a deck below its root, and
 * asset URLs that assume `/` only break there.
 */
export const DECK_BASE = '/briefing/'

/** Slidev's canvas: 980 px wide at 16:9. */
export const CANVAS = { width: 980, height: 980 / (16 / 9) } as const

/**
 * Slidev rounds the canvas height up to whole pixels (552), and scales the slide to fit the
 * window. A 980×552 window therefore shows the slide at exactly scale 1, with no resampling
 * blur in screenshots and no scale to undo in measurements.
 */
export const VIEWPORT = { width: CANVAS.width, height: Math.ceil(CANVAS.height) } as const

const run = promisify(execFile)

/** Builds the deck the way a reader's copy is built, into `outDir`, with asset URLs under `base`. */
export async function buildDeck(outDir: string, base = DECK_BASE): Promise<void> {
  const cli = path.join(ROOT, 'node_modules/@slidev/cli/bin/slidev.mjs')
  try {
    await run(process.execPath, [cli, 'build', 'slides.md', '--base', base, '--out', outDir], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NODE_ENV: 'production' },
    })
  }
  catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string, stderr?: string }
    throw new Error(`slidev build failed:\n${`${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n')}`, { cause: error })
  }
}

export interface DeckSession {
  /** Directory of the static build. */
  dir: string
  server: StaticServer
  browser: Browser
  close: () => Promise<void>
}

/** The run's static build, one static server, one browser: everything the browser suite shares. */
export async function openDeck(): Promise<DeckSession> {
  // The build is the run's shared one (support/shared-export.ts), left for the files after this.
  const dir = await sharedStaticBuild()
  let server: StaticServer | undefined
  try {
    server = await serveDir(dir, { base: DECK_BASE })
    const { browser } = await launchChromium()
    const opened = server
    return {
      dir,
      server: opened,
      browser,
      async close() {
        await browser.close().catch(() => {})
        await opened.close()
      },
    }
  }
  catch (error) {
    await server?.close()
    throw error
  }
}

/** Slide `n` in play mode; the hash router keeps the path the static host serves unchanged. */
export function slideUrl(server: StaticServer, n: number): string {
  return `${server.url}#/${n}`
}

/** The slide number the deck shows, from the `#/N` route (also `#/presenter/N`). */
export async function currentSlideNo(page: Page): Promise<number> {
  const hash = await page.evaluate(() => location.hash)
  const m = /^#\/(?:presenter\/)?(\d+)/.exec(hash)
  return m ? Number(m[1]) : Number.NaN
}

/**
 * Waits until slide `n` is the one on screen, its fonts have loaded and it has been painted,
 * so what is measured or captured is what a viewer would see.
 */
export async function waitForSlide(page: Page, n: number, scope = '#slide-content'): Promise<void> {
  await page.waitForFunction(([no, root]) => {
    const el = document.querySelector(`${root} .slidev-page-${no}`)
    return !!el && getComputedStyle(el).display !== 'none' && !!el.querySelector('.slidev-layout')
      && el.getBoundingClientRect().width > 0
  }, [n, scope] as const)
  // Laying the slide out is what makes the browser request the fonts it needs.
  await page.evaluate(async () => {
    void document.body.offsetHeight
    await document.fonts.ready
    await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)))
  })
}

/** Goes to slide `n` in play mode and waits for it to be on screen. */
export async function showSlide(page: Page, server: StaticServer, n: number): Promise<void> {
  await page.goto(slideUrl(server, n))
  await waitForSlide(page, n)
}
