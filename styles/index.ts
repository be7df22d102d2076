// Fonts ship with the deck (no font CDN): Inter for Latin text, Noto Sans SC for Chinese,
// JetBrains Mono for figures set in tabular style. The Chinese face is split by the
// package into unicode-range subsets, so a browser only fetches the subsets a slide uses.
import '@fontsource/inter/latin-400.css'
import '@fontsource/inter/latin-600.css'
import '@fontsource/inter/latin-700.css'
import '@fontsource/inter/latin-400-italic.css'
import '@fontsource/noto-sans-sc/400.css'
import '@fontsource/noto-sans-sc/700.css'
import '@fontsource/jetbrains-mono/latin-500.css'
import './deck.css'
import './chrome.css'
