import { execFileSync, spawn } from 'node:child_process'
import path from 'node:path'
import process from 'node:process'
import { resolveConfig } from '@slidev/parser'
import { load } from '@slidev/parser/fs'

export const ROOT = path.resolve(import.meta.dirname, '..')
export const SLIDES = path.join(ROOT, 'slides.md')
const EXPORT_SCRIPT = path.join(ROOT, 'scripts', 'export.ts')

export interface RunResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv
  /** Kill the export if it runs longer than this. */
  timeoutMs?: number
  /** Called once the process is running, e.g. to signal it later. */
  onSpawn?: (pid: number, output: () => string) => void
}

/** Runs the export the way `npm run export` does (node with tsx's loader), without npm's own start-up. */
export function runExport(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', EXPORT_SCRIPT, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => { stdout += d })
    child.stderr.on('data', (d: Buffer) => { stderr += d })
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 240_000)
    child.on('error', reject)
    child.on('spawn', () => options.onSpawn?.(child.pid!, () => stdout + stderr))
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr })
    })
  })
}

export interface DeckFacts {
  headmatter: Record<string, unknown>
  canvasWidth: number
  canvasHeight: number
  exportName: string
  /** Each slide shown, with its title (`Slide N` if it has no heading; `titled` says which). */
  slides: Array<{ number: number, title: string, titled: boolean, note: string }>
}

/** Inline markdown and HTML reduced to visible text, the way a PDF outline has to show a title. */
export function visibleText(markdown: string): string {
  return markdown
    .replace(/<[^>]+>/g, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*(.+?)\*\*|__(.+?)__/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim()
}

/** The deck as Slidev's own parser sees it, independent of the export script; hidden slides left out. */
export async function readDeckFacts(entry = SLIDES): Promise<DeckFacts> {
  const root = path.dirname(entry)
  const data = await load({ userRoot: root, roots: [root] }, entry)
  const config = resolveConfig(data.headmatter, undefined, entry)
  const headmatter = data.headmatter as Record<string, unknown>
  return {
    headmatter,
    canvasWidth: config.canvasWidth,
    canvasHeight: config.canvasWidth / config.aspectRatio,
    exportName: typeof headmatter.exportFilename === 'string' ? headmatter.exportFilename : 'slides',
    slides: data.slides.filter(s => !s.frontmatter?.hide && !s.frontmatter?.disabled).map((s, i) => ({
      number: i + 1,
      title: s.title ? visibleText(String(s.title)) : `Slide ${i + 1}`,
      titled: !!s.title,
      note: s.note ?? '',
    })),
  }
}

/** Text of a PDF (or of pages `first..last`) as poppler's pdftotext extracts it. */
export function pdfText(file: string, first?: number, last?: number): string {
  const args = ['-enc', 'UTF-8']
  if (first)
    args.push('-f', String(first), '-l', String(last ?? first))
  return execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' })
}

/** Folds text for a containment test: compatibility forms, curly quotes and all whitespace. */
export function fold(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[‘’]/g, '\'')
    .replace(/[“”]/g, '"')
    .replace(/\u00AD/g, '')
    .replace(/\s+/g, '')
}

export { sha256File, treeDigest } from '../scripts/shared/digest'

/** The first sentence of some speaker notes, as it would print: markup removed, whitespace folded. */
export function firstSentence(note: string): string {
  const text = note
    .replace(/\[click(?::\d+)?\]/g, '')
    .replace(/^\s*[-*+]\s+/gm, '')
    .replace(/\*\*|__|`/g, '')
    .replace(/(^|\W)[*_](\S.*?\S|\S)[*_](?=\W|$)/g, '$1$2')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim()
  const m = /^.{12,}?[.!?](?=\s|$)/.exec(text)
  return (m ? m[0] : text).slice(0, 160)
}
