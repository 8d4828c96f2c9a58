/**
 * Meta's rate-limit signals (Facebook, Instagram and Threads share the Graph API platform): usage
 * headers with percentages instead of counters, and throttle error codes instead of HTTP 429.
 */
import type { MetaNetworkId } from './meta-network-id.js'

/** Error codes Meta answers when a limit is reached, by what was limited. */
export const META_THROTTLE_CODES: Readonly<Record<number, string>> = {
  4: "Murmur's app reached its request limit",
  17: 'the account reached its request limit',
  32: 'the Page reached its request limit',
  341: 'the app reached its posting limit',
  613: 'too many calls to this part of the API',
}

/** Business Use Case throttles: 80001 Pages, 80002 Instagram, … up to 80014. */
export function isBucThrottleCode(code: number): boolean {
  return code >= 80000 && code <= 80014
}

export function isMetaThrottleCode(code: number | undefined): boolean {
  return code !== undefined && (code in META_THROTTLE_CODES || isBucThrottleCode(code))
}

/** Throttles that stop the whole app, not one account: wait for every channel of the network. */
export function isAppWideThrottle(code: number | undefined): boolean {
  return code === 4
}

/** What the usage headers of one answer say. */
export interface MetaUsage {
  /** Highest of every percentage Meta reported (call count, CPU time, total time). 100 = limited. */
  percent: number
  /** Meta's own estimate of when calls work again, when it gave one. */
  regainAccessMs?: number
}

const USAGE_HEADERS = ['x-app-usage', 'x-page-usage', 'x-business-use-case-usage'] as const
const PERCENT_FIELDS = ['call_count', 'total_cputime', 'total_time', 'acc_id_util_pct'] as const

/**
 * Reads `X-App-Usage` and `X-Page-Usage` (`{"call_count":28,"total_time":25,"total_cputime":25}`)
 * and `X-Business-Use-Case-Usage` (`{"<object id>":[{"type":"pages","call_count":100,…,
 * "estimated_time_to_regain_access":19}]}`, the estimate in minutes). Meta sends no header while
 * usage is near 0%, so absence means "fine", not "unknown limit".
 */
export function readMetaUsage(headers: Headers): MetaUsage | undefined {
  let percent = -1
  let regainMinutes = 0
  for (const name of USAGE_HEADERS) {
    const raw = headers.get(name)
    if (!raw) continue
    for (const entry of usageEntries(raw)) {
      for (const field of PERCENT_FIELDS) {
        const value = entry[field]
        if (typeof value === 'number' && Number.isFinite(value)) percent = Math.max(percent, value)
      }
      const regain = entry.estimated_time_to_regain_access
      if (typeof regain === 'number' && regain > regainMinutes) regainMinutes = regain
    }
  }
  if (percent < 0 && regainMinutes === 0) return undefined
  return {
    percent: Math.max(percent, 0),
    ...(regainMinutes > 0 && { regainAccessMs: regainMinutes * 60_000 }),
  }
}

function usageEntries(raw: string): Array<Record<string, unknown>> {
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    return []
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return []
  const record = parsed as Record<string, unknown>
  // The BUC header nests entries per business object; the others are one flat entry.
  const nested = Object.values(record).filter(Array.isArray).flat()
  const entries = nested.filter(
    (entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null,
  )
  return entries.length > 0 ? entries : [record]
}

/**
 * Platform limits count calls over a rolling hour and Meta does not say when a throttle lifts
 * unless the BUC header carries an estimate; 10 minutes lets part of the hour roll off. Business
 * Use Case budgets are per 24 hours, so those wait an hour.
 */
export const META_FALLBACK_WAIT_MS = 10 * 60_000
export const META_BUC_FALLBACK_WAIT_MS = 60 * 60_000

/** How long to leave the API alone after a throttle (or 100% usage), in milliseconds. */
export function metaThrottleWaitMs(headers: Headers, code?: number): number {
  const usage = readMetaUsage(headers)
  if (usage?.regainAccessMs) return usage.regainAccessMs
  return code !== undefined && isBucThrottleCode(code)
    ? META_BUC_FALLBACK_WAIT_MS
    : META_FALLBACK_WAIT_MS
}

/**
 * Remembers, per account and per app, that Meta throttled Murmur, and refuses calls locally until
 * the wait is over: Meta counts calls made while throttled, so retrying early extends the block.
 * In-process, like the token manager (one worker per database).
 */
export class MetaUsageGate {
  readonly #blockedUntil = new Map<string, number>()
  readonly #now: () => number

  constructor(now: () => number = Date.now) {
    this.#now = now
  }

  /** Milliseconds left before calls for this account may go out; undefined when they may now. */
  waitFor(network: MetaNetworkId, accountKey: string): number | undefined {
    const now = this.#now()
    let longest = 0
    for (const key of [appKey(network), accountGateKey(network, accountKey)]) {
      const until = this.#blockedUntil.get(key)
      if (until === undefined) continue
      if (until <= now) this.#blockedUntil.delete(key)
      else longest = Math.max(longest, until - now)
    }
    return longest > 0 ? longest : undefined
  }

  /** Reads the usage headers of an answer: at 100% Meta refuses the next calls. */
  observe(network: MetaNetworkId, accountKey: string, headers: Headers): void {
    const usage = readMetaUsage(headers)
    if (!usage || (usage.percent < 100 && !usage.regainAccessMs)) return
    this.block(network, accountKey, usage.regainAccessMs ?? META_FALLBACK_WAIT_MS)
  }

  /** Records a throttle answer; app-wide throttles (code 4) hold every account of the app. */
  block(network: MetaNetworkId, accountKey: string, waitMs: number, code?: number): void {
    const key = isAppWideThrottle(code) ? appKey(network) : accountGateKey(network, accountKey)
    const until = this.#now() + waitMs
    this.#blockedUntil.set(key, Math.max(until, this.#blockedUntil.get(key) ?? 0))
  }
}

function appKey(network: MetaNetworkId): string {
  return `${network}:app`
}

function accountGateKey(network: MetaNetworkId, accountKey: string): string {
  return `${network}:${accountKey}`
}

/** The process-wide gate Meta networks use unless a test brings its own. */
export const sharedMetaUsageGate = new MetaUsageGate()
