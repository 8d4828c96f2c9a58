/**
 * Attendee lists as CSV (RFC 4180: CRLF rows, fields quoted when they hold a comma, quote or line
 * break). Names come from strangers on the internet, so a field that a spreadsheet would run as a
 * formula (starting with = + - @, tab or CR) is prefixed with an apostrophe.
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return ''
  let text = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function csvRows(
  header: string[],
  rows: Array<Array<string | number | boolean | null>>,
): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','))
  return `${lines.join('\r\n')}\r\n`
}

export interface AttendeeRow {
  name: string
  email: string
  consent: boolean
  consent_text: string
  joined_at: number
  contact_id: string | null
}

export function attendeesCsv(rows: AttendeeRow[]): string {
  return csvRows(
    ['name', 'email', 'consent', 'joined_at', 'contact_id', 'consent_text'],
    rows.map((row) => [
      row.name,
      row.email,
      row.consent ? 'yes' : 'no',
      new Date(row.joined_at).toISOString(),
      row.contact_id,
      row.consent_text,
    ]),
  )
}
