import { randomFillSync } from 'node:crypto'

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'
const RANDOM_CHARS = 8 // 40 random bits per millisecond
const pool = new Uint8Array(4096)
let offset = pool.length

/**
 * A click id (the `mm=` value): 10 characters of time (milliseconds, base32)
 * then 8 random ones. Ids that grow with time are appended at the end of the
 * clicks table's primary-key index instead of at random places, which makes
 * storing a click several times cheaper. Random bytes come from a pool
 * refilled 4 KiB at a time: the redirect makes one id per click.
 */
export function newClickId(now: number): string {
  let id = ''
  let time = Math.max(0, Math.floor(now))
  for (let i = 0; i < 10; i++) {
    id = ALPHABET[time % 32] + id
    time = Math.floor(time / 32)
  }
  if (offset + RANDOM_CHARS > pool.length) {
    randomFillSync(pool)
    offset = 0
  }
  for (let i = 0; i < RANDOM_CHARS; i++) id += ALPHABET[(pool[offset++] as number) & 31]
  return id
}

export const CLICK_ID_PATTERN = /^[0-9a-hjkmnp-tv-z]{18}$/
