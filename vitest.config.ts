import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  plugins: [vue()],
  test: {
    include: ['test/**/*.test.ts'],
    // A fresh folder for the exports the test files share, one per deck and options.
    globalSetup: ['./test/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // The end-to-end suites build the deck and drive Chromium; give them room on a 2-core box.
    testTimeout: 60_000,
    hookTimeout: 240_000,
    // Suites that build or export share dist/ and a browser; running files one at a time keeps
    // them from racing each other for the two cores.
    fileParallelism: false,
  },
})
