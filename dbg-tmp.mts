import { chromium } from 'playwright-chromium'
const file = process.argv[2]
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' })
const page = await browser.newPage()
page.on('request', r => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) console.log('REQ', r.url().slice(0, 120)) })
page.on('console', m => console.log('CONSOLE', m.type(), m.text().slice(0, 200)))
page.on('pageerror', e => console.log('PAGEERR', e.message.slice(0, 200)))
await page.goto(`file://${file}#/1`)
await page.waitForTimeout(3000)
for (let n = 1; n <= 11; n++) {
  await page.evaluate(no => (location.hash = `#/${no}`), n)
  await page.waitForTimeout(700)
  const ok = await page.evaluate(no => { const el = document.querySelector(`#slide-content .slidev-page-${no}`); return el ? [getComputedStyle(el).display, !!el.querySelector('.slidev-layout'), el.getBoundingClientRect().width] : null }, n)
  console.log('slide', n, JSON.stringify(ok))
}
await browser.close()
