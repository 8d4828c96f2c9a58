const ALPHABET = '234567abcdefghijklmnopqrstuvwxyz'
/** Random per process, as the spec asks, so two Murmur processes do not collide. */
const CLOCK_ID = BigInt(Math.floor(Math.random() * 1024))
let lastMicroseconds = 0

/**
 * A record key in AT Protocol's TID format: 53 bits of microseconds, 10 bits of clock id, in
 * sortable base32 (13 characters). Choosing the key before sending lets Murmur name a post whose
 * creation answer was lost, so it can check later whether it exists.
 */
export function nextTid(nowMs: number = Date.now()): string {
  let microseconds = Math.floor(nowMs) * 1000
  if (microseconds <= lastMicroseconds) microseconds = lastMicroseconds + 1
  lastMicroseconds = microseconds
  let value = (BigInt(microseconds) << 10n) | CLOCK_ID
  let tid = ''
  for (let index = 0; index < 13; index++) {
    tid = ALPHABET.charAt(Number(value & 31n)) + tid
    value >>= 5n
  }
  return tid
}
