/**
 * What each counter under the editor shows. The server's count (from /posts/validate, the rules
 * that decide at publishing time) wins; until it answers, the composer counts in the browser the
 * way each network counts, with the limit and unit from the channel's capabilities, so all seven
 * counters move as soon as someone types. The browser's count is exact for the common cases
 * (test/web/compose-counters.test.ts checks it against the networks' own counters); a link glued
 * to other text may differ until the server's count arrives a quarter of a second later.
 */
import type { NetworkId, TextCounter } from '../../api/publishing-types.js'

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })
const encoder = new TextEncoder()
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u
/** Links as X and Mastodon find them; each counts 23 (t.co, Mastodon's fixed URL length). */
const URL = /\bhttps?:\/\/[\w\-.~:/?#[\]@!$&'()*+,;=%]*[\w\-/#=&%~+]/giu
const X_URL = /\b(?:https?:\/\/|www\.)[\w\-.~:/?#[\]@!$&'()*+,;=%]*[\w\-/#=&%~+]/giu
/**
 * Mastodon counts a remote mention as its `@username` part. Like its `MENTION_RE`, a mention
 * never follows `=`, `/` or a word character (`bread@ada@ada` is plain text).
 */
const REMOTE_MENTION =
  /(?<![=/\p{L}\p{M}\p{N}\p{Pc}])(@[a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?)@[\p{L}\p{M}\p{N}\p{Pc}.-]+[\p{L}\p{M}\p{N}\p{Pc}]/giu
/**
 * LinkedIn's little text escapes these with a backslash, and the backslashes count; links stay
 * as they are, and the # that starts a hashtag is not escaped.
 */
const LINKEDIN_RESERVED = /[|{}@[\]()<>#\\*_~]/gu
const LINKEDIN_LINK = /(?:https?:\/\/|www\.)[^\s<>"]+/giu
const LINKEDIN_HASHTAG = /(^|[\s([{"'])#([\p{L}\p{N}]+)/gu
const URL_LENGTH = 23

const countGraphemes = (text: string) => {
  let count = 0
  for (const _ of graphemes.segment(text)) count++
  return count
}
const countCodePoints = (text: string) => {
  let count = 0
  for (const _ of text) count++
  return count
}

/** twitter-text v3: these code points weigh 1, everything else 2; an emoji sequence weighs 2. */
function xWeight(segment: string): number {
  if (EMOJI.test(segment)) return 2
  let weight = 0
  for (const character of segment) {
    const point = character.codePointAt(0) ?? 0
    const light =
      point <= 4351 ||
      (point >= 8192 && point <= 8205) ||
      (point >= 8208 && point <= 8223) ||
      (point >= 8242 && point <= 8247)
    weight += light ? 1 : 2
  }
  return weight
}

function countX(text: string): number {
  const normalized = text.normalize('NFC')
  let count = 0
  let cursor = 0
  for (const match of normalized.matchAll(X_URL)) {
    for (const { segment } of graphemes.segment(normalized.slice(cursor, match.index)))
      count += xWeight(segment)
    count += URL_LENGTH
    cursor = match.index + match[0].length
  }
  for (const { segment } of graphemes.segment(normalized.slice(cursor))) count += xWeight(segment)
  return count
}

function countThreads(text: string): number {
  let count = 0
  for (const { segment } of graphemes.segment(text)) {
    count += EMOJI.test(segment) ? encoder.encode(segment).byteLength : countCodePoints(segment)
  }
  return count
}

function countLinkedIn(text: string): number {
  const outsideLinks = text.replace(LINKEDIN_LINK, ' ')
  const escapes =
    (outsideLinks.match(LINKEDIN_RESERVED)?.length ?? 0) -
    [...outsideLinks.matchAll(LINKEDIN_HASHTAG)].length
  return countCodePoints(text) + escapes
}

/** The length a network will count for `text`, computed in the browser. */
export function estimateLength(network: NetworkId, text: string): number {
  switch (network) {
    case 'x':
      return countX(text)
    case 'bluesky':
      return countGraphemes(text)
    case 'mastodon':
      // Mastodon counts a blank status as empty.
      if (text.trim() === '') return 0
      return countGraphemes(text.replace(URL, 'x'.repeat(URL_LENGTH)).replace(REMOTE_MENTION, '$1'))
    case 'threads':
      return countThreads(text)
    case 'linkedin':
      return countLinkedIn(text)
    default:
      // Facebook and Instagram count code points.
      return countCodePoints(text)
  }
}

export interface CounterView {
  length: number
  max: number | null
  unit: string
  over: boolean
  /** True while the server has not counted this text yet. */
  estimated: boolean
}

export function counterView(input: {
  network: NetworkId
  text: string
  /** The server's count, when it has answered. */
  counter?: TextCounter | undefined
  /** From the channel's capabilities. */
  limit?: { max_length: number; counted_as: string } | undefined
}): CounterView {
  const { counter, limit } = input
  const countedAs = counter?.counted_as ?? limit?.counted_as ?? 'characters'
  const unit = countedAs === 'graphemes' ? 'characters' : countedAs
  const length = counter ? counter.length : estimateLength(input.network, input.text)
  const max = counter?.max ?? limit?.max_length ?? null
  return { length, max, unit, over: max !== null && length > max, estimated: !counter }
}
