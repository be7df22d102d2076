import type { FigureId } from './figures'
import type { PersonId } from './people'
import type { QuoteId } from './quotes'
import type { SourceId } from './sources'
import type { SpanRef } from '../lib/evidence'

export type { SpanRef }

/** How precisely a date is known: the source may give a day, only a month, or only a year. */
export type DatePrecision = 'day' | 'month' | 'year'

/** A calendar date as far as the source fixes it: `2025-03-29`, `2023-12` or `2010`. */
export interface PartialDate {
  /** ISO 8601 prefix matching `precision`: YYYY-MM-DD, YYYY-MM or YYYY */
  iso: string
  precision: DatePrecision
  /** The source's own wording when it is vaguer than the precision says, e.g. `early 2021` */
  approx?: string
  /**
   * How the date follows from the source when the source does not print it, e.g.
   * `“A year later” than CyberDog, which came in 2021`; checked against the record's support.
   */
  derived?: string
}

export interface Person {
  /** Stable id used by quotes and slides, e.g. `lei-jun` */
  id: string
  name: string
  /** Chinese name where the source prints one */
  nameZh?: string
  role: string
  /** Article lines that back the role, e.g. `L42: Liu Fang 刘方 (former autonomous-driving head)` */
  support?: readonly SpanRef[]
}

export type SourceKind = 'interview' | 'speech' | 'commentary'

export interface Source {
  /** Stable id, e.g. `cctv-2023` */
  id: string
  kind: SourceKind
  /** Full title for the sources slide */
  title: string
  /** Short label for citation lines, e.g. `CCTV interview, Dec 2023` */
  label: string
  /** Who published the text this deck quotes */
  publisher: string
  /** True when the publisher's text is its own translation of a Chinese original */
  translated: boolean
  /** When the interview aired, the speech was given, or the article appeared */
  date: PartialDate
  /** Translation and transcript details, as the source states them */
  note: string
  /** The article lines this part occupies, as `[first, last]` ranges; no two sources share a line */
  lines: readonly (readonly [number, number])[]
  /** Article lines that back the title, label, date and note */
  support: readonly SpanRef[]
}

export interface Quote {
  /** Stable id used from slides.md, e.g. `tail-wind` */
  id: string
  /** The English text exactly as the source prints it; an elision is marked with `…` */
  text: string
  /** Chinese original where the source gives one, exactly as printed */
  original?: string
  speaker: PersonId
  source: SourceId
  /** The moment within the source, e.g. `on the car programme`; optional */
  context?: string
  /** Article lines that back the context, where the quote itself does not */
  support?: readonly SpanRef[]
}

/** Words the source puts before a number; kept so a figure never claims more precision than it has. */
export type Qualifier = 'more than' | 'over' | 'about' | 'maybe' | 'just over'

export type Currency = 'CNY' | 'USD'

export interface Figure {
  /** Stable id used from slides.md, e.g. `first-car-engineers` */
  id: string
  /** What is counted, in a few words, e.g. `Engineers on Xiaomi's first car` */
  label: string
  /** Who or what the number belongs to, for chart rows, e.g. `Xiaomi SU7` */
  short?: string
  /** A single number, or a `[low, high]` range where the source gives one */
  value: number | readonly [number, number]
  /** Unit of the number: `engineers`, `percent`, or the currency's unit for money */
  unit: string
  currency?: Currency
  qualifier?: Qualifier
  source: SourceId
  /** The source's own words for this number, verbatim, so the value can be checked against them */
  evidence: string
  /** For comparisons: the id of the figure this one is measured against (checked by test/data) */
  baseline?: string
  /** The same amount as the source also gives it in another currency, shown beside it */
  also?: string
  /** Article lines that back the label, where `evidence` alone does not */
  support?: readonly SpanRef[]
}

export interface TimelineEvent {
  id: string
  date: PartialDate
  title: string
  /** One line of detail in our own words */
  detail?: string
  source: SourceId
  /** Article lines that back the date, title and detail */
  support: readonly SpanRef[]
}

export type Domain = 'phones' | 'os' | 'chips' | 'cars' | 'robots'

export type Verdict = 'unproven' | 'shipped' | 'promising but exposed' | 'under strain' | 'retreated'

/** One row of the ambition-against-hard-truth scorecard. */
export interface ScorecardRow {
  domain: Domain
  /** Domain name as shown, e.g. `Operating system` */
  name: string
  /** What was promised, in our words */
  ambition: string
  /** What happened, in our words */
  hardTruth: string
  verdict: Verdict
  /** Quotes and figures that back the row */
  quotes: readonly QuoteId[]
  figures: readonly FigureId[]
  /** Article lines that back the ambition, the hard truth and the verdict */
  support: readonly SpanRef[]
}
