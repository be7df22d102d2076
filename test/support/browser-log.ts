import type { Page } from 'playwright-chromium'

export interface PageEvent {
  /** What was on screen when it happened, e.g. `slide 4`. */
  where: string
  kind: 'external request' | 'failed request' | 'console error' | 'page error'
  detail: string
}

/** URLs that never leave the browser. */
function isInPage(url: string): boolean {
  return /^(?:data|blob|about):/.test(url)
}

/**
 * Records, against whatever is on screen at the time, every request to a host other than the
 * local server, every request that fails or answers with an error status, and every console
 * error or uncaught exception. A deck presented offline or from a locked-down room must need
 * nothing else, and a silent failure there shows up as a missing font or a blank chart.
 */
export class PageLog {
  readonly events: PageEvent[] = []
  where = 'start'

  constructor(page: Page, allowedOrigin: string) {
    page.on('request', (request) => {
      const url = request.url()
      if (!isInPage(url) && new URL(url).origin !== allowedOrigin)
        this.add('external request', `${request.method()} ${url}`)
    })
    page.on('requestfailed', (request) => {
      this.add('failed request', `${request.url()}: ${request.failure()?.errorText ?? 'failed'}`)
    })
    page.on('response', (response) => {
      if (response.status() >= 400)
        this.add('failed request', `${response.url()}: HTTP ${response.status()}`)
    })
    page.on('console', (message) => {
      if (message.type() === 'error') {
        const at = message.location().url
        this.add('console error', at ? `${message.text()} (at ${at})` : message.text())
      }
    })
    page.on('pageerror', error => this.add('page error', error.stack ?? error.message))
  }

  private add(kind: PageEvent['kind'], detail: string): void {
    this.events.push({ where: this.where, kind, detail })
  }

  /** One line per event, naming where it happened, for a test failure message. */
  lines(): string[] {
    return this.events.map(e => `${e.where}: ${e.kind}: ${e.detail}`)
  }
}
