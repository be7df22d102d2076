/**
 * A source's short citation, as the slides and the handout print it.
 */
import type { Source } from '../data/types'

/**
 * `CCTV interview, Dec 2023, ChinaTalk translation`, or `ChinaTalk article, 2025` when the label
 * already names the publisher.
 */
export function citeSource(source: Pick<Source, 'label' | 'publisher' | 'translated'>): string {
  const by = source.label.startsWith(source.publisher) && !source.translated ? '' : `, ${source.publisher}${source.translated ? ' translation' : ''}`
  return `${source.label}${by}`
}
