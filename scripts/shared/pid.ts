/**
 * Whether a process is still running: a staging folder or build lock of a live run is left alone.
 */
import process from 'node:process'

/** Whether a process with this id is running (or exists but is not ours to signal). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  }
  catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
