import { MurmurError } from '../errors.js'
import { CsvReader, type CsvRecord } from './csv.js'
import { describeRows } from './problems.js'
import { type CascadeTree, CascadeTreeBuilder } from './tree.js'

/**
 * The columns an edge file may have. With a header row they are found by
 * name, in any order (spaces, dashes and case do not matter); without one,
 * the first two columns are parent and child and the rest are ignored.
 */
export const EDGE_COLUMNS = {
  parent: ['parent', 'parent_id'],
  child: ['child', 'child_id'],
  time: ['time', 'timestamp', 'at', 'created_at', 'joined_at'],
  visitor: ['visitor', 'visitor_id', 'sharer', 'sharer_id'],
  bot: ['bot', 'is_bot'],
  conversions: ['conversions'],
  revenue: ['revenue', 'amount'],
} as const
export type EdgeColumn = keyof typeof EDGE_COLUMNS

/** A tree read from a file, with its per-node columns in input order (null when absent). */
export interface EdgeTable {
  tree: CascadeTree
  /** Data rows read (blank lines and the header not counted). */
  rowCount: number
  hasHeader: boolean
  /** Columns found, besides parent and child. */
  columns: EdgeColumn[]
  /** Ms since the epoch; NaN when empty. */
  times: Float64Array | null
  visitors: (string | null)[] | null
  bots: Uint8Array | null
  conversions: Float64Array | null
  revenue: Float64Array | null
}

const normalize = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')

function columnOf(name: string): EdgeColumn | null {
  const key = normalize(name)
  for (const [column, names] of Object.entries(EDGE_COLUMNS))
    if ((names as readonly string[]).includes(key)) return column as EdgeColumn
  return null
}

/**
 * Epoch milliseconds from an ISO-8601 date or a number. Numbers below 10^11
 * are read as seconds (10^11 ms is 1973; 10^11 s is the year 5138).
 */
export function parseTime(text: string): number | null {
  if (text === '') return Number.NaN
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    const value = Number(text)
    return Math.abs(value) < 1e11 ? value * 1000 : value
  }
  const parsed = Date.parse(text)
  return Number.isNaN(parsed) ? null : parsed
}

/** The field at a column's position; a plain function, so a million rows make no closures. */
const fieldAt = (fields: string[], at: number | undefined) =>
  at === undefined ? '' : (fields[at] ?? '')

const TRUE = new Set(['1', 'true', 'yes', 'y', 't'])
const FALSE = new Set(['', '0', 'false', 'no', 'n', 'f'])

const SHOWN_VALUE_PROBLEMS = 5

/**
 * Reads a `parent,child` edge file pushed in chunks (see CsvReader for the
 * CSV rules). Row numbers in messages are the file's line numbers, so row 1
 * is the header when there is one, as in a spreadsheet.
 */
export class EdgeTableReader {
  private readonly csv = new CsvReader((record) => this.onRecord(record))
  private readonly builder = new CascadeTreeBuilder()
  private index: Partial<Record<EdgeColumn, number>> | null = null
  private hasHeader = false
  private rowCount = 0
  private readonly times: number[] = []
  private readonly visitors: (string | null)[] = []
  private readonly bots: number[] = []
  private readonly conversions: number[] = []
  private readonly revenue: number[] = []
  private readonly valueProblems: string[] = []
  private valueProblemCount = 0

  push(chunk: string): void {
    this.csv.push(chunk)
  }

  /** Data rows read so far. */
  get rows(): number {
    return this.rowCount
  }

  /** The table; throws MurmurError for bad values, CascadeTreeError when the edges are not a tree. */
  end(): EdgeTable {
    this.csv.end()
    if (this.valueProblemCount > 0) {
      const more =
        this.valueProblemCount > SHOWN_VALUE_PROBLEMS
          ? ` (and ${this.valueProblemCount - SHOWN_VALUE_PROBLEMS} more)`
          : ''
      throw new MurmurError(
        'validation_failed',
        `Bad values: ${this.valueProblems.join('; ')}${more}.`,
      )
    }
    const tree = this.builder.build()
    const index = this.index ?? {}
    const has = (column: EdgeColumn) => index[column] !== undefined
    const columns = (Object.keys(EDGE_COLUMNS) as EdgeColumn[]).filter(
      (c) => c !== 'parent' && c !== 'child' && has(c),
    )
    return {
      tree,
      rowCount: this.rowCount,
      hasHeader: this.hasHeader,
      columns,
      times: has('time') ? Float64Array.from(this.times) : null,
      visitors: has('visitor') ? this.visitors : null,
      bots: has('bot') ? Uint8Array.from(this.bots) : null,
      conversions: has('conversions') ? Float64Array.from(this.conversions) : null,
      revenue: has('revenue') ? Float64Array.from(this.revenue) : null,
    }
  }

  private onRecord({ fields, line }: CsvRecord) {
    if (this.index === null) {
      const header: Partial<Record<EdgeColumn, number>> = {}
      fields.forEach((name, i) => {
        const column = columnOf(name)
        if (column && header[column] === undefined) header[column] = i
      })
      if (header.parent !== undefined && header.child !== undefined) {
        this.index = header
        this.hasHeader = true
        return
      }
      this.index = { parent: 0, child: 1 }
    }
    const index = this.index
    this.rowCount++
    if (!this.builder.add(fieldAt(fields, index.parent), fieldAt(fields, index.child), line)) return

    if (index.time !== undefined) {
      const time = parseTime(fieldAt(fields, index.time))
      if (time === null)
        this.badValue(line, `time ${JSON.stringify(fieldAt(fields, index.time))} is not a date`)
      this.times.push(time ?? Number.NaN)
    }
    if (index.visitor !== undefined) this.visitors.push(fieldAt(fields, index.visitor) || null)
    if (index.bot !== undefined) {
      const flag = fieldAt(fields, index.bot).toLowerCase()
      if (!TRUE.has(flag) && !FALSE.has(flag))
        this.badValue(
          line,
          `bot ${JSON.stringify(fieldAt(fields, index.bot))} is not yes/no, true/false or 1/0`,
        )
      this.bots.push(TRUE.has(flag) ? 1 : 0)
    }
    if (index.conversions !== undefined)
      this.conversions.push(this.number(line, 'conversions', fieldAt(fields, index.conversions), 0))
    if (index.revenue !== undefined)
      this.revenue.push(
        this.number(line, 'revenue', fieldAt(fields, index.revenue), Number.NEGATIVE_INFINITY),
      )
  }

  private number(line: number, name: string, text: string, min: number): number {
    if (text === '') return 0
    const value = Number(text)
    if (!Number.isFinite(value) || value < min) {
      this.badValue(
        line,
        `${name} ${JSON.stringify(text)} is not ${min === 0 ? 'a number of 0 or more' : 'a number'}`,
      )
      return 0
    }
    return value
  }

  private badValue(line: number, message: string) {
    this.valueProblemCount++
    if (this.valueProblems.length < SHOWN_VALUE_PROBLEMS)
      this.valueProblems.push(`${describeRows([line])}: ${message}`)
  }
}
