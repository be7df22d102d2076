import type { Source } from '../data/types'

/** `CCTV interview, Dec 2023, ChinaTalk translation` or `Commentary by Angela, 2025, ChinaTalk` */
export function citeSource(source: Pick<Source, 'label' | 'publisher' | 'translated'>): string {
  return `${source.label}, ${source.publisher}${source.translated ? ' translation' : ''}`
}
