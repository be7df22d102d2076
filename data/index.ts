import { figures } from './figures'
import type { FigureId } from './figures'
import { people } from './people'
import type { PersonId } from './people'
import { quotes } from './quotes'
import type { QuoteId } from './quotes'
import { scorecard } from './scorecard'
import { sources } from './sources'
import type { SourceId } from './sources'
import { timeline } from './timeline'
import type { EventId } from './timeline'
import type { Figure, Person, Quote, Source, TimelineEvent } from './types'

export * from './types'
export { figures, people, quotes, scorecard, sources, timeline }
export type { EventId, FigureId, PersonId, QuoteId, SourceId }

/** Thrown when a record is asked for by an id the data module does not have. */
export class UnknownIdError extends Error {
  constructor(readonly kind: string, readonly id: string) {
    super(`unknown ${kind} id "${id}"`)
    this.name = 'UnknownIdError'
  }
}

function indexById<T extends { id: string }>(records: readonly T[]): ReadonlyMap<string, T> {
  return new Map(records.map(record => [record.id, record]))
}

const QUOTES = indexById<Quote>(quotes)
const FIGURES = indexById<Figure>(figures)
const SOURCES = indexById<Source>(sources)
const PEOPLE = indexById<Person>(people)
const EVENTS = indexById<TimelineEvent>(timeline)

function lookup<T>(map: ReadonlyMap<string, T>, kind: string, id: string): T {
  const found = map.get(id)
  if (!found)
    throw new UnknownIdError(kind, id)
  return found
}

// Typed lookups for code that knows its ids; the `find*` variants serve components, which
// receive ids from slides.md at run time and must show a visible error instead of throwing.
export const quoteById = (id: QuoteId): Quote => lookup(QUOTES, 'quote', id)
export const figureById = (id: FigureId): Figure => lookup(FIGURES, 'figure', id)
export const sourceById = (id: SourceId): Source => lookup(SOURCES, 'source', id)
export const personById = (id: PersonId): Person => lookup(PEOPLE, 'person', id)
export const eventById = (id: EventId): TimelineEvent => lookup(EVENTS, 'timeline event', id)

export const findQuote = (id: string): Quote | undefined => QUOTES.get(id)
export const findFigure = (id: string): Figure | undefined => FIGURES.get(id)
export const findSource = (id: string): Source | undefined => SOURCES.get(id)
export const findPerson = (id: string): Person | undefined => PEOPLE.get(id)
export const findEvent = (id: string): TimelineEvent | undefined => EVENTS.get(id)
