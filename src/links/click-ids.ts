import { randomFillSync } from 'node:crypto'

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'
const ID_LENGTH = 16 // 80 random bits
const pool = new Uint8Array(4096)
let offset = pool.length

/**
 * A random click id (the `mm=` value), 16 characters of base32. Random bytes
 * are taken from a pool refilled 4 KiB at a time: the redirect makes one per
 * click and a call into the system's generator each time would dominate.
 */
export function newClickId(): string {
  if (offset + ID_LENGTH > pool.length) {
    randomFillSync(pool)
    offset = 0
  }
  let id = ''
  for (let i = 0; i < ID_LENGTH; i++) id += ALPHABET[(pool[offset++] as number) & 31]
  return id
}

export const CLICK_ID_PATTERN = /^[0-9a-hjkmnp-tv-z]{16}$/
