/**
 * The whole project type-checks: scripts, components, data and tests, with vue-tsc as
 * `npm run typecheck` runs it. It is one of the end-to-end files, so that on two cores it runs
 * while the exports wait on Chromium, LibreOffice or a build, instead of before all of them.
 */
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const VUE_TSC = createRequire(import.meta.url).resolve('vue-tsc/bin/vue-tsc.js')

describe('types', () => {
  it('type-checks every TypeScript and Vue file of the project', () => {
    const run = spawnSync(process.execPath, [VUE_TSC, '--noEmit', '-p', 'tsconfig.json'], { cwd: ROOT, encoding: 'utf8' })
    const output = `${run.stdout}${run.stderr}`
    expect(run.error).toBeUndefined()
    expect(run.status, `vue-tsc --noEmit -p tsconfig.json found:\n${output}`).toBe(0)
    expect(output.trim()).toBe('')
  }, 240_000)
})
