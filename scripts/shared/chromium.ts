/**
 * Finding and launching a Chromium: --browser, CHROMIUM_PATH, Playwright's own browser, or a
 * system Chromium or Chrome, with an error that says how to get one when none is found.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import process from 'node:process'
import type { Browser, LaunchOptions } from 'playwright-chromium'
import { CliError } from './errors'

// Playwright takes most of a second to load; it is only loaded once a
// browser is actually looked up or launched, so option errors stay instant.
const requireHere = createRequire(import.meta.url)
const playwright = (): typeof import('playwright-chromium') => requireHere('playwright-chromium')

export interface FoundChromium {
  /** Absolute path of the browser executable. */
  path: string
  /** Where it came from, for logs: `--browser`, `CHROMIUM_PATH`, `playwright`, `PATH (chromium)`, ... */
  how: string
}

const HOW_TO_GET_ONE = [
  'install one with `npx playwright install chromium` (where downloads work)',
  'or `apt-get install chromium` (Debian/Ubuntu)',
  'or point CHROMIUM_PATH (or --browser) at an existing Chromium/Chrome',
].join(', ')

const NAMES_ON_PATH = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']

const MAC_APPS = [
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
]

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile())
      return false
    accessSync(file, constants.X_OK)
    return true
  }
  catch {
    return false
  }
}

function checkGiven(file: string, source: string): FoundChromium {
  const resolved = path.resolve(file)
  if (!existsSync(resolved))
    throw new CliError(`${source} ${file}: no such file`, { hint: `Give the path of a Chromium or Chrome executable; to get one, ${HOW_TO_GET_ONE}.` })
  if (!isExecutableFile(resolved))
    throw new CliError(`${source} ${file}: not an executable file`, { hint: 'Give the path of the browser binary itself, not its folder.' })
  return { path: resolved, how: source }
}

function playwrightChromium(): string | undefined {
  try {
    const file = playwright().chromium.executablePath()
    return file && isExecutableFile(file) ? file : undefined
  }
  catch {
    // Playwright throws when its browser registry has no entry for this platform.
    return undefined
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir)
      continue
    const file = path.join(dir, name)
    if (isExecutableFile(file))
      return file
  }
  return undefined
}

/**
 * Picks the browser to drive: an explicit path first, then `CHROMIUM_PATH`, then
 * Playwright's own download, then a system install. Throws a `CliError` with
 * instructions when there is none, so callers can print it as is.
 */
export function findChromium(explicit?: string): FoundChromium {
  if (explicit)
    return checkGiven(explicit, '--browser')
  const fromEnv = process.env.CHROMIUM_PATH
  if (fromEnv)
    return checkGiven(fromEnv, 'CHROMIUM_PATH')
  const bundled = playwrightChromium()
  if (bundled)
    return { path: bundled, how: 'playwright' }
  for (const name of NAMES_ON_PATH) {
    const file = onPath(name)
    if (file)
      return { path: file, how: `PATH (${name})` }
  }
  if (process.platform === 'darwin') {
    for (const file of MAC_APPS) {
      if (isExecutableFile(file))
        return { path: file, how: 'macOS application' }
    }
  }
  throw new CliError('no Chromium or Chrome found', { hint: `To fix: ${HOW_TO_GET_ONE}.` })
}

/**
 * Flags for an unattended browser on a locked-down box: no sandbox when root
 * (Chromium refuses to start otherwise), nothing that phones home or updates,
 * and no font hinting so the same page rasterises to the same pixels.
 */
export function chromiumArgs(): string[] {
  const args = [
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    '--disable-dev-shm-usage',
    '--font-render-hinting=none',
  ]
  if (typeof process.getuid === 'function' && process.getuid() === 0)
    args.unshift('--no-sandbox')
  return args
}

export interface LaunchChromiumOptions extends Omit<LaunchOptions, 'executablePath'> {
  /** Path as given by the user; resolved with `findChromium`. */
  browser?: string
  /** Already resolved browser, wins over `browser`. */
  found?: FoundChromium
}

/**
 * Launches headless Chromium with `chromiumArgs()`. Signal handling is left to
 * the caller by default, so a script can clean up its own files before the
 * browser goes away.
 */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<{ browser: Browser, found: FoundChromium }> {
  const { browser: given, found: preset, args = [], ...rest } = options
  const found = preset ?? findChromium(given)
  try {
    const browser = await playwright().chromium.launch({
      headless: true,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      ...rest,
      executablePath: found.path,
      args: [...chromiumArgs(), ...args],
    })
    return { browser, found }
  }
  catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0]
    throw new CliError(`could not start the browser at ${found.path} (from ${found.how}): ${first}`, {
      hint: `Check that it runs (\`${found.path} --version\`), or pick another with --browser / CHROMIUM_PATH.`,
      cause: error,
    })
  }
}
