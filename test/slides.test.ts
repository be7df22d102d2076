import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sharedStaticBuild } from './support/shared-export'
import { findEvent, findFigure, findPerson, findQuote, findSource, figures, quotes, scorecard } from '../data'
import { formatNumber } from '../lib/format'
import { componentUses, loadSlides, proseOf, ROOT } from './support/slides'

const slides = loadSlides()
const uses = slides.flatMap((s, i) => componentUses(i + 1, s.content))

const RESOLVERS: Record<string, (id: string) => unknown> = {
  QuoteCard: findQuote,
  FigureStat: findFigure,
  CompareChart: findFigure,
  TimelineStrip: findEvent,
  Citation: findSource,
  PersonName: findPerson,
  Scorecard: id => scorecard.find(row => row.domain === id),
}
const COMPONENT_FILES = readdirSync(join(ROOT, 'components')).map(f => f.replace(/\.vue$/, ''))

describe('slides.md', () => {
  it('tells the story in 15 to 25 slides, each with a title', () => {
    expect(slides.length).toBeGreaterThanOrEqual(15)
    expect(slides.length).toBeLessThanOrEqual(25)
    for (const [i, s] of slides.entries())
      expect(s.title?.trim(), `slide ${i + 1} has no title`).toBeTruthy()
  })

  it('gives every slide speaker notes', () => {
    for (const [i, s] of slides.entries())
      expect((s.note ?? '').trim().length, `slide ${i + 1} (“${s.title}”) has no speaker notes`).toBeGreaterThan(40)
  })

  it('uses only components the project has', () => {
    const unknown = uses.filter(u => !COMPONENT_FILES.includes(u.tag)).map(u => `slide ${u.slide}: <${u.tag}>`)
    expect(unknown).toEqual([])
  })

  it('names only ids that exist in the data module', () => {
    const broken = uses.flatMap(u => u.ids
      .filter(id => RESOLVERS[u.tag] && !RESOLVERS[u.tag]!(id))
      .map(id => `slide ${u.slide}: <${u.tag} ${u.attr}="${id}">`))
    expect(broken).toEqual([])
    // A slide's `handout:` ids are drawn in the handout by the same components, so they resolve too.
    const handoutIds = slides.flatMap((s, i) => ((s.frontmatter as { handout?: string[] }).handout ?? []).map(id => [i + 1, id] as const))
    const resolves = (id: string) => id === 'scorecard' || ['QuoteCard', 'FigureStat', 'TimelineStrip'].some(tag => RESOLVERS[tag]!(id))
    expect(handoutIds.filter(([, id]) => !resolves(id)).map(([n, id]) => `slide ${n}: handout id "${id}"`)).toEqual([])
    expect(uses.filter(u => RESOLVERS[u.tag] && u.ids.length).length + handoutIds.length).toBeGreaterThan(30)
  })

  it('shows every quote and headline figure through components, never typed by hand', () => {
    const typed: string[] = []
    for (const [i, s] of slides.entries()) {
      // The notes are spoken: they may say a quote or figure that the slide or its handout draws
      // from the data module. What the slide shows as its own prose may not type one out.
      const named = [...componentUses(i + 1, s.content).flatMap(u => u.ids), ...((s.frontmatter as { handout?: string[] }).handout ?? [])]
      // A chart draws each figure against its baseline, so the baseline is drawn too.
      const drawn = new Set([...named, ...named.map(id => findFigure(id)?.baseline).filter((id): id is string => !!id)])
      const onScreen = proseOf(s.content)
      const spoken = proseOf(s.note ?? '')
      const typedIn = (id: string, has: (text: string) => boolean) => has(onScreen) || (!drawn.has(id) && has(spoken))
      for (const q of quotes) {
        if (typedIn(q.id, text => q.text.split('…').map(p => p.trim()).some(p => p.length > 30 && text.includes(p))))
          typed.push(`slide ${i + 1} types out quote "${q.id}"`)
      }
      for (const f of figures) {
        const number = formatNumber(f.value)
        const written = [f.evidence, `${number} ${f.unit}`, ...(/[,.]|billion/.test(number) ? [number] : [])]
        for (const w of written.filter(w => typedIn(f.id, text => text.includes(w))))
          typed.push(`slide ${i + 1} types out figure "${f.id}" as “${w}”`)
      }
    }
    expect(typed).toEqual([])
  })

  it('quotes from both of Lei Jun’s texts and the commentary', () => {
    const quoted = new Set(uses.filter(u => u.tag === 'QuoteCard').flatMap(u => u.ids).map(id => findQuote(id)?.source))
    expect([...quoted].sort()).toEqual(['anniversary-2025', 'cctv-2023', 'chinatalk-article'])
  })
})

describe('slidev build', () => {
  it('builds the deck into a static site', async () => {
    // The run's shared build (`slidev build`, under a sub-path), which the browser suite opens.
    const out = await sharedStaticBuild()
    expect(existsSync(join(out, 'index.html'))).toBe(true)
    const html = readFileSync(join(out, 'index.html'), 'utf8')
    expect(html).toContain('<title>Xiaomi’s Hard-Tech Bet')
    // Fonts come from the build, not a font CDN.
    expect(html).not.toMatch(/fonts\.(googleapis|gstatic|bunny)|coollabs/)
    expect(readdirSync(join(out, 'assets')).some(f => f.endsWith('.woff2'))).toBe(true)
  }, 180_000)
})
