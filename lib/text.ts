/**
 * Splitting mixed English and Chinese text into runs, so each Chinese run carries its language.
 */
export interface TextRun {
  text: string
  /** True for a run of Chinese characters, which is marked `lang="zh-Hans"` */
  zh: boolean
}

const HAN = String.raw`\p{Script=Han}\u3000-\u303f\uff00-\uffef`
// A Chinese run may contain the plain comma the source prints inside its sayings.
const CHINESE_RUN = new RegExp(`[${HAN}](?:[${HAN},]*[${HAN}])?`, 'gu')

/** Splits mixed English and Chinese text so each Chinese run can carry its own language tag. */
export function splitScripts(text: string): TextRun[] {
  const runs: TextRun[] = []
  let last = 0
  for (const match of text.matchAll(CHINESE_RUN)) {
    const start = match.index ?? 0
    if (start > last)
      runs.push({ text: text.slice(last, start), zh: false })
    runs.push({ text: match[0], zh: true })
    last = start + match[0].length
  }
  if (last < text.length)
    runs.push({ text: text.slice(last), zh: false })
  return runs
}
