/**
 * Choosing and ordering the timeline's events for a slide.
 */
import type { TimelineEvent } from '../data/types'
import { dateStart } from './format'

/** Events whose year falls within `from`–`to` (inclusive; either end may be open), oldest first. */
export function selectEvents<T extends TimelineEvent>(events: readonly T[], from?: string, to?: string): T[] {
  return events
    .filter((event) => {
      const year = event.date.iso.slice(0, 4)
      return (!from || year >= from) && (!to || year <= to)
    })
    .sort((a, b) => dateStart(a.date).localeCompare(dateStart(b.date)))
}
