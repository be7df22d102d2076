/**
 * The deck's own words against the article: each evidence span is verbatim on its line, every
 * number, date, name and quoted phrase of a slide's prose and notes (and of each data record's
 * own words) is in the evidence behind it, and notes never point at slides by position. The same
 * checks run as `npm run check`; the second half proves they fail, and say where, on bad input.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { missingTokens, parseSpan, positionalReference, sentencesOf, spanProblem, supports, tokensOf } from '../lib/evidence'
import { figures, quotes, scorecard, timeline } from '../data'
import { checkDeck, formatProblem } from '../scripts/check/check-deck'
import type { Problem } from '../scripts/check/check-records'
import { loadSlides, ROOT, SLIDES_PATH } from './support/slides'
import { SOURCE_PATH } from './support/source'

const article = (() => {
  try {
    return readFileSync(SOURCE_PATH, 'utf8')
  }
  catch {
    return undefined
  }
})()
const slidesText = readFileSync(SLIDES_PATH, 'utf8')
const show = (problems: Problem[]) => problems.map(formatProblem)

/** slides.md with `find` replaced by `replace` once; fails the test if `find` is not there. */
function edited(find: string, replace: string): string {
  expect(slidesText.includes(find), `slides.md no longer contains “${find}”`).toBe(true)
  return slidesText.replace(find, replace)
}

describe.skipIf(!article)(`the deck against the article (${article ? SOURCE_PATH : `skipped: no article at ${SOURCE_PATH}`})`, () => {
  const lines = (article ?? '').split('\n')

  it('finds nothing wrong with slides.md and data/', () => {
    expect(show(checkDeck({ root: ROOT, article }))).toEqual([])
  })

  it.each(loadSlides().map((s, i) => [i + 1, String(s.title), s] as const))('slide %i (“%s”) cites verbatim spans of the article', (_n, _title, slide) => {
    const items = (slide.frontmatter as { evidence?: unknown[] }).evidence ?? []
    expect(items.length, 'the slide lists no evidence').toBeGreaterThan(0)
    for (const item of items) {
      const span = parseSpan(item)
      expect('error' in span ? span.error : undefined).toBeUndefined()
      if (!('error' in span))
        expect(spanProblem(span, lines), `L${span.line}: ${span.text}`).toBeUndefined()
    }
  })

  describe('fails, naming the slide, the sentence and the token, when', () => {
    const notesOf10 = 'Still, cars are complex, he says.'

    it('a note adds a year the evidence does not give', () => {
      const problems = checkDeck({ root: ROOT, article, slidesText: edited(notesOf10, 'Xiaomi had planned the car since 2015. Still, cars are complex, he says.') })
      expect(problems).toHaveLength(1)
      const [p] = problems
      expect(p!.subject).toBe('slide 10 “The 10-X investment: “over ten times” holds against a typical model’s low end; at the high end, engineers fall short and spending is open”, notes')
      expect(p!.sentence).toBe('Xiaomi had planned the car since 2015.')
      expect(p!.message).toBe('number “2015” is not in the slide’s evidence or the data it shows')
      expect(p!.where).toMatch(/^slides\.md:\d+$/)
      expect(slidesText.split('\n')[Number(p!.where.split(':')[1]) - 1]).toContain(notesOf10)
    })

    it('prose names a company the evidence does not', () => {
      const problems = checkDeck({ root: ROOT, article, slidesText: edited('- **The chip** under export curbs', '- **The chip** under export curbs and Tesla') })
      expect(show(problems).join('\n')).toContain('slide 23 “What to watch: a profit forecast for Q2 2025, and the chip under curbs”, prose')
      expect(problems.map(p => p.message)).toEqual(['name “Tesla” is not in the slide’s evidence or the data it shows'])
    })

    it('a sentence puts words in quotation marks that the article does not print', () => {
      const problems = checkDeck({ root: ROOT, article, slidesText: edited('The article gives no cause for the crash;', 'Hold on to the phrase “safety first”. The article gives no cause for the crash;') })
      expect(problems.map(p => [p.subject, p.sentence, p.message])).toEqual([[
        'slide 9 “The car bet: respect the hard rules first, then surprise”, notes',
        'Hold on to the phrase “safety first”.',
        'quoted phrase “safety first” is not in the slide’s evidence or the data it shows',
      ]])
    })

    it('a note points at another slide by position', () => {
      const problems = checkDeck({ root: ROOT, article, slidesText: edited('That is scrutiny, not a finding of cause.', 'That is scrutiny, a few slides on, not a finding of cause.') })
      expect(problems.map(p => p.message)).toEqual(['points at another slide by position (“a few slides on”)'])
      expect(problems[0]!.hint).toContain('by its title')
    })

    it('an evidence span is not word for word on its line', () => {
      const problems = checkDeck({ root: ROOT, article, slidesText: edited('  - L34: Still, cars are complex.', '  - L34: Still, cars are very complex.') })
      expect(problems.map(p => `${p.subject}: ${p.message}`)).toEqual([
        'slide 10 “The 10-X investment: “over ten times” holds against a typical model’s low end; at the high end, engineers fall short and spending is open”, evidence: evidence span: “Still, cars are very complex.” is not in the article, word for word; copy it from line 34 exactly (curly quotes and dashes included)',
      ])
    })

    it('an evidence span names the wrong line', () => {
      const problems = checkDeck({ root: ROOT, article, slidesText: edited('  - L34: Still, cars are complex.', '  - L33: Still, cars are complex.') })
      expect(problems.map(p => p.message)).toEqual(['evidence span: “Still, cars are complex.” is on line 34, not line 33'])
    })

    it('a date appears only in another slide’s title, not in this slide’s evidence', () => {
      // “29 March 2025: an SU7 …” is a title elsewhere in the deck; it backs nothing here.
      // (2025 itself is backed: the slide cites the commentary, dated 2025.)
      const problems = checkDeck({ root: ROOT, article, slidesText: edited('The reporter calls it his tail-wind principle', 'The crash came on 29 March 2025. The reporter calls it his tail-wind principle') })
      expect(problems.map(p => p.message)).toEqual(['number “29”, date “March” are not in the slide’s evidence or the data it shows'])
    })

    it('lets a note name another slide by its title', () => {
      const problems = checkDeck({ root: ROOT, article, slidesText: edited('The reporter calls it his tail-wind principle', 'See the “29 March 2025: an SU7 on Navigate-on-Autopilot crashed, killing three” slide and the Sources slide. The reporter calls it his tail-wind principle') })
      expect(show(problems)).toEqual([])
    })

    it('a sentence adds a first or a superlative the evidence does not state', () => {
      const problems = checkDeck({ root: ROOT, article, slidesText: edited('The reporter calls it his tail-wind principle', 'It is his best-known saying. The reporter calls it his tail-wind principle') })
      expect(problems.map(p => [p.sentence, p.message])).toEqual([['It is his best-known saying.', 'first or superlative “best” is not in the slide’s evidence or the data it shows']])
    })

    it('a diagram label adds a figure the evidence does not give, while the diagram’s syntax and code are not read as prose', () => {
      const diagram = [
        '',
        '```mermaid {alt: \'How the crash reached the shares\'}',
        'graph LR',
        '  accTitle: From the crash to the market',
        '  A[Crash] -->|within hours| B(Hot search)',
        '  B --> C{Shares fell 7.5%}',
        '```',
        '',
        '```ts',
        'const Tesla = \'Model Y\'',
        '```',
        '',
        '- **The chip** under export curbs',
      ].join('\n')
      const problems = checkDeck({ root: ROOT, article, slidesText: edited('- **The chip** under export curbs', diagram) })
      expect(problems.map(p => [p.subject, p.sentence, p.message])).toEqual([[
        'slide 23 “What to watch: a profit forecast for Q2 2025, and the chip under curbs”, diagram',
        'Shares fell 7.5%',
        'number “7.5” is not in the slide’s evidence or the data it shows',
      ]])
    })

    it('a slide has no evidence at all', () => {
      const text = edited('---\nevidence:\n  - L2: "Yet the scorecard is mixed: the Robotics Lab has been folded into the auto unit, the SU7’s shine dimmed after a fatal crash, and new U.S. export curbs threaten the flagship chip program just as it launches."\n  - L1: the world’s No. 3 smartphone brand\n  - L69: Chips might be the exception\nhandout: [scorecard]\n---', '---')
      const problems = checkDeck({ root: ROOT, article, slidesText: text })
      expect(problems.map(p => `${p.subject}: ${p.message}`)).toContain('slide 22 “Scorecard: ambition against hard truth, and the result is mixed”: has no evidence')
    })
  })
})

describe.skipIf(!article)('the data records’ own words', () => {
  /** `list` with the record `key` (an id or a scorecard domain) changed as given. */
  const with_ = <T extends object>(list: readonly T[], key: string, change: Record<string, unknown>): T[] =>
    list.map(r => ('id' in r ? r.id : 'domain' in r ? r.domain : undefined) === key ? { ...r, ...change } as T : r)

  it('fail on a timeline detail the support does not back, naming file, line, record and token', () => {
    const problems = checkDeck({ root: ROOT, article, data: { timeline: with_(timeline, 'robotics-folded', { detail: 'Now serves the car factory since 2023' }) } })
    expect(problems.map(p => [p.subject, p.sentence, p.message])).toEqual([
      ['timeline event "robotics-folded"', 'Now serves the car factory since 2023', 'number “2023” is not in its support spans or the text it carries'],
    ])
    const line = Number(problems[0]!.where.replace('data/timeline.ts:', ''))
    expect(readFileSync(join(ROOT, 'data/timeline.ts'), 'utf8').split('\n')[line - 1]).toContain('\'robotics-folded\'')
  })

  it('fail on a scorecard row without support, and on a quoted phrase the article does not print', () => {
    const problems = checkDeck({ root: ROOT, article, data: { scorecard: with_(scorecard, 'robots', { support: [], hardTruth: 'It “serves the car factory”' }) } })
    expect(problems.map(p => `${p.subject}: ${p.message}`)).toEqual([
      'scorecard row "robots": has no `support` spans',
      // Without its spans, the row's ambition loses its backing too.
      'scorecard row "robots": quoted phrase “once-lofty ambitions”, number “2”, name “CyberDog”, name “CyberOne” are not in its support spans or the text it carries',
      'scorecard row "robots": quoted phrase “serves the car factory” is not in its support spans or the text it carries',
    ])
  })

  it('fail on a quote cut so that it is no longer verbatim, and on a figure whose value drifts', () => {
    const problems = checkDeck({
      root: ROOT,
      article,
      data: {
        quotes: with_(quotes, 'only-path', { text: 'this is Xiaomi’s milestone achievement; it is the only path' }),
        figures: with_(figures, 'share-fall', { value: 6.5 }),
      },
    })
    expect(problems.map(p => `${p.subject}: ${p.message}`)).toEqual([
      'quote "only-path": this part is not in the article word for word',
      'figure "share-fall": value 6.5 does not match 5.5 read from the evidence',
    ])
  })
})

describe.skipIf(!article)('quotes and figures credited to a source whose lines do not hold them', () => {
  const moved = <T extends { id: string }>(list: readonly T[], id: string, source: string): T[] =>
    list.map(r => r.id === id ? { ...r, source } as T : r)

  it('fail, naming the record, the line and the source', () => {
    const problems = checkDeck({
      root: ROOT,
      article,
      data: { quotes: moved(quotes, 'only-path', 'cctv-2023'), figures: moved(figures, 'share-fall', 'cctv-2023') },
    })
    expect(problems.map(p => p.subject)).toEqual(['quote "only-path"', 'figure "share-fall"'])
    for (const p of problems) {
      expect(p.message).toMatch(/^(?:its first part|the evidence) is on line \d+, outside the lines of source "cctv-2023" \(6–9, 12–40\)$/)
      expect(p.where).toMatch(/^data\/(?:quotes|figures)\.ts:\d+$/)
    }
  })
})

describe('`npm run check`', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deck-check-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const run = (args: string[]) => promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/check.ts', ...args], { cwd: ROOT })
    .then(r => ({ code: 0, ...r }), (e: { code: number, stdout: string, stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }))

  it.skipIf(!article)('passes on the deck as it is', async () => {
    const r = await run([])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/hold up against the article/)
  })

  it.skipIf(!article)('exits 1 and prints file, line, slide, sentence, token and what to do', async () => {
    const broken = join(dir, 'slides.md')
    writeFileSync(broken, slidesText.replace('Still, cars are complex, he says.', 'Sales reached 7 million. Still, cars are complex, he says.'))
    const r = await run(['--slides', broken])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^slides\.md:\d+ {2}slide 10 “The 10-X investment: “over ten times” holds against a typical model’s low end; at the high end, engineers fall short and spending is open”, notes\n {4}“Sales reached 7 million\.”\n {4}number “7” is not in the slide’s evidence or the data it shows\n {4}→ Add the article span/)
    expect(r.stderr).toMatch(/check: 1 problem \(\d+ ms\)/)
  })

  it('exits 2 with a hint when the article is missing', async () => {
    const r = await run(['--article', join(dir, 'nowhere.txt')])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('no article at')
    expect(r.stderr).toContain('Pass --article PATH or set BRIEFING_SOURCE')
  })
})

describe('the evidence reader', () => {
  it('reads spans written in data and in frontmatter, and refuses others', () => {
    expect(parseSpan('L43: In early 2021,  Lei Jun')).toEqual({ line: 43, text: 'In early 2021, Lei Jun' })
    expect(parseSpan({ L44: 'killing three college students' })).toEqual({ line: 44, text: 'killing three college students' })
    expect(parseSpan('In early 2021')).toHaveProperty('error')
    expect(parseSpan({ L44: null })).toHaveProperty('error')
    expect(parseSpan(['L1: x'])).toHaveProperty('error')
  })

  it('finds a span on its line, cuts marked with …, and says where a misplaced one is', () => {
    const lines = ['Alpha beta gamma delta.', '', 'Epsilon zeta.']
    expect(spanProblem({ line: 1, text: 'beta gamma' }, lines)).toBeUndefined()
    expect(spanProblem({ line: 1, text: 'Alpha … delta.' }, lines)).toBeUndefined()
    expect(spanProblem({ line: 1, text: 'delta … Alpha' }, lines)).toMatch(/keep the parts in the article's order/)
    expect(spanProblem({ line: 1, text: 'zeta' }, lines)).toBe('“zeta” is on line 3, not line 1')
    expect(spanProblem({ line: 2, text: 'x' }, lines)).toBe('line 2 of the article is empty')
    expect(spanProblem({ line: 9, text: 'x' }, lines)).toBe('line 9 of the article is past its end')
  })

  it('splits prose into sentences at line breaks and sentence ends, not after U.S.', () => {
    expect(sentencesOf('- First point. Second point?\n\n# Title\nU.S. curbs bite. “Quoted.” Next')).toEqual(['First point.', 'Second point?', 'Title', 'U.S. curbs bite.', '“Quoted.”', 'Next'])
  })

  it('takes numbers, dates, names and quoted phrases from a sentence', () => {
    const tokens = tokensOf('On 3 June Lei Jun said the SU7 had “top marks” from three tests in Q2 2025 for Xiaomi’s iPhone rival.')
    expect(tokens).toEqual([
      { kind: 'quoted', text: 'top marks' },
      { kind: 'number', text: '3' },
      { kind: 'number', text: 'Q2' },
      { kind: 'number', text: '2025' },
      { kind: 'date', text: 'June' },
      { kind: 'name', text: 'Lei' },
      { kind: 'name', text: 'Jun' },
      { kind: 'name', text: 'SU7' },
      { kind: 'number', text: 'three' },
      { kind: 'name', text: 'Xiaomi' },
      { kind: 'name', text: 'iPhone' },
    ])
    expect(tokensOf('The first-ever and only car, the safest.')).toEqual([
      { kind: 'claim', text: 'first' },
      { kind: 'claim', text: 'only' },
      { kind: 'claim', text: 'safest' },
    ])
    // A capital at the start of a sentence or in a title-case heading is not a name.
    expect(tokensOf('Robots retreated.')).toEqual([])
    expect(tokensOf('Ambition Meets Hard Truth', { heading: true })).toEqual([])
  })

  it('matches numbers by value, names as whole words, months spelt out or abbreviated', () => {
    expect(supports('on March 29th, 2025', { kind: 'number', text: '29' })).toBe(true)
    expect(supports('killing three college students', { kind: 'number', text: '3' })).toBe(true)
    expect(supports('3,400 engineers', { kind: 'number', text: '3,400' })).toBe(true)
    expect(supports('3,400 engineers', { kind: 'number', text: '400' })).toBe(false)
    expect(supports('fell 5.5%', { kind: 'number', text: '5' })).toBe(false)
    expect(supports('Xiaomi-style innovation', { kind: 'name', text: 'Xiaomi' })).toBe(true)
    expect(supports('XiaomiPhone', { kind: 'name', text: 'Xiaomi' })).toBe(false)
    expect(missingTokens('Dated 29 Mar 2025.', 'on March 29th, 2025')).toEqual([])
    expect(missingTokens('Lei Jun spoke.', 'Lei Jun')).toEqual([])
  })

  it('spots notes that point at slides by position, and lets titles through', () => {
    for (const text of ['the crash, two slides on', 'see the next slide', 'as on slide 12', 'the slide near the end', 'The next three slides cover it'])
      expect(positionalReference(text), text).toBeDefined()
    for (const text of ['the Sources slide has the details', 'the full Scorecard slide', 'slides stay plain Markdown'])
      expect(positionalReference(text), text).toBeUndefined()
  })
})

describe('the handout’s evidence listing', () => {
  it('lists each span under the notes with its line, escaped', async () => {
    const { handoutNotesHtml } = await import('../scripts/export/handout/handout-notes')
    const html = handoutNotesHtml('Talking point.', [{ line: 44, text: 'fell 5.5% <the next> trading day' }])
    expect(html).toBe('<p>Talking point.</p>\n<h4>Article lines behind this slide</h4>\n<ul class="handout-evidence"><li><strong>L44</strong> fell 5.5% &lt;the next&gt; trading day</li></ul>')
    expect(handoutNotesHtml('Only notes.', [])).toBe('<p>Only notes.</p>')
    expect(handoutNotesHtml('N.', [{ line: 44, text: 'The hashtag #SU7事故 raced' }])).toContain('<li><strong>L44</strong> The hashtag #SU7<span lang="zh-Hans">事故</span> raced</li>')
  })

  it('reads every slide’s evidence in deck order, shortened for print', async () => {
    const { readSlideEvidence } = await import('../scripts/export/handout/handout-notes')
    const evidence = await readSlideEvidence(SLIDES_PATH)
    const slides = loadSlides()
    expect(evidence).toHaveLength(slides.length)
    for (const [i, list] of evidence.entries()) {
      expect(list.length, `slide ${i + 1}`).toBe(((slides[i]!.frontmatter as { evidence?: unknown[] }).evidence ?? []).length)
      for (const e of list)
        expect(e.text.length, `slide ${i + 1}, L${e.line}`).toBeLessThanOrEqual(74)
    }
  })
})
