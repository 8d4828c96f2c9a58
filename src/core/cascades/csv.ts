import { MurmurError } from '../errors.js'

/** One CSV record and the 1-based line of the file where it starts. */
export interface CsvRecord {
  fields: string[]
  line: number
}

const QUOTE = 34
const COMMA = 44
const LF = 10
const CR = 13
const SPACE = 32
const TAB = 9

const State = {
  FieldStart: 0,
  Unquoted: 1,
  Quoted: 2,
  /** A quote inside a quoted field: either its end or the first half of "". */
  QuoteInQuoted: 3,
} as const
type State = (typeof State)[keyof typeof State]

/**
 * A streaming CSV reader (RFC 4180, leniently): feed it text in chunks of any
 * size and it calls `onRecord` for each record. Handles a byte-order mark,
 * LF, CRLF and lone CR line ends, quoted fields with commas, quotes ("") and
 * line breaks, and a chunk boundary anywhere. Unquoted fields are trimmed,
 * and spaces around a quoted field are dropped;
 * blank lines and lines of empty fields (",,", as spreadsheets export empty
 * rows) are skipped.
 */
export class CsvReader {
  private state: State = State.FieldStart
  private field = ''
  private fields: string[] = []
  private quoted = false
  private line = 1
  private recordLine = 1
  private started = false
  /** A record ended on CR at the end of the previous chunk: a LF starting this one belongs to it. */
  private afterCR = false
  /** The previous chunk's last character was CR (for counting lines inside quoted fields). */
  private endedOnCR = false

  constructor(private readonly onRecord: (record: CsvRecord) => void) {}

  push(chunk: string): void {
    let i = 0
    if (!this.started && chunk.length > 0) {
      this.started = true
      if (chunk.charCodeAt(0) === 0xfeff) i = 1
    }
    if (this.afterCR && i < chunk.length) {
      this.afterCR = false
      if (chunk.charCodeAt(i) === LF) i++
    }
    const length = chunk.length
    let start = i // where the current run of field text began in this chunk
    for (; i < length; i++) {
      const c = chunk.charCodeAt(i)
      let state: State = this.state
      if (state === State.FieldStart) {
        if (c === SPACE || c === TAB) continue // spaces before a quote, or an unquoted field's (trimmed)
        if (c === QUOTE) {
          this.state = State.Quoted
          this.quoted = true
          start = i + 1
          continue
        }
        state = this.state = State.Unquoted
        start = i
      }
      if (state === State.Unquoted) {
        if (c === COMMA) {
          this.endField(chunk.slice(start, i))
          this.state = State.FieldStart
        } else if (c === LF || c === CR) {
          this.endField(chunk.slice(start, i))
          i = this.endLine(chunk, i)
        }
      } else if (state === State.Quoted) {
        if (c === QUOTE) {
          this.field += chunk.slice(start, i)
          this.state = State.QuoteInQuoted
        } else if (c === CR) this.line++
        else if (c === LF && (i > 0 ? chunk.charCodeAt(i - 1) !== CR : !this.endedOnCR)) this.line++
      } else if (c === SPACE || c === TAB) {
        // Spaces between a closing quote and the comma are dropped.
      } else if (c === QUOTE) {
        // "" inside a quoted field: the second quote starts the next run, so it is kept.
        this.state = State.Quoted
        start = i
      } else if (c === COMMA) {
        this.endField('')
        this.state = State.FieldStart
      } else if (c === LF || c === CR) {
        this.endField('')
        i = this.endLine(chunk, i)
      } else {
        // Text after a closing quote: kept as written, as spreadsheets do.
        this.state = State.Unquoted
        start = i
      }
    }
    if (this.state === State.Unquoted || this.state === State.Quoted)
      this.field += chunk.slice(start, length)
    this.endedOnCR = length > 0 && chunk.charCodeAt(length - 1) === CR
  }

  /** Ends the input; throws if a quoted field was never closed. */
  end(): void {
    if (this.state === State.Quoted)
      throw new MurmurError(
        'validation_failed',
        `The quoted field that starts on line ${this.recordLine} is never closed.`,
      )
    if (this.state !== State.FieldStart || this.fields.length > 0) {
      this.endField('')
      this.endRecord()
    }
  }

  private endField(rest: string) {
    const text = this.field + rest
    this.fields.push(this.quoted ? text : text.trim())
    this.field = ''
    this.quoted = false
  }

  /** Ends the record at a line break at `i`; returns the index of its last character. */
  private endLine(chunk: string, i: number): number {
    this.endRecord()
    this.line++
    this.recordLine = this.line
    this.state = State.FieldStart
    if (chunk.charCodeAt(i) === CR) {
      if (i + 1 === chunk.length) this.afterCR = true
      else if (chunk.charCodeAt(i + 1) === LF) return i + 1
    }
    return i
  }

  private endRecord() {
    const fields = this.fields
    this.fields = []
    if (fields.every((f) => f === '')) return
    this.onRecord({ fields, line: this.recordLine })
  }
}
