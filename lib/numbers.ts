/**
 * Reads the one number (or `low to/or high` range) out of a phrase as the source writes it:
 * digits (`3,400`, `5.5%`, `US$28`) or words (`three to four hundred`, `one or two billion`).
 * Used to check each figure's value against its verbatim evidence.
 */
const UNITS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, hundred: 100,
}
const SCALES: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9 }
const JOINERS = new Set(['to', 'or', '–', '-'])

export type Parsed = number | [number, number]

export function parseNumberPhrase(phrase: string): Parsed {
  const tokens = phrase.toLowerCase().match(/\d[\d,]*(?:\.\d+)?|[a-z]+|–/g) ?? []
  const numberAt = (i: number): number | undefined => {
    const t = tokens[i]
    if (t === undefined)
      return undefined
    if (/^\d/.test(t))
      return Number(t.replaceAll(',', ''))
    return t in SCALES && t !== 'hundred' ? undefined : UNITS[t]
  }
  const found: Parsed[] = []
  for (let i = 0; i < tokens.length; i++) {
    const first = numberAt(i)
    if (first === undefined)
      continue
    let values: number[] = [first]
    if (JOINERS.has(tokens[i + 1] ?? '') && numberAt(i + 2) !== undefined) {
      values.push(numberAt(i + 2)!)
      i += 2
    }
    while (tokens[i + 1] && tokens[i + 1]! in SCALES) {
      const scale = SCALES[tokens[i + 1]!]!
      values = values.map(v => v * scale)
      i++
    }
    found.push(values.length === 1 ? values[0]! : [values[0]!, values[1]!])
  }
  if (found.length !== 1)
    throw new Error(`expected one number in "${phrase}", found ${found.length}`)
  return found[0]!
}
