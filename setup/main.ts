import { defineAppSetup } from '@slidev/types'

// Every view of the deck (slides, presenter panes, overview, dialogs) renders inside #app.
// Marking it as the main landmark gives screen-reader users one region to jump to, and keeps
// no content outside a landmark. Done here rather than in the HTML template because the dev
// server serves Slidev's template untouched.
export default defineAppSetup(() => {
  document.getElementById('app')?.setAttribute('role', 'main')
})
