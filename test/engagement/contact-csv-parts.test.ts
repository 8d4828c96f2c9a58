import { describe, expect, test } from 'vitest'
import { parseCsv } from '../../src/services/contact-csv.js'
import { csvParts, csvRecords } from '../../web/src/features/contacts/csv-chunks.js'

describe('the web app sends a contacts CSV in parts, for its progress bar', () => {
  const file =
    'display_name,email,tags\r\n' +
    'Anna,anna@example.com,"vip;regular"\r\n' +
    '"Bob ""the baker""",bob@example.com,\n' +
    '"Carl\nsecond line",carl@example.com,x\r' +
    'Dana,dana@example.com,\n\n'

  test('records keep quoted commas, quotes and line breaks; blank lines are dropped', () => {
    const { header, records } = csvRecords(file)
    expect(header).toBe('display_name,email,tags')
    expect(records).toHaveLength(4)
    expect(parseCsv(records[2] ?? '')).toEqual([['Carl\nsecond line', 'carl@example.com', 'x']])
  })

  test('each part is the header plus its rows, and together they read as the whole file', () => {
    const parts = csvParts(file, 3)
    expect(parts.map((part) => [part.offset, part.count])).toEqual([
      [0, 3],
      [3, 1],
    ])
    const rows = parts.flatMap((part) => parseCsv(part.csv).slice(1))
    expect(rows).toEqual(
      parseCsv(file)
        .slice(1)
        .filter((row) => row.some((cell) => cell !== '')),
    )
    for (const part of parts)
      expect(parseCsv(part.csv)[0]).toEqual(['display_name', 'email', 'tags'])
  })

  test('a file with only its header is one part with no rows', () => {
    expect(csvParts('display_name,email\n', 200)).toEqual([
      { csv: 'display_name,email', offset: 0, count: 0 },
    ])
  })
})
