/**
 * The format registry and the exporter's side of sharing the print view: the page is checked
 * before the first format that uses it, and after one that borrows it; formats never look at
 * which other formats run.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { deckRefusals, FORMATS, pageOrderProblem, renderFormats, renderOrder } from '../scripts/export/formats'
import type { LeftOut } from '../scripts/export/formats'
import type { ExportFormat, FormatContext, PageUse } from '../scripts/export/format-types'
import type { Deck } from '../scripts/shared/deck'
import { CliError, FormatRefusal } from '../scripts/shared/errors'
import { ROOT } from './export-helpers'

/** A format that records when it renders. */
function fake(name: string, page: PageUse, log: string[]): ExportFormat {
  return {
    name,
    title: `the ${name}`,
    help: { file: `<name>.${name}`, about: [`a ${name}`] },
    clickSteps: true,
    page,
    async render() {
      log.push(`render ${name}`)
      return { finished: Promise.resolve({ files: [], summary: name }) }
    },
  }
}

/** What the fakes need of a run: somewhere to say each format begins. */
const FAKE_CONTEXT = { run: { progress: () => {} }, numbers: [1] } as unknown as FormatContext

/** Renders `chosen` from fakes shaped like the real registry; returns what happened, in order. */
async function run(chosen: string[]): Promise<string[]> {
  const log: string[] = []
  const registry = FORMATS.map(f => fake(f.name, f.page, log))
  const boxes = [{ slide: 1, top: 0, left: 0, width: 10, height: 10 }]
  const check = async (_run: unknown, before: string, expected?: typeof boxes) => {
    log.push(`check before ${before}${expected ? ' (slides where they were)' : ''}`)
    return boxes
  }
  await renderFormats(FAKE_CONTEXT, chosen, { check: check as never, registry })
  return log
}

describe('the format registry', () => {
  it('lists every format once, and renders them in an order that can share the print view', () => {
    expect(FORMATS.map(f => f.name).sort()).toEqual(['handout', 'html', 'pdf', 'png', 'pptx'])
    expect(pageOrderProblem(renderOrder(FORMATS))).toBeUndefined()
  })

  it('uses the browser in the order that shares the print view, whatever order the registry lists the formats in', () => {
    expect(FORMATS.map(f => f.name)).toEqual(['pdf', 'png', 'handout', 'pptx', 'html'])
    expect(renderOrder(FORMATS).map(f => f.name)).toEqual(['handout', 'pdf', 'pptx', 'png', 'html'])
    expect(pageOrderProblem(renderOrder([...FORMATS].reverse()))).toBeUndefined()
  })

  it('leaves naming the formats one by one to the registry: the orchestrator, the run and the options name none', () => {
    for (const file of ['scripts/export.ts', 'scripts/export/run.ts', 'scripts/shared/cli.ts']) {
      const named = [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(/['"`](pdf|png|handout|pptx|html)['"`]/g)].map(m => m[1])
      expect(named, file).toEqual([])
    }
  })

  it('refuses an order where a format uses the page after one that keeps it changed', () => {
    const png = FORMATS.find(f => f.name === 'png')!
    const pdf = FORMATS.find(f => f.name === 'pdf')!
    expect(pageOrderProblem([png, pdf])).toBe('pdf uses the print view after png, which leaves it changed')
  })

  it('checks the page before the first format that uses it, and after the handout gives the slides back', async () => {
    expect(await run(['pdf', 'png', 'handout', 'pptx', 'html'])).toEqual([
      'check before laying out the handout',
      'render handout',
      'check before the formats after the handout (slides where they were)',
      'render pdf',
      'render pptx',
      'render png',
      'render html',
    ])
  })

  it('checks once for formats that only read the page, whichever of them run', async () => {
    expect(await run(['pptx', 'pdf'])).toEqual(['check before printing the PDF', 'render pdf', 'render pptx'])
    expect(await run(['pptx'])).toEqual(['check before reading the slides for the PowerPoint', 'render pptx'])
    // The PNG captures check the page themselves, once they have spaced the slides out.
    expect(await run(['png'])).toEqual(['render png'])
    expect(await run(['html'])).toEqual(['render html'])
  })

  it('asks only the chosen formats whether the deck rules them out, before anything is made', () => {
    const fetching = { webFonts: { provider: 'google', providerNamed: false, host: 'fonts.googleapis.com', families: ['Lato'], fromTheme: [], weights: ['400'], italic: false }, localFonts: { found: [], missing: ['Lato'] } } as unknown as Deck
    const refusals = deckRefusals(fetching, ['pdf', 'html'])
    expect(refusals.map(r => r.format)).toEqual(['html'])
    expect(refusals[0]!.refusal).toBeInstanceOf(FormatRefusal)
    expect(refusals[0]!.refusal.message).toMatch(/^the single-file HTML would load fonts from the network: Lato from fonts\.googleapis\.com/)
    expect(deckRefusals(fetching, ['pdf', 'png', 'handout', 'pptx'])).toEqual([])
    expect(deckRefusals({ webFonts: undefined, localFonts: { found: [], missing: [] } } as unknown as Deck, ['html'])).toEqual([])
    // Every chosen format is asked, in registry order.
    const asked: string[] = []
    const refusing = (name: string): ExportFormat => ({ ...fake(name, { use: 'none' }, []), refuse: () => (asked.push(name), new FormatRefusal(`no ${name}`, { reason: name })) })
    expect(deckRefusals(fetching, ['png', 'pdf'], [refusing('pdf'), refusing('png'), refusing('pptx')]).map(r => r.refusal.message)).toEqual(['no pdf', 'no png'])
    expect(asked).toEqual(['pdf', 'png'])
  })

  it('leaves out a format whose render finds it cannot be made, when asked to, and renders the others', async () => {
    const log: string[] = []
    const refusing: ExportFormat = { ...fake('html', { use: 'none' }, log), async render() {
      log.push('render html')
      throw new FormatRefusal('the single-file HTML still refers to a file it could not inline', { reason: 'it would need a file from outside it' })
    } }
    const registry = [fake('pdf', { use: 'none' }, log), refusing, fake('png', { use: 'none' }, log)]
    const left: LeftOut[] = []
    const finishing = await renderFormats(FAKE_CONTEXT, ['pdf', 'html', 'png'], { registry, leaveOut: l => left.push(l) })
    expect([...finishing.keys()]).toEqual(['pdf', 'png'])
    expect(log).toEqual(['render pdf', 'render html', 'render png'])
    expect(left.map(l => [l.format, l.refusal.reason])).toEqual([['html', 'it would need a file from outside it']])
    // Without leaveOut (the format named by --format) it fails the export; so does any other error.
    await expect(renderFormats(FAKE_CONTEXT, ['html'], { registry })).rejects.toThrow(/could not inline/)
    const broken: ExportFormat = { ...refusing, render: async () => { throw new CliError('slide 2: broken') } }
    await expect(renderFormats(FAKE_CONTEXT, ['html'], { registry: [broken], leaveOut: l => left.push(l) })).rejects.toThrow('slide 2: broken')
  })

  it('has no format read which other formats run', () => {
    const dir = path.join(ROOT, 'scripts', 'export')
    const files = (readdirSync(dir, { recursive: true }) as string[]).filter(f => f.endsWith('-format.ts'))
    expect(files.length).toBe(5)
    for (const file of files)
      expect(readFileSync(path.join(dir, file), 'utf8'), file).not.toMatch(/options\.formats|\bformats\.includes/)
  })
})
