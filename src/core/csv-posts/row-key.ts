import { createHash } from 'node:crypto'
import type { RawRow } from './read-file.js'

/**
 * What makes a row the same row when a file is imported again: its `key` cell when it has one
 * (an export's post id), else a hash of every cell, so an unchanged row is never a second post.
 */
export function rowKeyOf(row: RawRow): string {
  const key = row.cells.key.trim()
  if (key) return `key:${key}`
  const cells = Object.entries(row.cells)
    .filter(([column]) => column !== 'key')
    .map(([column, value]) => [column, value.trim().replace(/\r\n?/g, '\n')])
  return `hash:${createHash('sha256').update(JSON.stringify(cells)).digest('hex')}`
}

/** Splits a list cell: labels by ";" or ",", alt texts by "|", channels and images by spaces. */
export const splitList = (cell: string, separator: RegExp): string[] =>
  cell
    .split(separator)
    .map((item) => item.trim())
    .filter(Boolean)
