/**
 * The one interface every output format implements. A format says what it writes, what it can
 * and cannot do (click steps, a build of its own, progress per slide), and how it uses the
 * print view; the exporter opens the print view once, each format then gets the same context,
 * does its browser work in `render` (in the order `renderOrder` gives) and may finish in this
 * process afterwards (`finished`), while the next format uses the browser.
 */
import type { ExportOptions } from '../shared/cli'
import type { Deck } from '../shared/deck'
import type { FormatRefusal } from '../shared/errors'
import type { BuildOptions, BuildResult } from './build/build-cache'
import type { PdfMetadata } from './pdf/pdf-finish'
import type { PrintPage } from './print/print-page'
import type { RunControl } from './run'

export interface FormatContext {
  run: RunControl
  print: PrintPage
  deck: Deck
  /** Slides to export, in order. */
  numbers: number[]
  options: ExportOptions
  /** Title, author, subject, language and the reproducible date, for every format's properties. */
  metadata: PdfMetadata & { date: Date }
  titleOf: (n: number) => string
  /** The format's own build (`ExportFormat.build`), started with the print build; undefined for a format without one. */
  ownBuild?: Promise<BuildResult>
}

/** What the exporter asks of a build: the deck and its inputs, as the print build has them. */
export type BuildRequest = Omit<BuildOptions, 'variant' | 'onDecided'>

/** A file the format made, as the manifest lists it. */
export interface OutputFile {
  /** The name of the format that made it. */
  kind: string
  file: string
  /**
   * Left out by a format that stored the file itself as it went (`run.store`), so a long deck's
   * images are not all held until the manifest is written.
   */
  bytes?: Uint8Array
  pages?: number
  /** For per-slide files (PNGs). */
  slide?: number
  width?: number
  height?: number
}

export interface FormatResult {
  /** Whole-deck files and per-slide files, once checked. */
  files: OutputFile[]
  /** Extra facts for a slide's manifest entry, e.g. the PDF page it is on. */
  slideFields?: (n: number, index: number) => Record<string, number>
  /** One phrase for the closing line, e.g. "deck.pdf 232 KB". */
  summary: string
}

/**
 * What a format does to the shared print view, so that the exporter (not the format) puts the
 * page in a known state before it and checks it after:
 * - `reads`: it prints, reads or captures the slides as they are, and changes nothing; the
 *   exporter first makes sure the page is steady (once, while nothing changes it), naming
 *   `before` if it is not;
 * - `borrows`: it rearranges the slides and puts them back; the exporter checks the page is
 *   steady before, and after that every slide is back where it was;
 * - `keeps`: it rearranges the slides for good and checks them itself, so it comes last of the
 *   formats that use the page;
 * - `none`: it does not use the print view.
 */
export type PageUse =
  | { use: 'reads' | 'borrows', before: string }
  | { use: 'keeps' }
  | { use: 'none' }

export interface ExportFormat<N extends string = string> {
  /** What --format calls it, the manifest's `kind`. */
  name: N
  /** How messages and --help name what it makes: `the PowerPoint`. */
  title: string
  /** Its entry in --help: the file it writes (`<name>.pdf`) and what that is, in lines of up to 54 characters. */
  help: { file: string, about: string[] }
  /**
   * `true` when --with-clicks gives it a page or picture per click step; otherwise why it
   * cannot, said of this format, for the message that refuses it (`the handout shows …`).
   */
  clickSteps: true | string
  /** It counts its slides on the terminal as it makes them (the PNGs); for the others, the exporter says when each begins. */
  slideProgress?: boolean
  /** Work to start while the browser starts, such as loading the code it finishes its files with. */
  preload?: () => Promise<unknown>
  /** A build of the deck of its own (the single file's), started after the print build; `ownBuild` in its context. */
  build?: (request: BuildRequest) => Promise<BuildResult>
  page: PageUse
  /**
   * Why this format cannot be made from the deck, when the deck as read already says so: asked
   * before anything is built or written, so the format is left out at once (or, asked for by
   * name, the export fails at once). Optional; the format still checks what it makes.
   */
  refuse?: (deck: Deck) => FormatRefusal | undefined
  /**
   * Browser work. Resolves once the browser is free for the next format, with `finished`: the
   * work that goes on in this process (finishing, checking, storing in staging). A
   * FormatRefusal thrown here means this format alone cannot be made faithfully.
   */
  render: (ctx: FormatContext) => Promise<{ finished: Promise<FormatResult> }>
}
