import { newId } from '../core/ids.js'

let last = 0

/**
 * `newId`, strictly increasing within this process: rows written in the same millisecond (a
 * page of messages, a contact's stage changes) still sort in the order they happened. The time
 * in the id runs ahead of the clock by at most one millisecond per id written in a burst.
 */
export function orderedId(prefix: string, now: number): string {
  last = Math.max(now, last + 1)
  return newId(prefix, last)
}
