/**
 * The test run's setup: a fresh folder for the exports the test files share (see
 * test/support/shared-export.ts), removed when the run ends.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { EXPORTS_ENV } from './support/shared-export'

export default function setup(): () => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'deck-test-exports-'))
  process.env[EXPORTS_ENV] = dir
  return () => rmSync(dir, { recursive: true, force: true })
}
