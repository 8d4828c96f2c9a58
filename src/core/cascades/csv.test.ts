import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { CsvReader, type CsvRecord } from './csv.js'
import { EdgeTableReader, parseTime } from './edge-table.js'
import { CascadeTreeError } from './problems.js'
import { nodeId } from './tree.js'

/** Reads `text` fed in the given chunk sizes (cycled). */
function read(text: string, sizes: number[] = [text.length || 1]): CsvRecord[] {
  const records: CsvRecord[] = []
  const reader = new CsvReader((r) => records.push(r))
  for (let at = 0, k = 0; at < text.length; k++) {
    const size = Math.max(1, sizes[k % sizes.length]!)
    reader.push(text.slice(at, at + size))
    at += size
  }
  reader.end()
  return records
}

describe('CSV reader', () => {
  test('BOM, CRLF, blank lines, quotes, trimming, a last line without a break', () => {
    const text =
      '\uFEFFparent,child\r\n\r\n,"root"\r\n  root , "a, b"\r\n,,\r\n"a, b","say ""hi"""\n"multi\r\nline",x'
    const records = read(text)
    expect(records).toEqual([
      { fields: ['parent', 'child'], line: 1 },
      { fields: ['', 'root'], line: 3 },
      { fields: ['root', 'a, b'], line: 4 },
      { fields: ['a, b', 'say "hi"'], line: 6 },
      { fields: ['multi\r\nline', 'x'], line: 7 },
    ])
  })

  test('lone CR line ends, and a CRLF split across chunks counts as one line', () => {
    expect(read('a,b\rc,d\re,f')).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['c', 'd'], line: 2 },
      { fields: ['e', 'f'], line: 3 },
    ])
    expect(read('a,b\r\nc,d\r\n', [4, 1])).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['c', 'd'], line: 2 },
    ])
  })

  test('an unclosed quote is an error naming its line', () => {
    expect(() => read('a,b\n"c,d\n')).toThrow(
      'The quoted field that starts on line 2 is never closed.',
    )
  })

  test('any chunking gives the same records as reading at once', () => {
    const field = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('a,b', 'x"y', '"', '\r\n', '\n', ' spaced ', ''),
    )
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 3 }), { maxLength: 8 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }),
        (rows, newline, sizes) => {
          // Quote every field, so the expected records are exactly the input.
          const text = rows
            .map((r) => r.map((f) => `"${f.replaceAll('"', '""')}"`).join(','))
            .join(newline)
          const expected = rows.filter((r) => r.some((f) => f !== '')).map((r) => r)
          expect(read(text, sizes).map((r) => r.fields)).toEqual(expected)
          expect(read(text).map((r) => r.fields)).toEqual(expected)
        },
      ),
      { numRuns: 300 },
    )
  })
})

function table(text: string, chunk = 7) {
  const reader = new EdgeTableReader()
  for (let at = 0; at < text.length; at += chunk) reader.push(text.slice(at, at + chunk))
  return reader.end()
}

describe('edge table', () => {
  test('with no header, the first two columns are parent and child', () => {
    const t = table(',post\npost,a\npost,b\na,c\n')
    expect(t.hasHeader).toBe(false)
    expect(t.rowCount).toBe(4)
    expect(t.tree.size).toBe(4)
    expect(t.columns).toEqual([])
    expect(t.times).toBeNull()
  })

  test('a header finds columns by name, in any order', () => {
    const t = table(
      'Child,Visitor ID,Parent,Time,is-bot,conversions,revenue\n' +
        'post,,,2026-03-01T10:00:00Z,no,,\n' +
        'a,v1,post,1772359260,0,1,1250\n' +
        'b,v2,post,1772359320000,yes,0,\n',
    )
    expect(t.hasHeader).toBe(true)
    expect(t.columns).toEqual(['time', 'visitor', 'bot', 'conversions', 'revenue'])
    expect(nodeId(t.tree, 0)).toBe('post')
    expect(Array.from(t.times!)).toEqual([Date.UTC(2026, 2, 1, 10), 1772359260000, 1772359320000])
    expect(t.visitors).toEqual([null, 'v1', 'v2'])
    expect(Array.from(t.bots!)).toEqual([0, 0, 1])
    expect(Array.from(t.conversions!)).toEqual([0, 1, 0])
    expect(Array.from(t.revenue!)).toEqual([0, 1250, 0])
  })

  test('rows are file lines: the header is row 1, blank lines count', () => {
    const error = (() => {
      try {
        table('parent,child\n,post\n\npost,a\nghost,b\n')
      } catch (e) {
        return e as CascadeTreeError
      }
    })()
    expect(error).toBeInstanceOf(CascadeTreeError)
    expect(error?.message).toContain('parent "ghost" in row 5 has no row of its own')
  })

  test('a header and nothing else is no tree', () => {
    expect(() => table('parent,child\r\n\r\n')).toThrow('Not a share tree: there are no rows.')
  })

  test('bad values name their rows', () => {
    expect(() => table('parent,child,time,bot\n,post,yesterday,no\npost,a,,maybe\n')).toThrow(
      'Bad values: row 2: time "yesterday" is not a date; row 3: bot "maybe" is not yes/no, true/false or 1/0.',
    )
    expect(() => table('parent,child,conversions\n,post,-1\n')).toThrow(
      'row 2: conversions "-1" is not a number of 0 or more',
    )
  })

  test('times: ISO dates, epoch seconds and epoch milliseconds', () => {
    expect(parseTime('2026-03-01T10:00:00+01:00')).toBe(Date.UTC(2026, 2, 1, 9))
    expect(parseTime('1772359260')).toBe(1772359260000)
    expect(parseTime('1772359260123')).toBe(1772359260123)
    expect(parseTime('')).toBeNaN()
    expect(parseTime('soon')).toBeNull()
  })
})
