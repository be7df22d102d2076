/**
 * An error meant for the person running a script: `message` is the one line
 * printed after the script's prefix, `hint` an optional second line saying what
 * to do about it. Anything else that reaches the top level is a bug and keeps
 * its stack.
 */
export class CliError extends Error {
  readonly hint?: string
  readonly exitCode: number

  constructor(message: string, options: { hint?: string, exitCode?: number, cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'CliError'
    this.hint = options.hint
    this.exitCode = options.exitCode ?? 1
  }
}

/** Bad command-line input; exit code 2 so callers can tell it from a failed run. */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, { hint, exitCode: 2 })
    this.name = 'UsageError'
  }
}

/**
 * A format that cannot be made faithfully from this deck (the single file would need fonts or
 * files from the network), while the others can: with the default formats it is left out with
 * a warning, asked for by name it fails the export. `reason` is the short form for the summary line.
 */
export class FormatRefusal extends CliError {
  readonly reason: string

  constructor(message: string, options: { reason: string, hint?: string }) {
    super(message, { hint: options.hint })
    this.name = 'FormatRefusal'
    this.reason = options.reason
  }
}

export function errorText(error: unknown): string {
  if (error instanceof Error)
    return error.message
  return String(error)
}

/** The first non-empty line of an error's message, for one-line reports. */
export function firstLine(error: unknown): string {
  return errorText(error).split('\n').map(l => l.trim()).find(Boolean) ?? 'unknown error'
}

/** Prints a CliError as `<prefix>: message` plus its hint, and returns its exit code. */
export function reportCliError(prefix: string, error: CliError): number {
  process.stderr.write(`${prefix}: ${error.message}\n`)
  if (error.hint)
    process.stderr.write(`  ${error.hint}\n`)
  return error.exitCode
}
