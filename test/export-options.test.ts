/**
 * The export's options, taken from the format registry: --format, --with-clicks and --help
 * know the formats only through what each declares (its name, its file, whether it takes
 * click steps and why not), so a message about a limitation comes from the format that has it.
 */
import { describe, expect, it } from 'vitest'
import { FORMATS } from '../scripts/export/formats'
import type { FormatChoice } from '../scripts/shared/cli'
import { parseOptions, usage } from '../scripts/shared/cli'
import { UsageError } from '../scripts/shared/errors'

/** The message `argv` is refused with, or 'accepted'. */
function refusal(argv: string[], registry: readonly FormatChoice[] = FORMATS): string {
  try {
    parseOptions(argv, registry)
  }
  catch (error) {
    expect(error).toBeInstanceOf(UsageError)
    return (error as Error).message
  }
  return 'accepted'
}

/** A format the registry does not have, that takes click steps. */
const SVG: FormatChoice = { name: 'svg', title: 'the SVGs', help: { file: 'svg/NN.svg', about: ['one drawing per slide'] }, clickSteps: true }

describe('--format and --with-clicks', () => {
  it('exports every format of the registry by default, and with --with-clicks those that take click steps', () => {
    expect(parseOptions([], FORMATS).formats).toEqual(['pdf', 'png', 'handout', 'pptx', 'html'])
    expect(parseOptions(['--with-clicks'], FORMATS).formats).toEqual(['pdf', 'png'])
    expect(parseOptions(['--with-clicks'], [...FORMATS, SVG]).formats).toEqual(['pdf', 'png', 'svg'])
    expect(parseOptions(['--format', 'svg,pdf,svg'], [...FORMATS, SVG]).formats).toEqual(['svg', 'pdf'])
  })

  it('refuses --with-clicks with a format that cannot show click steps, in that format\'s own words', () => {
    expect(refusal(['--with-clicks', '--format', 'html'])).toBe('--with-clicks: the single-file HTML is the presenting deck, which plays each click as it is shown; use --with-clicks with --format pdf,png')
    expect(refusal(['--with-clicks', '--format', 'pdf,handout'])).toBe('--with-clicks: the handout shows each slide once, in its final state; use --with-clicks with --format pdf,png')
    expect(refusal(['--with-clicks', '--format', 'png,pptx'])).toBe('--with-clicks: the PowerPoint shows each slide once, in its final state; use --with-clicks with --format pdf,png')
    expect(refusal(['--with-clicks', '--format', 'png,svg'], [...FORMATS, SVG])).toBe('accepted')
  })

  it('names the registry\'s formats when --format names another', () => {
    expect(refusal(['--format', 'pdf,docx'])).toBe('--format pdf,docx: unknown format "docx"; choose from pdf, png, handout, pptx, html')
    expect(refusal(['--format', 'pdf,docx'], [...FORMATS, SVG])).toBe('--format pdf,docx: unknown format "docx"; choose from pdf, png, handout, pptx, html, svg')
    expect(refusal(['--format', ','], [SVG])).toBe('--format: give at least one of svg')
  })
})

describe('--help', () => {
  it('lists each format\'s file as the format describes it, and the formats --format and --with-clicks take', () => {
    const text = usage([...FORMATS, SVG])
    expect(text).toContain('\n  <name>.pdf            one page per slide at the canvas size; tagged, with\n                        bookmarks, metadata and embedded fonts\n')
    expect(text).toContain('\n  svg/NN.svg            one drawing per slide\n  manifest.json ')
    expect(text).toContain('--format LIST      comma-separated: pdf,png,handout,pptx,html,svg (default: all of')
    expect(text).toContain('only for pdf, png and svg, which it then defaults to')
    expect(usage(FORMATS)).toContain('only for pdf and png, which it then defaults to')
  })
})
