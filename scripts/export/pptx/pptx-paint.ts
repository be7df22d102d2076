/**
 * Colours as the PowerPoint needs them, from the computed CSS the page gave: `rgb()`/`rgba()`
 * colours as paints, see-through layers flattened onto what lies under them (a PowerPoint
 * highlight or slide background has no opacity of its own), and CSS linear gradients as
 * angle and stops, for a gradient background or for the one colour of gradient lettering.
 */
import type { Gradient, Paint } from './slide-view'

/** A CSS colour (`rgb()` or `rgba()`, as computed styles give them) as a paint; none when transparent. */
export function paint(css: string | undefined): Paint | undefined {
  const m = /rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)/.exec(css ?? '')
  if (!m)
    return undefined
  let alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? Number.parseFloat(m[4]) / 100 : Number(m[4])
  alpha = Math.max(0, Math.min(1, alpha))
  if (alpha === 0)
    return undefined
  const hex = [m[1], m[2], m[3]].map(v => Math.round(Number(v)).toString(16).padStart(2, '0')).join('').toUpperCase()
  return { hex, alpha }
}

export const WHITE: Paint = { hex: 'FFFFFF', alpha: 1 }

const channels = (p: Paint) => [0, 2, 4].map(i => Number.parseInt(p.hex.slice(i, i + 2), 16))
const hexOf = (values: number[]) => values.map(v => Math.round(v).toString(16).padStart(2, '0')).join('').toUpperCase()

/** `top` laid over `bottom`, as the browser composites them. */
export function over(top: Paint, bottom: Paint): Paint {
  if (top.alpha >= 1)
    return top
  const alpha = top.alpha + bottom.alpha * (1 - top.alpha)
  const [t, b] = [channels(top), channels(bottom)]
  const mixed = t.map((v, i) => (v * top.alpha + b[i]! * bottom.alpha * (1 - top.alpha)) / alpha)
  return { hex: hexOf(mixed), alpha }
}

/**
 * Layers given from the top down, flattened into the one opaque colour they show: down to the
 * first opaque layer, or onto white (the page's own colour) when none is.
 */
export function flatten(layers: Array<Paint | undefined>): Paint {
  const found: Paint[] = []
  for (const layer of layers) {
    if (!layer)
      continue
    found.push(layer)
    if (layer.alpha >= 1)
      break
  }
  return found.reduceRight<Paint>((below, layer) => over(layer, below), WHITE)
}

/** Splits at the commas that are not inside parentheses. */
function topLevel(css: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < css.length; i++) {
    const ch = css[i]
    if (ch === '(')
      depth++
    else if (ch === ')')
      depth--
    else if (ch === ',' && depth === 0) {
      parts.push(css.slice(start, i).trim())
      start = i + 1
    }
  }
  parts.push(css.slice(start).trim())
  return parts
}

const SIDES: Record<string, [number, number]> = { top: [0, -1], bottom: [0, 1], left: [-1, 0], right: [1, 0] }

/** The CSS angle of a `to <side>` or `to <corner>` direction, in a box of `w` × `h`. */
function angleTo(words: string[], w: number, h: number): number | undefined {
  let x = 0
  let y = 0
  for (const word of words) {
    const side = SIDES[word]
    if (!side)
      return undefined
    x += side[0]
    y += side[1]
  }
  // A corner: the gradient line is at right angles to the diagonal through the other two corners.
  const dx = x * (y ? h : 1)
  const dy = y * (x ? w : 1)
  return ((Math.atan2(dx, -dy) * 180) / Math.PI + 360) % 360
}

const UNITS: Record<string, number> = { deg: 1, grad: 0.9, rad: 180 / Math.PI, turn: 360 }

/**
 * A single computed `linear-gradient(…)` as angle and stops, for a box of `w` × `h` px (corner
 * directions depend on its shape). Undefined for anything else (several layers, repeating or
 * radial gradients, stops placed in lengths): those are captured as pictures instead.
 */
export function linearGradient(css: string, w = 1, h = 1): Gradient | undefined {
  const layers = topLevel(css.trim())
  const m = layers.length === 1 ? /^linear-gradient\(([\s\S]*)\)$/.exec(layers[0]!) : null
  if (!m)
    return undefined
  const parts = topLevel(m[1]!)
  let angle = 180
  // The colour space the stops are mixed in (`in oklch`) is left to sRGB.
  const head = parts[0]!.replace(/\bin\s+[a-z-]+(?:\s+(?:shorter|longer|increasing|decreasing)\s+hue)?/, '').trim()
  const turn = /^(-?[\d.]+)(deg|grad|rad|turn)$/.exec(head)
  if (turn) {
    angle = Number(turn[1]) * UNITS[turn[2]!]!
    parts.shift()
  }
  else if (head.startsWith('to ')) {
    const to = angleTo(head.slice(3).trim().split(/\s+/), w, h)
    if (to === undefined)
      return undefined
    angle = to
    parts.shift()
  }
  else if (!head) {
    parts.shift()
  }
  const stops: Array<{ at?: number, paint: Paint }> = []
  for (const part of parts) {
    const stop = /^(rgba?\([^)]*\)|transparent)\s*(.*)$/.exec(part)
    // A colour hint (a bare position between two stops) is left out: the mix stays even.
    if (!stop) {
      if (/^-?[\d.]+%$/.test(part))
        continue
      return undefined
    }
    const colour = paint(stop[1]) ?? { hex: '000000', alpha: 0 }
    const places = stop[2]!.split(/\s+/).filter(Boolean)
    if (places.some(p => !/^-?[\d.]+%$/.test(p)))
      return undefined
    if (!places.length)
      stops.push({ paint: colour })
    for (const place of places)
      stops.push({ at: Number.parseFloat(place) / 100, paint: colour })
  }
  if (stops.length < 2)
    return undefined
  return { angle: ((angle % 360) + 360) % 360, stops: placeStops(stops) }
}

/** CSS's rules for stops without a place: the first at 0, the last at 1, the others evenly between. */
function placeStops(stops: Array<{ at?: number, paint: Paint }>): Gradient['stops'] {
  stops[0]!.at ??= 0
  stops.at(-1)!.at ??= 1
  let highest = 0
  for (const stop of stops) {
    if (stop.at !== undefined)
      stop.at = highest = Math.max(highest, stop.at)
  }
  for (let i = 1; i < stops.length; i++) {
    if (stops[i]!.at !== undefined)
      continue
    let j = i
    while (stops[j]!.at === undefined)
      j++
    const from = stops[i - 1]!.at!
    const to = stops[j]!.at!
    for (let k = i; k < j; k++)
      stops[k]!.at = from + ((to - from) * (k - i + 1)) / (j - i + 1)
  }
  return stops.map(s => ({ at: Math.max(0, Math.min(1, s.at!)), paint: s.paint }))
}

/** The colour half way along a gradient: the one colour of gradient lettering. */
export function middleColour(g: Gradient): Paint {
  const after = g.stops.findIndex(s => s.at >= 0.5)
  if (after <= 0)
    return g.stops[Math.max(0, after)]!.paint
  const [a, b] = [g.stops[after - 1]!, g.stops[after]!]
  const t = b.at === a.at ? 1 : (0.5 - a.at) / (b.at - a.at)
  const [ca, cb] = [channels(a.paint), channels(b.paint)]
  return { hex: hexOf(ca.map((v, i) => v + (cb[i]! - v) * t)), alpha: a.paint.alpha + (b.paint.alpha - a.paint.alpha) * t }
}

/**
 * The colour of text painted by a clipped background: the middle of its gradient, else the
 * first colour its background image names, else its background colour.
 */
export function clippedColour(clip: { image: string, color: string }): Paint | undefined {
  const gradient = linearGradient(clip.image)
  if (gradient)
    return middleColour(gradient)
  return paint(/rgba?\([^)]*\)/.exec(clip.image)?.[0]) ?? paint(clip.color)
}
