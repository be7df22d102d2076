import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

/**
 * Files that build or export the deck, or drive Chromium. They run after the unit tests, one
 * file at a time: they share build caches and a browser, and racing each other for the two
 * cores only slows them down.
 */
const END_TO_END = [
  'test/any-deck.test.ts',
  'test/browser.test.ts',
  'test/deck-faults.test.ts',
  'test/export.test.ts',
  'test/html-checks.test.ts',
  'test/html.test.ts',
  'test/pdf-ua.test.ts',
  'test/pptx.test.ts',
  'test/print-view.test.ts',
  'test/slides.test.ts',
]

export default defineConfig({
  plugins: [vue()],
  test: {
    // A fresh folder for the exports the test files share, one per deck and options.
    globalSetup: ['./test/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // The end-to-end suites build the deck and drive Chromium; give them room on a 2-core box.
    testTimeout: 60_000,
    hookTimeout: 240_000,
    projects: [
      {
        extends: true,
        // Unit tests: in parallel, first, so they never wait behind an export.
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: END_TO_END, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'end-to-end', include: END_TO_END, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
})
