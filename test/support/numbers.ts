export { parseNumberPhrase } from '../../lib/numbers'
export type { Parsed } from '../../lib/numbers'
