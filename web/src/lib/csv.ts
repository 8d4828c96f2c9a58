/** Every table can be downloaded as CSV (product.md): one helper so they all quote alike. */

type Cell = string | number | boolean | null | undefined

function quote(cell: Cell): string {
  if (cell === null || cell === undefined) return ''
  let text = String(cell)
  // A spreadsheet would run "=…" as a formula: keep text cells as text.
  if (typeof cell === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((row) => row.map(quote).join(',')).join('\r\n')
}

/** Saves a CSV file; the BOM makes Excel read UTF-8 (accents, emoji) correctly. */
export function downloadCsv(fileName: string, header: string[], rows: Cell[][]): void {
  const blob = new Blob(['\uFEFF', toCsv(header, rows)], { type: 'text/csv;charset=utf-8' })
  const url = URL.createObjectURL(blob)
  const anchor = document.createElement('a')
  anchor.href = url
  anchor.download = fileName
  document.body.appendChild(anchor)
  anchor.click()
  anchor.remove()
  window.setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** "links-2026-12-01.csv" */
export const csvFileName = (what: string) => `${what}-${new Date().toISOString().slice(0, 10)}.csv`
