/**
 * What a deck asks other hosts for. An export runs offline (the browser resolves no host but
 * the loopback one), so every remote picture, background, CSS `url()`, stylesheet, font and
 * embed fails to load, and without a check it comes out blank. Each failed request is recorded
 * as it fails; once the slides and their fonts are loaded, every one is placed on its slide
 * and all are reported together. With `--placeholders` the export goes on instead, with a
 * visible placeholder in each place on a slide, and the manifest and summary list them.
 * `inPageRemoteLoads` runs in the page, so it must not use anything from module scope.
 */
import { CliError } from '../../shared/errors'

/** One remote load that did not load, where the deck shows it. */
export interface RemoteLoad {
  url: string
  /** What it is, as a reader would say it: `picture`, `background picture`, `embed`, `stylesheet`, `font`, … */
  what: string
  /** The slide that shows it; undefined for what the whole deck loads (a stylesheet, a font, a script). */
  slide?: number
}

/** Whether a request goes to another host than the loopback one the export serves the deck on. */
export function isRemote(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  }
  catch {
    return false
  }
  if (!/^(?:https?|wss?):$/.test(parsed.protocol))
    return false
  return !['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname)
}

/** What a request the page could not place on a slide is, from the kind of request it was. */
const DECK_WIDE: Readonly<Record<string, string>> = {
  stylesheet: 'stylesheet',
  font: 'font',
  script: 'script',
  image: 'picture',
  media: 'video or sound',
  document: 'embedded page',
}

/** What the page says of the failed requests: where each is used, the fonts among them, the page's icons. */
export interface InPageRemoteLoads {
  places: Array<{ url: string, what: string, slide: number }>
  faces: Array<{ url: string, family: string }>
  /** The page's own icon (a browser tab shows it; no export does). */
  icons: string[]
}

/**
 * Finds where each URL is used on the visible slides: pictures, embeds, and CSS pictures
 * (backgrounds, masks, list markers, borders, generated content). With `draw`, puts a
 * visible placeholder in each place: a box of the same size that names the file, in place of
 * a picture or an embed, and a label over an element whose CSS picture is missing.
 */
export function inPageRemoteLoads({ urls, draw }: { urls: string[], draw: boolean }): InPageRemoteLoads {
  const wanted = new Set(urls)
  const found: InPageRemoteLoads['places'] = []
  const absolute = (ref: string | null) => {
    if (!ref)
      return ''
    try {
      return new URL(ref, document.baseURI).href
    }
    catch {
      return ''
    }
  }
  const cssUrls = (value: string) => Array.from(value.matchAll(/url\((['"]?)(.*?)\1\)/g), m => absolute(m[2] ?? ''))
  const shortName = (url: string) => {
    const u = new URL(url)
    const name = `${u.host}${u.pathname}`
    return name.length > 64 ? `${name.slice(0, 30)}…${name.slice(-30)}` : name
  }
  // `url` empty: `what` is the whole label, on one line.
  const label = (what: string, url: string, alt: string) => {
    const box = document.createElement('div')
    box.setAttribute('data-deck-placeholder', '')
    box.style.cssText = 'box-sizing:border-box;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:4px;padding:8px;border:2px dashed #7a7a7a;background:#ececec;color:#333;font:14px/1.3 sans-serif;text-align:center;overflow:hidden;overflow-wrap:anywhere;'
    for (const line of url ? [`${what} not loaded (offline)`, shortName(url), alt] : [what]) {
      if (!line)
        continue
      const p = document.createElement('span')
      p.textContent = line
      box.append(p)
    }
    return box
  }
  const replace = (el: Element, what: string, url: string) => {
    const r = el.getBoundingClientRect()
    const scale = (el as HTMLElement).offsetWidth ? r.width / (el as HTMLElement).offsetWidth : 1
    const width = r.width / scale >= 40 ? r.width / scale : 320
    const height = r.height / scale >= 40 ? r.height / scale : width * 9 / 16
    const box = label(what, url, el.getAttribute('alt') ?? el.getAttribute('title') ?? '')
    box.setAttribute('data-deck-placeholder', url)
    box.className = el.getAttribute('class') ?? ''
    box.style.width = `${width}px`
    box.style.height = `${height}px`
    el.replaceWith(box)
  }
  const overlay = (el: HTMLElement, what: string, url: string) => {
    // The picture's stand-in keeps the element's text readable: dark under light text, light under dark.
    const [r = 0, g = 0, b = 0] = (getComputedStyle(el).color.match(/[\d.]+/g) ?? []).map(Number)
    el.style.backgroundImage = 'none'
    const light = 0.2126 * r + 0.7152 * g + 0.0722 * b > 140
    el.style.backgroundColor = light && (el.innerText ?? '').trim() ? '#4a4a4a' : '#ececec'
    if (getComputedStyle(el).position === 'static')
      el.style.position = 'relative'
    el.style.outline = '2px dashed #7a7a7a'
    const box = label(`${what} not loaded (offline): ${shortName(url)}`, '', '')
    box.setAttribute('data-deck-placeholder', url)
    box.style.position = 'absolute'
    box.style.flexDirection = 'row'
    box.style.padding = '2px 6px'
    box.style.fontSize = '12px'
    box.style.zIndex = '10'
    // Inside a box as large as a slide's background, below a smaller one, clear of its own text.
    box.style.left = '0'
    if (el.offsetHeight >= 200)
      box.style.bottom = '0'
    else
      box.style.top = '100%'
    box.style.width = 'max-content'
    box.style.maxWidth = `${Math.max(el.offsetWidth, 480)}px`
    el.append(box)
  }
  // The families of the @font-face rules (in stylesheets the page can read) whose sources are wanted.
  const faces: InPageRemoteLoads['faces'] = []
  const visit = (rules: CSSRuleList) => {
    for (const rule of Array.from(rules)) {
      if (rule instanceof CSSFontFaceRule) {
        const base = rule.parentStyleSheet?.href ?? document.baseURI
        for (const m of rule.style.getPropertyValue('src').matchAll(/url\((['"]?)(.*?)\1\)/g)) {
          const url = new URL(m[2] ?? '', base).href
          if (wanted.has(url) && !faces.some(f => f.url === url))
            faces.push({ url, family: rule.style.getPropertyValue('font-family').trim().replace(/^(['"])(.*)\1$/, '$2') })
        }
      }
      else if ('cssRules' in rule) {
        visit((rule as CSSGroupingRule).cssRules)
      }
    }
  }
  for (const sheet of Array.from(document.styleSheets)) {
    try {
      visit(sheet.cssRules)
    }
    catch {}
  }
  // With placeholders, a face that cannot load is taken out, so its text is set in the fallback
  // font it already shows, and no later font check stops at it.
  const dropFaces = (rules: CSSRuleList, owner: CSSStyleSheet | CSSGroupingRule) => {
    for (let i = rules.length - 1; i >= 0; i--) {
      const rule = rules[i]!
      if (rule instanceof CSSFontFaceRule && faces.some(f => rule.style.getPropertyValue('src').includes(new URL(f.url).pathname)))
        owner.deleteRule(i)
      else if ('cssRules' in rule)
        dropFaces((rule as CSSGroupingRule).cssRules, rule as CSSGroupingRule)
    }
  }
  if (draw && faces.length) {
    for (const sheet of Array.from(document.styleSheets)) {
      try {
        dropFaces(sheet.cssRules, sheet)
      }
      catch {}
    }
  }
  const icons = Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel~="icon"]'), l => l.href)
  for (const container of Array.from(document.querySelectorAll<HTMLElement>('.print-slide-container'))) {
    if (container.style.display === 'none')
      continue
    const slide = __deckSlideOf(container.id).slide
    // A face that did not load is shown in the fallback font: its place is every slide whose text names it.
    for (const face of faces) {
      const uses = Array.from(container.querySelectorAll<HTMLElement>('*')).some(el => Array.from(el.childNodes).some(n => n.nodeType === Node.TEXT_NODE && n.nodeValue?.trim())
        && getComputedStyle(el).fontFamily.split(',').some(f => f.trim().replace(/^(['"])(.*)\1$/, '$2') === face.family))
      if (uses && !found.some(f => f.url === face.url && f.slide === slide))
        found.push({ url: face.url, what: `font "${face.family}"`, slide })
    }
    const places: Array<{ el: Element, url: string, what: string, inside: boolean }> = []
    for (const el of Array.from(container.querySelectorAll('img, iframe, embed, object, video, audio, source, image'))) {
      const tag = el.localName
      const refs = tag === 'img'
        ? [(el as HTMLImageElement).currentSrc, absolute(el.getAttribute('src')), ...(el.getAttribute('srcset') ?? '').split(',').map(s => absolute(s.trim().split(/\s+/)[0] ?? ''))]
        : tag === 'image'
          ? [absolute(el.getAttribute('href') ?? el.getAttribute('xlink:href'))]
          : [absolute(el.getAttribute('src') ?? el.getAttribute('data')), absolute(el.getAttribute('poster'))]
      const url = refs.find(ref => wanted.has(ref))
      if (url) {
        const what = tag === 'img' || tag === 'image' ? 'picture' : tag === 'video' || tag === 'audio' || tag === 'source' ? 'video or sound' : 'embed'
        places.push({ el: tag === 'source' && el.parentElement ? el.parentElement : el, url, what, inside: false })
      }
    }
    const layout = container.querySelector('.slidev-layout')
    for (const el of [container, ...Array.from(container.querySelectorAll<HTMLElement>('*'))]) {
      for (const pseudo of [null, '::before', '::after']) {
        const cs = getComputedStyle(el, pseudo)
        for (const value of [cs.backgroundImage, cs.maskImage, cs.listStyleImage, cs.borderImageSource, pseudo ? cs.content : '']) {
          if (!value || !value.includes('url('))
            continue
          for (const url of cssUrls(value)) {
            if (wanted.has(url) && !places.some(p => p.el === el && p.url === url))
              places.push({ el, url, what: el === layout || el.parentElement === layout?.parentElement ? 'background picture' : 'CSS picture', inside: true })
          }
        }
      }
    }
    for (const place of places) {
      if (!found.some(f => f.url === place.url && f.slide === slide))
        found.push({ url: place.url, what: place.what, slide })
      if (!draw)
        continue
      if (place.inside)
        overlay(place.el as HTMLElement, place.what, place.url)
      else
        replace(place.el, place.what, place.url)
    }
  }
  return { places: found, faces, icons }
}

/**
 * Every failed request placed: on the slides that show it, else on the slide whose source
 * names it, else on no slide (what the whole deck loads). In deck order, those of no slide last.
 */
export function placeRemoteLoads(failed: Map<string, string>, page: InPageRemoteLoads, sourceOf: (slide: number) => string | undefined, slideCount: number): RemoteLoad[] {
  const loads: RemoteLoad[] = [...page.places]
  for (const [url, type] of failed) {
    if (page.places.some(p => p.url === url) || page.icons.includes(url))
      continue
    const face = page.faces.find(f => f.url === url)
    const what = face ? `font "${face.family}"` : DECK_WIDE[type] ?? 'file'
    const named = Array.from({ length: slideCount }, (_, i) => i + 1).filter(n => sourceOf(n)?.includes(url))
    loads.push(...(named.length ? named.map(slide => ({ url, what, slide })) : [{ url, what }]))
  }
  return loads.sort((a, b) => (a.slide ?? Infinity) - (b.slide ?? Infinity))
}

export const PLACEHOLDER_FLAG = '--placeholders'

/**
 * One line per file: `slide 3: background picture https://…`, `slides 2, 5: font "X" https://…`,
 * or `the deck: stylesheet https://…`. A font the whole deck uses is one line, not one a slide.
 */
export function remoteLoadLines(loads: RemoteLoad[]): string[] {
  const groups = new Map<string, { load: RemoteLoad, slides: number[] }>()
  for (const load of loads) {
    const key = `${load.what} ${load.url}`
    const group = groups.get(key) ?? { load, slides: [] }
    groups.set(key, group)
    if (load.slide !== undefined)
      group.slides.push(load.slide)
  }
  return [...groups.values()].map(({ load, slides }) => {
    const where = !slides.length ? 'the deck' : slides.length === 1 ? `slide ${slides[0]}` : `slides ${slides.length > 6 ? `${slides.slice(0, 5).join(', ')} and ${slides.length - 5} more` : slides.join(', ')}`
    return `${where}: ${load.what} ${load.url}`
  })
}

/** The summary line's part for the placeholders: how many files did not load, counted once each. */
export function remoteSummary(loads: RemoteLoad[]): string[] {
  const files = new Set(loads.map(l => l.url)).size
  return files ? [`${files} remote file${files === 1 ? '' : 's'} not loaded, see manifest.json`] : []
}

/** All remote loads that failed, as the error the export stops with. */
export function remoteLoadsError(loads: RemoteLoad[]): CliError {
  const lines = remoteLoadLines(loads)
  const count = lines.length === 1 ? 'a remote file' : `${lines.length} remote files`
  return new CliError(`${count} did not load (an export loads nothing from the network):\n${lines.map(l => `    ${l}`).join('\n')}`, {
    hint: `Put each file in the deck's public/ folder and refer to it as /name, or export with ${PLACEHOLDER_FLAG} to draw a placeholder in its place.`,
  })
}
