import { randomBytes } from 'node:crypto'

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz' // Crockford base32, lower case

function base32(bytes: Uint8Array): string {
  let out = ''
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31]
  return out
}

/**
 * Opaque ids that sort by creation time (a 48-bit millisecond clock, then 80
 * random bits), so cursor pagination can order by id alone.
 */
export function newId(prefix: string, now = Date.now()): string {
  const time = Buffer.alloc(6)
  time.writeUIntBE(now, 0, 6)
  return `${prefix}_${base32(time)}${base32(randomBytes(10))}`
}

/** A random secret token (session, invitation, API key), URL safe. */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}
