/** How the CLI talks: results on stdout, one-line errors on stderr, colour only on a terminal. */
const useColor = process.stderr.isTTY === true && !process.env.NO_COLOR

const paint = (code: number, text: string) => (useColor ? `\u001b[${code}m${text}\u001b[0m` : text)

export const out = (line: string) => process.stdout.write(`${line}\n`)
export const fail = (message: string) => process.stderr.write(`${paint(31, 'error:')} ${message}\n`)
export const note = (message: string) => process.stderr.write(`${paint(2, message)}\n`)

/** A one-line progress bar on a terminal; silent otherwise. */
export function progress(label: string) {
  const tty = process.stderr.isTTY === true
  return {
    update(done: number, total: number) {
      if (!tty || total <= 0) return
      const width = 30
      const filled = Math.round((done / total) * width)
      process.stderr.write(
        `\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round((done / total) * 100)}%`,
      )
    },
    end() {
      if (tty) process.stderr.write('\n')
    },
  }
}

/** Errors the user can fix: printed as one line, exit code 1. */
export class CliError extends Error {}
