import type { Reporter, TestModule } from 'vitest/node'

/**
 * Ends the run with one plain line, `tests: N passed, N failed, N skipped`, so any log reader can
 * tell a run that tested nothing from one that passed. A failed module load counts as a failure.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): void {
    const count = { passed: 0, failed: errors.length, skipped: 0 }
    for (const mod of modules) {
      if (mod.state() === 'failed' && ![...mod.children.allTests()].length)
        count.failed++
      for (const test of mod.children.allTests()) {
        const state = test.result().state
        if (state === 'passed')
          count.passed++
        else if (state === 'failed')
          count.failed++
        else
          count.skipped++
      }
    }
    process.stdout.write(`\ntests: ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped\n`)
  }
}
