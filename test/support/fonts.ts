/**
 * Fonts for rendering the PowerPoint with LibreOffice as a recipient would see it. The deck's
 * fonts come from npm as web fonts (WOFF), which LibreOffice does not load; WOFF is a thin
 * wrapper around the same TrueType/OpenType tables, so unwrapping it gives an installable font.
 * A private fontconfig file then adds those fonts to the system's for one LibreOffice run,
 * without installing anything on the machine.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { inflateSync } from 'node:zlib'

/** Unwraps a WOFF 1.0 file into the SFNT (TrueType/OpenType) font it carries. */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774F4646)
    throw new Error('not a WOFF 1.0 file')
  const flavor = woff.readUInt32BE(4)
  const numTables = woff.readUInt16BE(12)
  const tables: Array<{ tag: number, checksum: number, data: Buffer }> = []
  for (let i = 0; i < numTables; i++) {
    const at = 44 + i * 20
    const tag = woff.readUInt32BE(at)
    const offset = woff.readUInt32BE(at + 4)
    const compLength = woff.readUInt32BE(at + 8)
    const origLength = woff.readUInt32BE(at + 12)
    const checksum = woff.readUInt32BE(at + 16)
    const raw = woff.subarray(offset, offset + compLength)
    const data = compLength < origLength ? inflateSync(raw) : Buffer.from(raw)
    if (data.length !== origLength)
      throw new Error(`table ${tag.toString(16)}: ${data.length} bytes, expected ${origLength}`)
    tables.push({ tag, checksum, data })
  }
  tables.sort((a, b) => a.tag - b.tag)
  let searchRange = 1
  let entrySelector = 0
  while (searchRange * 2 <= numTables) {
    searchRange *= 2
    entrySelector += 1
  }
  const header = Buffer.alloc(12 + numTables * 16)
  header.writeUInt32BE(flavor, 0)
  header.writeUInt16BE(numTables, 4)
  header.writeUInt16BE(searchRange * 16, 6)
  header.writeUInt16BE(entrySelector, 8)
  header.writeUInt16BE(numTables * 16 - searchRange * 16, 10)
  const parts: Buffer[] = [header]
  let offset = header.length
  tables.forEach((t, i) => {
    const at = 12 + i * 16
    header.writeUInt32BE(t.tag, at)
    header.writeUInt32BE(t.checksum, at + 4)
    header.writeUInt32BE(offset, at + 8)
    header.writeUInt32BE(t.data.length, at + 12)
    const padded = Buffer.alloc((t.data.length + 3) & ~3)
    t.data.copy(padded)
    parts.push(padded)
    offset += padded.length
  })
  return Buffer.concat(parts)
}

/** Inter's Latin faces the deck uses. */
const INTER = { dir: 'node_modules/@fontsource/inter/files', match: /^inter-latin-(400|600|700)-(normal|italic)\.woff$/ }

/**
 * Noto Sans SC ships on npm only in ~100 unicode-range slices, which LibreOffice cannot use as
 * one font; Debian's fonts-noto-cjk has the same design whole, as "Noto Sans CJK SC".
 */
export const CJK_FAMILY = 'Noto Sans CJK SC'

/**
 * Fontconfig setups for LibreOffice. `withFonts`: the system's fonts, plus Inter unwrapped from
 * npm and "Noto Sans SC" resolved to Noto Sans CJK SC. `withoutFonts`: the system's fonts with
 * every Inter and Noto CJK face rejected, so neither Latin nor Chinese text finds the deck's fonts
 * (on a bare Debian that leaves DejaVu and no Chinese face at all). Returns FONTCONFIG_FILE paths.
 */
export function prepareFontSetups(root: string, dir: string): { withFonts: string, withoutFonts: string } {
  const fonts = path.join(dir, 'fonts')
  mkdirSync(fonts, { recursive: true })
  const names = readdirSync(path.join(root, INTER.dir)).filter(n => INTER.match.test(n))
  if (names.length < 4)
    throw new Error(`found only ${names.length} Inter font files under ${INTER.dir}`)
  for (const name of names)
    writeFileSync(path.join(fonts, name.replace(/\.woff$/, '.ttf')), woffToSfnt(readFileSync(path.join(root, INTER.dir, name))))
  const withFonts = path.join(dir, 'with-fonts.conf')
  writeFileSync(withFonts, fontconfig(dir, `  <dir>${fonts}</dir>
  <alias binding="same"><family>Noto Sans SC</family><prefer><family>${CJK_FAMILY}</family></prefer></alias>`))
  const withoutFonts = path.join(dir, 'without-fonts.conf')
  writeFileSync(withoutFonts, fontconfig(dir, `  <selectfont><rejectfont>
    <pattern><patelt name="family"><string>Inter</string></patelt></pattern>
    <glob>*/noto/NotoSansCJK*</glob>
    <glob>*NotoSansCJK*</glob>
    <glob>*NotoSerifCJK*</glob>
  </rejectfont></selectfont>`))
  return { withFonts, withoutFonts }
}

function fontconfig(dir: string, body: string): string {
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
${body}
  <cachedir>${path.join(dir, 'fc-cache')}</cachedir>
</fontconfig>
`
}
