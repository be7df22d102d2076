import { defineShortcutsSetup } from '@slidev/types'

// Slidev binds no keys to the first and last slide. Home and End do that in every other
// presentation program, so a presenter driving the deck from the keyboard expects them.
export default defineShortcutsSetup((nav, base) => [
  ...base,
  { name: 'first_home', key: 'home', fn: nav.goFirst },
  { name: 'last_end', key: 'end', fn: nav.goLast },
])
