import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-chromium'

const require = createRequire(import.meta.url)
let source: string | undefined

interface AxeNode { target: unknown[], failureSummary?: string }
interface AxeViolation { id: string, impact?: string | null, help: string, nodes: AxeNode[] }

/**
 * Runs axe-core over the whole document, with every rule it ships enabled (best practices and
 * colour contrast included). Returns one line per violation: rule, impact, and the first few
 * elements with axe's reason.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  source ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
  if (!await page.evaluate(() => 'axe' in window))
    await page.addScriptTag({ content: source })
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => ({ target: n.target, failureSummary: n.failureSummary })) }))
  })
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, 3).map(n => `${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').trim()}`)
    const more = v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : ''
    return `${v.id} (${v.impact ?? 'n/a'}): ${v.help}; ${nodes.join(' | ')}${more}`
  })
}
