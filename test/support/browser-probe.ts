import type { Page } from 'playwright-chromium'
import { CANVAS } from './browser-deck'

/**
 * Smallest text allowed on the 980 px canvas. 14 px is about 0.9 % of the slide's width: when a
 * 16:9 deck is projected in a meeting room, shrunk into a PDF page or shown in a video call
 * thumbnail, that is the smallest size that still reads comfortably, and it is where common
 * presentation guidance puts the floor for footnotes and source lines.
 */
export const MIN_FONT_PX = 14

/**
 * Boxes may touch and their anti-aliased edges may share a pixel; anything more than this is
 * text drawn over text.
 */
const OVERLAP_PX = 1

/** Sub-pixel layout rounding, not text leaving the slide. */
const EDGE_PX = 0.5

export interface SlideLayout {
  /** Size of the slide box on screen divided by the canvas size; 1 when the canvas is unscaled. */
  scale: number
  overflow: string[]
  overlaps: string[]
  tooSmall: string[]
  /** How many text elements were measured, so a probe that finds nothing cannot pass silently. */
  measured: number
}

/**
 * Measures the text on slide `n` in canvas pixels: what runs off the canvas, which text boxes
 * overlap, and what is set below `MIN_FONT_PX`. A text element is any element with text of its
 * own (HTML or SVG); its boxes are the rectangles of its lines, so a caption that wraps beside a
 * name is not mistaken for one big block. Text in `.sr-only` is exempt: it is not drawn.
 */
export async function probeLayout(page: Page, n: number): Promise<SlideLayout> {
  return page.evaluate(([no, canvas, minPx, overlapPx, edgePx]) => {
    const root = document.querySelector(`#slide-content .slidev-page-${no}`) as HTMLElement
    const frame = root.getBoundingClientRect()
    const scale = frame.width / canvas.width

    interface Item { el: Element, label: string, lines: DOMRect[], glyphs: DOMRect[], px: number }
    const items: Item[] = []
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node as Element
      const own = [...el.childNodes].filter(c => c.nodeType === Node.TEXT_NODE && /\S/.test(c.textContent ?? ''))
      if (!own.length || el.closest('.sr-only, title, desc, style, script'))
        continue
      const style = getComputedStyle(el)
      if (style.visibility === 'hidden' || Number(style.opacity) === 0)
        continue
      let px = Number.parseFloat(style.fontSize)
      if (el instanceof SVGGraphicsElement) {
        // SVG text is sized in user units; the viewBox scales it to the size it is drawn at.
        const m = el.getScreenCTM()
        px *= m ? Math.hypot(m.a, m.b) / scale : 1
      }
      const lines: DOMRect[] = []
      const glyphs: DOMRect[] = []
      for (const text of own) {
        const range = document.createRange()
        range.selectNodeContents(text)
        for (const r of range.getClientRects()) {
          if (r.width < 0.5 || r.height < 0.5)
            continue
          const box = new DOMRect((r.x - frame.x) / scale, (r.y - frame.y) / scale, r.width / scale, r.height / scale)
          lines.push(box)
          // A line's box is the font's whole ascent-to-descent area, which for Noto Sans SC is
          // nearly 1.5 em tall; glyphs stay within the em square centred in it. Overlap is judged
          // on that, so tight but legible leading is not reported as a collision.
          const inset = Math.max(0, (box.height - px) / 2)
          glyphs.push(new DOMRect(box.x, box.y + inset, box.width, box.height - 2 * inset))
        }
      }
      if (!lines.length)
        continue
      const words = (el.textContent ?? '').replace(/\s+/g, ' ').trim()
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : ''
      items.push({ el, label: `<${el.localName}${cls}> “${words.length > 48 ? `${words.slice(0, 47)}…` : words}”`, lines, glyphs, px })
    }

    const fmt = (r: DOMRect) => `[${r.left.toFixed(1)}, ${r.top.toFixed(1)} → ${r.right.toFixed(1)}, ${r.bottom.toFixed(1)}]`
    const overflow: string[] = []
    const tooSmall: string[] = []
    for (const item of items) {
      const out = item.lines.find(r => r.left < -edgePx || r.top < -edgePx || r.right > canvas.width + edgePx || r.bottom > canvas.height + edgePx)
      if (out)
        overflow.push(`${item.label} at ${fmt(out)} leaves the ${canvas.width}×${canvas.height} canvas`)
      if (item.px < minPx - 0.01)
        tooSmall.push(`${item.label} is ${item.px.toFixed(1)} px`)
    }
    const overlaps: string[] = []
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const a = items[i]!
        const b = items[j]!
        if (a.el.contains(b.el) || b.el.contains(a.el))
          continue
        let hit: string | undefined
        for (const ra of a.glyphs) {
          for (const rb of b.glyphs) {
            const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left)
            const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top)
            if (w > overlapPx && h > overlapPx)
              hit ??= `${fmt(ra)} and ${fmt(rb)} share ${w.toFixed(1)}×${h.toFixed(1)} px`
          }
        }
        if (hit)
          overlaps.push(`${a.label} overlaps ${b.label}: ${hit}`)
      }
    }
    return { scale, overflow, overlaps, tooSmall, measured: items.length }
  }, [n, CANVAS, MIN_FONT_PX, OVERLAP_PX, EDGE_PX] as const)
}

/**
 * Text nodes with Han characters that no `lang="zh…"` ancestor covers. Without it a screen
 * reader speaks them with the English voice (or skips them) and the browser may pick a
 * Japanese glyph variant.
 */
export async function probeChineseLang(page: Page, scope: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const found: string[] = []
    for (const root of document.querySelectorAll(selector)) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? ''
        if (!/\p{Script=Han}/u.test(text))
          continue
        const lang = node.parentElement?.closest('[lang]')?.getAttribute('lang') ?? ''
        if (!/^zh\b/i.test(lang))
          found.push(`“${text.trim()}” in <${node.parentElement?.localName}> has lang “${lang}”`)
      }
    }
    return found
  }, scope)
}

/**
 * Every chart is an `svg[role=img]` whose `aria-labelledby` names elements with text; any other
 * SVG is decoration and hidden from assistive tech. Returns what falls short, and how many
 * charts were checked.
 */
export async function probeCharts(page: Page, n: number): Promise<{ charts: number, problems: string[] }> {
  return page.evaluate((no) => {
    const root = document.querySelector(`#slide-content .slidev-page-${no}`)!
    const problems: string[] = []
    let charts = 0
    for (const svg of root.querySelectorAll('svg')) {
      if (svg.closest('[aria-hidden="true"]'))
        continue
      if (svg.getAttribute('role') !== 'img') {
        problems.push(`an <svg> is neither role="img" nor aria-hidden`)
        continue
      }
      charts++
      const ids = (svg.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean)
      if (!ids.length) {
        problems.push('a chart has no aria-labelledby')
        continue
      }
      const parts = ids.map(id => document.getElementById(id))
      const missing = ids.filter((_, i) => !parts[i])
      if (missing.length)
        problems.push(`a chart's aria-labelledby names missing ids: ${missing.join(', ')}`)
      const name = parts.map(el => el?.textContent ?? '').join(' ').replace(/\s+/g, ' ').trim()
      if (name.length < 10)
        problems.push(`a chart's text alternative is empty or too short: “${name}”`)
    }
    return { charts, problems }
  }, n)
}

/**
 * The font files slide `n` can need: for each character on it, the first family in its font
 * stack with an `@font-face` whose unicode-range covers the character, and every file of that
 * family covering it (any weight). A browser that fetches a file outside this set is loading
 * fonts the slide does not use.
 */
export async function fontFilesNeeded(page: Page, n: number): Promise<string[]> {
  return page.evaluate((no) => {
    interface Face { family: string, file: string, ranges: Array<[number, number]> }
    const faces: Face[] = []
    for (const sheet of document.styleSheets) {
      for (const rule of sheet.cssRules) {
        if (!(rule instanceof CSSFontFaceRule))
          continue
        const family = rule.style.getPropertyValue('font-family').replace(/["']/g, '').trim()
        const file = /url\(["']?([^"')]+\.woff2)/.exec(rule.style.getPropertyValue('src'))?.[1]?.split('/').pop() ?? ''
        const ranges = (rule.style.getPropertyValue('unicode-range') || 'U+0-10FFFF').split(',').map((part) => {
          const [from, to] = part.trim().replace(/^U\+/i, '').split('-')
          return [Number.parseInt(from!, 16), Number.parseInt(to ?? from!, 16)] as [number, number]
        })
        faces.push({ family, file, ranges })
      }
    }
    const files = new Set<string>()
    const root = document.querySelector(`#slide-content .slidev-page-${no}`)!
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const stack = getComputedStyle(node.parentElement!).fontFamily.split(',').map(f => f.replace(/["']/g, '').trim())
      for (const ch of new Set(node.textContent ?? '')) {
        const code = ch.codePointAt(0)!
        for (const family of stack) {
          const covering = faces.filter(f => f.family === family && f.ranges.some(([a, b]) => code >= a && code <= b))
          if (covering.length) {
            covering.forEach(f => files.add(f.file))
            break
          }
        }
      }
    }
    return [...files].sort()
  }, n)
}

/** Whether slide `n` shows any Han characters. */
export async function hasChinese(page: Page, n: number): Promise<boolean> {
  return page.evaluate(no => /\p{Script=Han}/u.test(document.querySelector(`#slide-content .slidev-page-${no}`)?.textContent ?? ''), n)
}

export interface SlideFill {
  /** The slide's layout (`default`, `cover`, `section`, …), from Slidev's layout class */
  layout: string
  /** Canvas y (px) where the lowest drawn content ends: text lines, charts, images, rules */
  bottom: number
  /** `bottom` as a share of the canvas height */
  share: number
  /** What ends lowest, for a message that says where to look */
  lowest: string
}

/**
 * How far down slide `n`'s content reaches, in canvas pixels. Counted: every line of visible
 * text, every SVG chart and image, and every box that draws a border or background (cards,
 * callouts, table rules). Not counted: the source line pinned to the foot of the slide
 * (`.citation`), which sits there whatever the content above it does.
 */
export async function probeFill(page: Page, n: number): Promise<SlideFill> {
  return page.evaluate(([no, canvas]) => {
    const root = document.querySelector(`#slide-content .slidev-page-${no}`) as HTMLElement
    const layoutEl = root.querySelector('.slidev-layout')
    const layout = [...(layoutEl?.classList ?? [])].find(c => c !== 'slidev-layout') ?? 'default'
    const frame = root.getBoundingClientRect()
    const scale = frame.width / canvas.width
    let bottom = 0
    let lowest = 'nothing'
    const consider = (rect: DOMRect, label: string) => {
      if (rect.width < 0.5 || rect.height < 0.5)
        return
      const y = (rect.bottom - frame.y) / scale
      if (y > bottom) {
        bottom = y
        lowest = label
      }
    }
    const walker = document.createTreeWalker(layoutEl ?? root, NodeFilter.SHOW_ELEMENT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node as Element
      if (el.closest('.citation, .sr-only, title, desc, style, script'))
        continue
      const style = getComputedStyle(el)
      if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0)
        continue
      const name = `<${el.localName}${typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}>`
      if (el.localName === 'svg' || el.localName === 'img') {
        consider(el.getBoundingClientRect(), name)
        continue
      }
      if (el instanceof SVGElement)
        continue
      const painted = (style.backgroundColor !== 'rgba(0, 0, 0, 0)' && style.backgroundColor !== 'transparent')
        || ['Top', 'Bottom', 'Left'].some(side => Number.parseFloat(style.getPropertyValue(`border-${side.toLowerCase()}-width`)) > 0)
      if (painted && el !== layoutEl)
        consider(el.getBoundingClientRect(), name)
      for (const child of el.childNodes) {
        if (child.nodeType !== Node.TEXT_NODE || !/\S/.test(child.textContent ?? ''))
          continue
        const range = document.createRange()
        range.selectNodeContents(child)
        for (const r of range.getClientRects())
          consider(r, `${name} “${(child.textContent ?? '').trim().slice(0, 40)}”`)
      }
    }
    return { layout, bottom, share: bottom / canvas.height, lowest }
  }, [n, CANVAS] as const)
}
