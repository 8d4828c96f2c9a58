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

let lastTime = -1
const lastRandom = Buffer.alloc(10)

/**
 * Opaque ids that sort by creation time (a 48-bit millisecond clock, then 80
 * random bits), so cursor pagination can order by id alone. Within one
 * millisecond the random part counts up, so ids made in order sort in order.
 */
export function newId(prefix: string, now = Date.now()): string {
  const time = Buffer.alloc(6)
  time.writeUIntBE(now, 0, 6)
  if (now === lastTime) incrementRandom()
  else randomBytes(10).copy(lastRandom)
  lastTime = now
  return `${prefix}_${base32(time)}${base32(lastRandom)}`
}

function incrementRandom(): void {
  for (let i = lastRandom.length - 1; i >= 0; i--) {
    const byte = lastRandom[i] as number
    lastRandom[i] = (byte + 1) & 0xff
    if (byte !== 0xff) return
  }
}

/** A random secret token (session, invitation, API key), URL safe. */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}
