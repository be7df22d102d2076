/**
 * The child process that makes a build: `buildDeck` (build-child.ts), the patch helper and the
 * single file's part of the build (html/html-build.ts) sent to a plain Node process as source, its result read back from its output (`runDeckBuild`), and
 * the builds still running stopped when the export is interrupted (`stopBuilds`); and a failed
 * build's message for a slide that refers to a missing file (`missingFileError`).
 */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import path from 'node:path'
import process from 'node:process'
import { pathToFileURL } from 'node:url'
import { CliError } from '../../shared/errors'
import { buildDeck, exportPlugins } from './build-child'
import type { DeckBuildArgs } from './build-child'
import { singleFileFinish, singleFileSetup } from '../html/html-build'
import { applyPatch } from './slidev-patches'

const RESULT_MARK = '\u0000deck-build-result\u0000'

/**
 * Node's own fallback for a bare import that the deck's folder cannot resolve, for ES modules
 * (a deck's vite.config, once Vite has bundled it next to the file, imports `vite` from the
 * deck's folder): the deck's node_modules are tried first, as always, then this project's.
 * `require` has the same fallback through NODE_PATH (see `runDeckBuild`). Registered as a
 * module hook (`module.register`) in the child, from a data: URL, so it needs no file.
 */
const FALLBACK_HOOK = [
  'let parentURL;',
  'export function initialize(data) { parentURL = data.parentURL; }',
  'export async function resolve(specifier, context, next) {',
  '  try { return await next(specifier, context); }',
  '  catch (error) {',
  '    const bare = !/^(?:[./]|[a-z][a-z0-9+.-]*:)/i.test(specifier);',
  '    if (!bare || error?.code !== \'ERR_MODULE_NOT_FOUND\' || context.parentURL === parentURL) throw error;',
  '    return next(specifier, { ...context, parentURL });',
  '  }',
  '}',
].join('\n')
const running = new Set<ChildProcess>()

/**
 * Runs `buildDeck` in a plain Node child process. Importing Slidev and Vite
 * through the TypeScript loader this script runs under costs seconds; the
 * child loads them directly, and the parent stays free to start the browser.
 */
export function runDeckBuild(args: DeckBuildArgs): Promise<string[]> {
  const source = [
    // Names some TS compilers wrap functions in; harmless without them.
    'globalThis.__name ??= (f) => f;',
    `(await import('node:module')).register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(FALLBACK_HOOK)}`)}, { data: { parentURL: ${JSON.stringify(pathToFileURL(path.join(args.packages, 'package.json')).href)} } });`,
    `const buildDeck = ${buildDeck.toString()};`,
    `const applyPatch = ${applyPatch.toString()};`,
    `const singleFile = { setup: ${singleFileSetup.toString()}, finish: ${singleFileFinish.toString()} };`,
    `const exportPlugins = ${exportPlugins.toString()};`,
    'try {',
    '  const used = await buildDeck(JSON.parse(process.env.DECK_EXPORT_BUILD), applyPatch, singleFile, exportPlugins);',
    `  process.stdout.write(${JSON.stringify(RESULT_MARK)} + JSON.stringify(used) + '\\n', () => process.exit(0));`,
    '} catch (error) {',
    '  process.stderr.write(String(error?.stack ?? error) + \'\\n\');',
    '  process.exit(1);',
    '}',
  ].join('\n')
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', source], {
      cwd: args.root,
      // The single file is the deck as delivered: always Vue's production build, also when
      // the export runs under a test runner that sets NODE_ENV=test (and the cache would
      // hand that build to the next export).
      // NODE_PATH: `require` falls back to this project's packages after the deck's own, as
      // the module hook above does for `import`.
      env: { ...process.env, NODE_ENV: 'production', DECK_EXPORT_BUILD: JSON.stringify(args), NODE_PATH: [path.join(args.packages, 'node_modules'), process.env.NODE_PATH].filter(Boolean).join(path.delimiter) },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    running.add(child)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => { stdout += d })
    child.stderr.on('data', (d: Buffer) => { stderr += d })
    child.on('error', (error) => {
      running.delete(child)
      reject(error)
    })
    child.on('close', (code, signal) => {
      running.delete(child)
      const at = stdout.lastIndexOf(RESULT_MARK)
      if (code === 0 && at >= 0) {
        resolve(JSON.parse(stdout.slice(at + RESULT_MARK.length).split('\n')[0]!))
        return
      }
      const output = `${stderr}\n${stdout}`.split('\n').map(l => l.trim()).filter(Boolean)
      // The first line that names an error, with the lines that say what the error is.
      const at0 = Math.max(0, output.findIndex(l => /error/i.test(l)))
      const first = output.slice(at0, at0 + 6).join('\n') || (signal ? `stopped by ${signal}` : `exit code ${code}`)
      reject(new Error(first))
    })
  })
}

/** Stops every build this process has running: SIGTERM, then SIGKILL for one still there after 2 s. */
export async function stopBuilds(): Promise<void> {
  await Promise.all([...running].map(child => new Promise<void>((resolve) => {
    child.once('close', () => resolve())
    child.kill('SIGTERM')
    setTimeout(() => {
      child.kill('SIGKILL')
      resolve()
    }, 2000).unref()
  })))
}

/**
 * A build that failed because a slide refers to a file that is not there (a picture from
 * public/ or beside the slides), as an error naming the slide and the file; undefined for any
 * other failure. Slidev builds the deck's N-th shown slide as `<file>__slidev_N.md` (hidden
 * slides are left out of the count, as in the export's own slide numbers).
 */
export function missingFileError(message: string): CliError | undefined {
  const m = /Could not resolve '([^']+)' in (\S+?)__slidev_(\d+)\.md/.exec(message)
  if (!m)
    return undefined
  const [, file, source, slide] = m
  return new CliError(`slide ${slide} (${path.basename(source!)}): ${file} does not exist`, {
    hint: file!.startsWith('/') ? `A path that starts with / is looked for in the deck's public/ folder.` : 'A relative path is looked for beside the markdown file.',
  })
}

