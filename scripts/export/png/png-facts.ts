/**
 * Reads a PNG's size and whether it is blank (every pixel alike) straight from its bytes, to
 * check each captured slide before it is stored.
 */
import { constants, inflateSync } from 'node:zlib'
import { PNG } from 'pngjs'

export interface PngFacts {
  width: number
  height: number
  /** Every pixel has the same value: nothing was drawn, or the capture missed the slide. */
  uniform: boolean
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 }

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c
  const pa = Math.abs(p - a)
  const pb = Math.abs(p - b)
  const pc = Math.abs(p - c)
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
}

/**
 * Reads size and blankness of an 8-bit, non-interlaced PNG (what Chromium writes) without
 * building a bitmap: rows are unfiltered only until a pixel differs from the first one. Most
 * slides differ within their first rows, so those are read from the first part of the
 * compressed data alone; only a picture that is uniform that far is inflated in full, which
 * verifies its checksum. Anything else goes through pngjs.
 */
export function pngFacts(bytes: Uint8Array): PngFacts {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (buf.length < 33 || !buf.subarray(0, 8).equals(SIGNATURE) || buf.toString('latin1', 12, 16) !== 'IHDR')
    throw new Error('not a PNG file')
  const width = buf.readUInt32BE(16)
  const height = buf.readUInt32BE(20)
  const depth = buf[24]!
  const colour = buf[25]!
  const interlace = buf[28]!
  const channels = CHANNELS[colour]
  if (depth !== 8 || interlace !== 0 || channels === undefined)
    return viaPngjs(buf)

  const parts: Buffer[] = []
  let offset = 8
  while (offset + 12 <= buf.length) {
    const length = buf.readUInt32BE(offset)
    const type = buf.toString('latin1', offset + 4, offset + 8)
    if (offset + 12 + length > buf.length)
      throw new Error(`PNG chunk ${type} is truncated`)
    if (type === 'IDAT')
      parts.push(buf.subarray(offset + 8, offset + 8 + length))
    if (type === 'IEND')
      break
    offset += 12 + length
  }
  const data = Buffer.concat(parts)
  const stride = width * channels
  if (data.length > HEAD_MIN_BYTES) {
    // A truncated stream, flushed rather than finished, gives what it holds.
    const head = inflateSync(data.subarray(0, Math.ceil(data.length * HEAD_SHARE)), { finishFlush: constants.Z_SYNC_FLUSH })
    const rows = Math.min(height, Math.floor(head.length / (stride + 1)))
    if (!uniformRows(head, rows, stride, channels))
      return { width, height, uniform: false }
  }
  const raw = inflateSync(data)
  if (raw.length !== height * (stride + 1))
    throw new Error(`PNG data is ${raw.length} bytes, expected ${height * (stride + 1)}`)
  return { width, height, uniform: uniformRows(raw, height, stride, channels) }
}

/** Compressed data below this is inflated in full at once. */
const HEAD_MIN_BYTES = 64 * 1024
/** How much of the compressed data is tried first. */
const HEAD_SHARE = 1 / 16

/**
 * Whether the first `rows` rows of inflated PNG data (filter byte, then `stride` bytes a row) are
 * all one colour. Once two rows are alike, a row whose filtered bytes repeat those of the row
 * before it unfilters to the same pixels again (for every filter), so it is compared, not
 * unfiltered.
 */
function uniformRows(raw: Uint8Array, rows: number, stride: number, channels: number): boolean {
  let prev = new Uint8Array(stride)
  let cur = new Uint8Array(stride)
  const first = new Uint8Array(channels)
  const rowAt = (y: number) => raw.subarray(y * (stride + 1), (y + 1) * (stride + 1))
  for (let y = 0; y < rows; y++) {
    if (y >= 2 && Buffer.compare(rowAt(y), rowAt(y - 1)) === 0)
      continue
    const start = y * (stride + 1)
    unfilter(raw[start]!, raw.subarray(start + 1, start + 1 + stride), prev, cur, channels, y)
    if (y === 0)
      first.set(cur.subarray(0, channels))
    for (let i = 0; i < stride; i++) {
      if (cur[i] !== first[i % channels])
        return false
    }
    const swap = prev
    prev = cur
    cur = swap
  }
  return true
}

/** One row of PNG filtering undone into `cur`, given the row above it (`prev`). */
function unfilter(filter: number, row: Uint8Array, prev: Uint8Array, cur: Uint8Array, channels: number, y: number): void {
  const n = row.length
  switch (filter) {
    case 0:
      cur.set(row)
      return
    case 1:
      for (let i = 0; i < n; i++)
        cur[i] = (row[i]! + (i >= channels ? cur[i - channels]! : 0)) & 0xFF
      return
    case 2:
      for (let i = 0; i < n; i++)
        cur[i] = (row[i]! + prev[i]!) & 0xFF
      return
    case 3:
      for (let i = 0; i < n; i++)
        cur[i] = (row[i]! + (((i >= channels ? cur[i - channels]! : 0) + prev[i]!) >> 1)) & 0xFF
      return
    case 4:
      for (let i = 0; i < n; i++) {
        const left = i >= channels ? cur[i - channels]! : 0
        const upLeft = i >= channels ? prev[i - channels]! : 0
        cur[i] = (row[i]! + paeth(left, prev[i]!, upLeft)) & 0xFF
      }
      return
    default:
      throw new Error(`PNG row ${y} has unknown filter ${filter}`)
  }
}

function viaPngjs(buf: Buffer): PngFacts {
  const png = PNG.sync.read(buf)
  const data = png.data
  let uniform = true
  for (let i = 4; i < data.length; i++) {
    if (data[i] !== data[i & 3]) {
      uniform = false
      break
    }
  }
  return { width: png.width, height: png.height, uniform }
}
