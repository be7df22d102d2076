/**
 * What pptxgenjs cannot say, written into each slide's XML after it: a gradient background
 * (pptxgenjs knows a colour or a picture only), and code's face marked fixed-pitch (pptxgenjs
 * marks every face `pitchFamily="34"`, a proportional Swiss face, so LibreOffice substitutes a
 * proportional font for a monospace one it lacks and the code's columns no longer line up).
 */
import JSZip from 'jszip'
import type { Gradient, SlideView } from './slide-view'

/** `pitchFamily` for a modern, fixed-pitch face (FF_MODERN | FIXED_PITCH). */
const FIXED_PITCH = '49'

/** A CSS linear gradient as a DrawingML fill: CSS 0deg points up and 90deg right, DrawingML 0 points right. */
export function gradientFill(g: Gradient): string {
  const stops = g.stops.map(s => `<a:gs pos="${Math.round(s.at * 100000)}"><a:srgbClr val="${s.paint.hex}"/></a:gs>`).join('')
  const angle = Math.round((((g.angle - 90) % 360) + 360) % 360 * 60000)
  return `<a:gradFill rotWithShape="1"><a:gsLst>${stops}</a:gsLst><a:lin ang="${angle}" scaled="0"/></a:gradFill>`
}

/** One slide's XML with its background's fill made the gradient, and the faces of `mono` marked fixed-pitch. */
export function finishSlideXml(xml: string, gradient: Gradient | undefined, mono: ReadonlySet<string>): string {
  let out = xml
  if (gradient)
    out = out.replace(/(<p:bg><p:bgPr>)<a:solidFill>[\s\S]*?<\/a:solidFill>/, (_, open: string) => `${open}${gradientFill(gradient)}`)
  if (mono.size) {
    out = out.replace(/<a:(latin|ea|cs) typeface="([^"]*)" pitchFamily="34"/g, (m, kind: string, face: string) =>
      mono.has(face) ? `<a:${kind} typeface="${face}" pitchFamily="${FIXED_PITCH}"` : m)
  }
  return out
}

/** The faces the file names for code: those of the runs set in monospace. */
export function monoFaces(views: readonly SlideView[], faceOf: (family: string) => string): Set<string> {
  const faces = new Set<string>()
  for (const view of views) {
    for (const node of view.nodes) {
      const runs = node.kind === 'text' ? node.runs : node.kind === 'table' ? node.rows.flatMap(r => r.cells.flatMap(c => c.runs)) : []
      for (const run of runs) {
        if (run.mono && !run.zh)
          faces.add(faceOf(run.font))
      }
    }
  }
  return faces
}

/** The package with every slide finished (see `finishSlideXml`); stored, not compressed, for the steps after. */
export async function finishSlides(bytes: Uint8Array, views: readonly SlideView[], faceOf: (family: string) => string): Promise<Uint8Array> {
  const mono = monoFaces(views, faceOf)
  if (!mono.size && !views.some(v => v.gradient))
    return bytes
  const zip = await JSZip.loadAsync(bytes)
  for (const [i, view] of views.entries()) {
    const name = `ppt/slides/slide${i + 1}.xml`
    const xml = await zip.file(name)?.async('string')
    if (xml !== undefined)
      zip.file(name, finishSlideXml(xml, view.gradient, mono))
  }
  return zip.generateAsync({ type: 'uint8array', compression: 'STORE' })
}
