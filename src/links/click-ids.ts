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
let lastTime = 0

/**
 * The 10 leading characters of the ids of clicks made at `time`. Every id of a
 * click made before `time` sorts before it, every later one after.
 */
export function clickIdTimePrefix(time: number): string {
  let prefix = ''
  let rest = Math.max(0, Math.floor(time))
  for (let i = 0; i < 10; i++) {
    prefix = ALPHABET[rest % 32] + prefix
    rest = Math.floor(rest / 32)
  }
  return prefix
}

/**
 * Moves the id clock past every id made so far and answers the time of the
 * cut: ids made before it sort below `clickIdTimePrefix(cut)`, later ones above.
 */
export function cutClickIds(): number {
  lastTime += 1
  return lastTime
}

// Many clicks share a millisecond under load: its prefix is made once.
let prefixTime = -1
let prefix = ''

export function newClickId(now: number): string {
  // Never backwards within a process, even if the clock is: the rollup job reads ids in order.
  lastTime = Math.max(lastTime, Math.floor(now))
  if (lastTime !== prefixTime) {
    prefix = clickIdTimePrefix(lastTime)
    prefixTime = lastTime
  }
  let id = prefix
  if (offset + RANDOM_CHARS > pool.length) {
    randomFillSync(pool)
    offset = 0
  }
  for (let i = 0; i < RANDOM_CHARS; i++) id += ALPHABET[(pool[offset++] as number) & 31]
  return id
}

export const CLICK_ID_PATTERN = /^[0-9a-hjkmnp-tv-z]{18}$/
