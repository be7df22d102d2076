import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { pictureProblems } from '../scripts/check/check-pictures'
import { ROOT } from './export-helpers'

const deck = [
  '---',
  'title: Pictures',
  '---',
  '',
  '# Cover',
  '',
  '![A described tile](/tile.png)',
  '',
  '---',
  '',
  '# Second',
  '',
  '![](/bare.png)',
  '<img src="/plain.png" style="width: 10px">',
  '<img src="/decor.png" alt="">',
  '<svg viewBox="0 0 4 4"><rect width="4" height="4"/></svg>',
  '<canvas aria-label="A drawn line"></canvas>',
  '',
  '```html',
  '<img src="/inside-code.png">',
  '```',
  '',
  '```mermaid',
  'graph LR',
  '  A --> B',
  '```',
  '',
  '```mermaid',
  'graph LR',
  '  accTitle: Two boxes',
  '  A --> B',
  '```',
  '',
  '```mermaid {alt: \'Two boxes in a row\', scale: 0.8}',
  'graph LR',
  '  A --> B',
  '```',
  '',
  '```mermaid {alt: \'\'}',
  'graph LR',
  '  A --> B',
  '```',
  '',
].join('\n')

describe('check: pictures without alternative text', () => {
  it('names each with its file, line and slide, and leaves described, decorative and quoted ones alone', () => {
    const found = pictureProblems(deck, 'deck.md')
    expect(found.map(p => [p.where, p.subject, p.message])).toEqual([
      ['deck.md:13', 'slide 2 “Second”', 'the image /bare.png has no alternative text'],
      ['deck.md:14', 'slide 2 “Second”', 'the image /plain.png has no alternative text'],
      ['deck.md:16', 'slide 2 “Second”', 'an <svg> has no alternative text'],
      ['deck.md:23', 'slide 2 “Second”', 'a Mermaid diagram has no alternative text'],
      ['deck.md:39', 'slide 2 “Second”', 'a Mermaid diagram has no alternative text'],
    ])
    expect(found[0]!.hint).toMatch(/alt="…"/)
  })

  it('finds none in this project\'s slides', () => {
    expect(pictureProblems(readFileSync(path.join(ROOT, 'slides.md'), 'utf8'), 'slides.md')).toEqual([])
  })

  it('is reported by npm run check, which then fails', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'check-pictures-'))
    const file = path.join(dir, 'slides.md')
    writeFileSync(file, `${readFileSync(path.join(ROOT, 'slides.md'), 'utf8').trimEnd()}\n\n---\n\n# Plain\n\n<img src="/favicon.svg">\n`)
    let output = ''
    let code = 0
    try {
      execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'check.ts'), '--slides', file], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' })
    }
    catch (error) {
      const e = error as { status: number, stderr: string }
      code = e.status
      output = e.stderr
    }
    finally {
      rmSync(dir, { recursive: true, force: true })
    }
    expect(code).toBe(1)
    const lines = readFileSync(path.join(ROOT, 'slides.md'), 'utf8').trimEnd().split('\n').length
    expect(output).toMatch(new RegExp(`slides\\.md:${lines + 6}  slide 25 “Plain”\\n\\s+the image /favicon\\.svg has no alternative text`))
  }, 60_000)
})
