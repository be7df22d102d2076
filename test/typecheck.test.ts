/**
 * The whole project type-checks: scripts, components, data and tests, with vue-tsc as
 * `npm run typecheck` runs it. It is one of the end-to-end files, so that on two cores it runs
 * while the exports wait on Chromium, LibreOffice or a build, instead of before all of them.
 */
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const VUE_TSC = createRequire(import.meta.url).resolve('vue-tsc/bin/vue-tsc.js')

function typecheck(): Promise<{ code: number | null, output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VUE_TSC, '--noEmit', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d: Buffer) => { output += d })
    child.stderr.on('data', (d: Buffer) => { output += d })
    child.on('error', reject)
    child.on('close', code => resolve({ code, output }))
  })
}

describe('types', () => {
  it('type-checks every TypeScript and Vue file of the project', async () => {
    const { code, output } = await typecheck()
    expect(code, `vue-tsc --noEmit -p tsconfig.json found:\n${output}`).toBe(0)
    expect(output.trim()).toBe('')
  }, 240_000)
})
