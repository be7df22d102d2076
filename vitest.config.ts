import path from 'node:path'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'
import { BaseSequencer } from 'vitest/node'
import type { TestSpecification } from 'vitest/node'

/**
 * Files that build or export the deck, drive Chromium, or run the type check. They run after the unit tests, two
 * files at a time: on two cores one file alone leaves a core idle while it waits on Chromium,
 * LibreOffice or a build, and what they share is made once whichever file asks first
 * (test/support/shared-export.ts holds the exports and the static build, and the build cache
 * locks its builds), so files running together never make anything twice. Listed in the
 * order they start, longest first, so that both workers finish at about the same time; the
 * files that read a shared export come after the one that makes it, rather than waiting for it.
 */
const END_TO_END = [
  'test/any-deck.test.ts',
  'test/export.test.ts',
  'test/deck-faults.test.ts',
  'test/formats-alone.test.ts',
  'test/outside-deck.test.ts',
  'test/browser.test.ts',
  'test/pptx.test.ts',
  'test/dark-deck.test.ts',
  'test/long-deck.test.ts',
  'test/repeated-deck.test.ts',
  'test/mermaid-deck.test.ts',
  'test/remote-loads.test.ts',
  'test/theme-examples.test.ts',
  'test/own-chart.test.ts',
  'test/html.test.ts',
  'test/html-checks.test.ts',
  'test/pdf-ua.test.ts',
  'test/print-view.test.ts',
  'test/slides.test.ts',
  // Not an export, but the suite's longest run of one process after the exports: here it
  // fills a core while the others wait.
  'test/typecheck.test.ts',
]

/**
 * Vitest's order (unit tests first; within a project, failed and longer files first when an
 * earlier run is cached, larger files first when not), with the end-to-end files in the
 * order above: a fresh clone has no timings, and file size says little about how long a file
 * takes.
 */
class EndToEndOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const rank = (spec: TestSpecification) => END_TO_END.indexOf(path.relative(spec.project.config.root, spec.moduleId).split(path.sep).join('/'))
    const slots = sorted.flatMap((spec, i) => rank(spec) >= 0 ? [i] : [])
    const ordered = slots.map(i => sorted[i]!).sort((a, b) => rank(a) - rank(b))
    slots.forEach((slot, i) => (sorted[slot] = ordered[i]!))
    return sorted
  }
}

export default defineConfig({
  plugins: [vue()],
  test: {
    // A fresh folder for the exports the test files share, one per deck and options.
    globalSetup: ['./test/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    sequence: { sequencer: EndToEndOrder },
    // The end-to-end suites build the deck and drive Chromium; give them room on a 2-core box.
    testTimeout: 60_000,
    hookTimeout: 240_000,
    projects: [
      {
        extends: true,
        // Unit tests: in parallel, first, so they never wait behind an export; one worker a core
        // (vitest's default leaves one core out, which on two cores runs them one at a time).
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: END_TO_END, maxWorkers: '100%', sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'end-to-end', include: END_TO_END, fileParallelism: true, maxWorkers: 2, sequence: { groupOrder: 1 } },
      },
    ],
  },
})
