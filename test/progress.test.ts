import { describe, expect, it } from 'vitest'
import { clock, counterLine, terminalCounter } from '../scripts/export/progress'

describe('the slide counter on a terminal', () => {
  it('writes minutes and seconds, and hours from an hour', () => {
    expect(clock(0)).toBe('0:00')
    expect(clock(61_400)).toBe('1:01')
    expect(clock(3_725_000)).toBe('1:02:05')
  })

  it('estimates the time left from the mean time a slide has taken, once two are made', () => {
    expect(counterLine('png', 1, 1000, 200)).toBe('png    1/1000 slides')
    // 10 slides in 2 s: 990 more at 0.2 s each.
    expect(counterLine('png', 10, 1000, 2000)).toBe('png   10/1000 slides, about 3:18 left')
    expect(counterLine('png', 1000, 1000, 190_000)).toBe('png 1000/1000 slides in 3:10')
  })

  it('redraws one line in place at most ten times a second, and always the last slide', () => {
    let now = 0
    const out: string[] = []
    const counter = terminalCounter(text => out.push(text), 'png', 3, () => now)
    counter.tick(1)
    now = 50
    counter.tick(2)
    now = 60
    counter.tick(3)
    now = 70
    counter.end()
    expect(out).toEqual([
      '\rpng 1/3 slides\x1B[K',
      '\rpng 3/3 slides in 0:00\x1B[K',
      '\n',
    ])
  })
})
