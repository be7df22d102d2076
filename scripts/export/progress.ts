/**
 * One line on a terminal that counts the slides a format has made and estimates the time
 * left, redrawn in place. Without a terminal (or with --quiet) the run has none of it.
 */

export interface SlideCounter {
  /** `done` of the total are made. */
  tick: (done: number) => void
  /** The count is over: the line stays, with the time the format took. */
  end: () => void
}

/** What a run without a terminal counts with. */
export const NO_COUNTER: SlideCounter = { tick: () => {}, end: () => {} }

/** Redraws at most this often; the last slide is always drawn. */
const REDRAW_MS = 100

/** m:ss, or h:mm:ss from an hour. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  const mmss = `${Math.floor(s / 60) % 60}:${String(s % 60).padStart(2, '0')}`
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mmss.padStart(5, '0')}` : mmss
}

/**
 * The line for `done` of `total` after `elapsed` ms: the time left is the mean time a slide
 * has taken so far, times the slides still to make, once two are made.
 */
export function counterLine(label: string, done: number, total: number, elapsed: number): string {
  const count = `${label} ${String(done).padStart(String(total).length)}/${total} slides`
  if (done >= total)
    return `${count} in ${clock(elapsed)}`
  if (done < 2)
    return count
  return `${count}, about ${clock(elapsed / done * (total - done))} left`
}

/** A counter drawing on `write` (a terminal): a carriage return and an erase before each line. */
export function terminalCounter(write: (text: string) => void, label: string, total: number, now: () => number = () => performance.now()): SlideCounter {
  const started = now()
  let drawn = -Infinity
  let shown = -1
  const draw = (done: number) => {
    write(`\r${counterLine(label, done, total, now() - started)}\x1B[K`)
    drawn = now()
    shown = done
  }
  return {
    tick(done) {
      if (done >= total || now() - drawn >= REDRAW_MS)
        draw(done)
    },
    end() {
      if (shown !== total)
        draw(total)
      write('\n')
    },
  }
}
