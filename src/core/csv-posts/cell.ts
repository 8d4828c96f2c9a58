/**
 * One CSV cell as the export writes it: quoted when needed, and a leading = + - @ defused with an
 * apostrophe so a spreadsheet shows it as text instead of running it as a formula.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return ''
  let text = String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}
