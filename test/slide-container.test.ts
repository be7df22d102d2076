/**
 * A print-view container's slide and click step are read from its id in one place
 * (scripts/export/print/slide-container.ts), which the print view's init script installs in the
 * page for the functions run there.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'
import { describe, expect, it } from 'vitest'
import { printViewInitScript } from '../scripts/export/print/print-in-page'
import { slideOfContainer } from '../scripts/export/print/slide-container'
import { ROOT } from './export-helpers'

describe('a print-view container\'s id', () => {
  it('gives the slide and the click step, the first step when the id names none', () => {
    expect(slideOfContainer('007-01')).toEqual({ slide: 7, step: 1 })
    expect(slideOfContainer('012-03')).toEqual({ slide: 12, step: 3 })
    expect(slideOfContainer('084')).toEqual({ slide: 84, step: 1 })
  })

  it('is read the same way in the page, by the function the init script installs', () => {
    const page: Record<string, unknown> = { document: { documentElement: null, addEventListener: () => {} } }
    vm.runInNewContext(printViewInitScript(), page)
    expect(typeof page.__deckSlideOf).toBe('function')
    expect((page.__deckSlideOf as typeof slideOfContainer)('012-03')).toEqual({ slide: 12, step: 3 })
  })

  it('is parsed nowhere else in the exporter', () => {
    const dir = path.join(ROOT, 'scripts')
    const files = (readdirSync(dir, { recursive: true }) as string[]).filter(f => f.endsWith('.ts') && !f.endsWith('slide-container.ts'))
    const parsing = files.filter(f => /\.id\.split\(\s*['"]-['"]\s*\)/.test(readFileSync(path.join(dir, f), 'utf8')))
    expect(parsing).toEqual([])
  })
})
