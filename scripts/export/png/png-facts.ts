/**
 * Reads a PNG's size and whether it is blank (every pixel alike), with pngjs, to check each
 * captured slide before it is stored.
 */
import { PNG } from 'pngjs'

export interface PngFacts {
  width: number
  height: number
  /** Every pixel has the same value: nothing was drawn, or the capture missed the slide. */
  uniform: boolean
}

/**
 * Size and blankness of a PNG of any kind pngjs reads (its checksums verified); the pixels are
 * one colour when the bitmap equals itself shifted by one pixel.
 */
export function pngFacts(bytes: Uint8Array): PngFacts {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  const data = png.data
  return { width: png.width, height: png.height, uniform: data.subarray(4).equals(data.subarray(0, data.length - 4)) }
}
