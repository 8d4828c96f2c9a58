/**
 * Splits a CSV file into its header and records (RFC 4180: a quoted field may hold commas and
 * line breaks), so a big import can be sent in parts and show its progress. Each part is the
 * header plus some records; the server numbers lines from 2 in each part, so a part's errors
 * are shifted by the records before it.
 */
export function csvRecords(text: string): { header: string; records: string[] } {
  const records: string[] = []
  let start = 0
  let quoted = false
  for (let index = 0; index < text.length; index++) {
    const char = text[index]
    if (char === '"') quoted = !quoted
    else if (!quoted && (char === '\n' || char === '\r')) {
      records.push(text.slice(start, index))
      if (char === '\r' && text[index + 1] === '\n') index++
      start = index + 1
    }
  }
  if (start < text.length) records.push(text.slice(start))
  const nonEmpty = records.filter((record) => record.trim() !== '')
  return { header: nonEmpty[0] ?? '', records: nonEmpty.slice(1) }
}

export function csvParts(
  text: string,
  recordsPerPart: number,
): Array<{ csv: string; offset: number; count: number }> {
  const { header, records } = csvRecords(text)
  if (records.length === 0) return [{ csv: header, offset: 0, count: 0 }]
  const parts = []
  for (let offset = 0; offset < records.length; offset += recordsPerPart) {
    const slice = records.slice(offset, offset + recordsPerPart)
    parts.push({ csv: [header, ...slice].join('\r\n'), offset, count: slice.length })
  }
  return parts
}
