import { parse } from 'csv-parse/sync'
import { invalid } from '../errors.js'
import { columnOf, POST_COLUMNS, type PostColumn } from './columns.js'

/** The most rows one file may hold; a larger file is refused as a whole. */
export const MAX_IMPORT_ROWS = 1000

/** One row of the file: its number as a spreadsheet shows it (the header is row 1). */
export interface RawRow {
  row: number
  cells: Record<PostColumn, string>
  /** The row has cells past the header's columns: text nobody sees in a spreadsheet. */
  extraCells: boolean
}

const emptyCells = (): Record<PostColumn, string> =>
  Object.fromEntries(POST_COLUMNS.map((column) => [column, ''])) as Record<PostColumn, string>

/** A CSV file or an export in JSON, as rows; throws one sentence when the file itself is wrong. */
export function readPostsFile(content: string): RawRow[] {
  const text = content.replace(/^\uFEFF/, '')
  if (text.trim() === '') throw invalid('The file is empty: the first line names the columns.')
  const rows = /^\s*[[{]/.test(text) ? readJson(text) : readCsv(text)
  if (rows.length === 0) throw invalid('The file has column names but no rows of posts.')
  if (rows.length > MAX_IMPORT_ROWS) {
    throw invalid(
      `The file has ${rows.length} rows; an import takes at most ${MAX_IMPORT_ROWS}. Split it into several files.`,
    )
  }
  return rows
}

/** The export's apostrophe before = + - @ (kept spreadsheets from running formulas) comes off. */
const undefused = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell)

function readCsv(text: string): RawRow[] {
  let records: string[][]
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: false }) as string[][]
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    // csv-parse says where ("Invalid Closing Quote: … at line 3"): keep its words.
    throw invalid(`The file is not valid CSV: ${reason}. Check the quotes around that line.`)
  }
  const [header, ...body] = records
  if (!header) throw invalid('The file is empty: the first line names the columns.')
  const columns = header.map((name) => columnOf(name))
  const unknown = header.filter((_, index) => columns[index] === undefined && header[index]!.trim())
  if (unknown.length > 0) {
    throw invalid(
      `Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u.trim()}"`).join(', ')}. The columns are ${POST_COLUMNS.join(', ')} (see docs/import-export.md).`,
      { unknown_columns: unknown },
    )
  }
  const seen = new Set<string>()
  for (const column of columns) {
    if (!column || column === 'ignored') continue
    if (seen.has(column)) throw invalid(`The column ${column} appears twice; keep one.`)
    seen.add(column)
  }
  for (const required of ['text', 'channels'] as const) {
    if (!seen.has(required)) {
      throw invalid(
        `The file has no ${required} column. The first line must name the columns, at least text and channels.`,
      )
    }
  }
  const rows: RawRow[] = []
  body.forEach((record, index) => {
    if (record.every((cell) => cell.trim() === '')) return
    const cells = emptyCells()
    record.forEach((value, i) => {
      const column = columns[i]
      if (column && column !== 'ignored') cells[column] = undefused(value)
    })
    const extraCells = record.slice(columns.length).some((cell) => cell.trim() !== '')
    rows.push({ row: index + 2, cells, extraCells })
  })
  return rows
}

function asCell(value: unknown, separator: string): string {
  if (value === null || value === undefined) return ''
  if (Array.isArray(value)) return value.map((item) => asCell(item, separator)).join(separator)
  if (typeof value === 'object') return ''
  return String(value)
}

/** The JSON export (`{ posts: [...] }`) or an array of objects named like the columns. */
function readJson(text: string): RawRow[] {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw invalid(
      `The file looks like JSON but is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`,
    )
  }
  const list = Array.isArray(value) ? value : (value as { posts?: unknown } | null)?.posts
  if (!Array.isArray(list)) {
    throw invalid(
      'A JSON file holds an array of posts, or an object with "posts" (as the export writes).',
    )
  }
  return list.map((item, index) => {
    const cells = emptyCells()
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      for (const [name, raw] of Object.entries(item as Record<string, unknown>)) {
        const column = columnOf(name)
        if (!column || column === 'ignored') continue
        cells[column] = asCell(
          raw,
          column === 'alt_text' ? ' | ' : column === 'labels' ? '; ' : ' ',
        )
      }
    }
    return { row: index + 1, cells, extraCells: false }
  })
}
