import { describe, expect, it } from 'vitest'
import {
  META_BUC_FALLBACK_WAIT_MS,
  META_FALLBACK_WAIT_MS,
  MetaUsageGate,
  metaThrottleWaitMs,
  readMetaUsage,
} from './meta-usage.js'

describe('readMetaUsage', () => {
  it('reads X-App-Usage and X-Page-Usage percentages', () => {
    const headers = new Headers({
      'x-app-usage': '{"call_count":28,"total_time":25,"total_cputime":25}',
      'x-page-usage': '{"call_count":85,"total_cputime":56,"total_time":60}',
    })
    expect(readMetaUsage(headers)).toEqual({ percent: 85 })
  })

  it('reads the Business Use Case header, nested per object, with its estimate in minutes', () => {
    const headers = new Headers({
      'x-business-use-case-usage': JSON.stringify({
        '112233': [
          {
            type: 'pages',
            call_count: 100,
            total_cputime: 20,
            total_time: 30,
            estimated_time_to_regain_access: 19,
          },
        ],
        '445566': [
          {
            type: 'instagram',
            call_count: 12,
            total_cputime: 1,
            total_time: 1,
            estimated_time_to_regain_access: 0,
          },
        ],
      }),
    })
    expect(readMetaUsage(headers)).toEqual({ percent: 100, regainAccessMs: 19 * 60_000 })
  })

  it('says nothing when Meta sends nothing (usage near 0%) or something unreadable', () => {
    expect(readMetaUsage(new Headers())).toBeUndefined()
    expect(readMetaUsage(new Headers({ 'x-app-usage': 'not json' }))).toBeUndefined()
  })
})

describe('metaThrottleWaitMs', () => {
  it("prefers Meta's estimate, else waits 10 minutes (an hour for daily BUC budgets)", () => {
    const estimate = new Headers({
      'x-business-use-case-usage':
        '{"1":[{"type":"pages","call_count":100,"estimated_time_to_regain_access":7}]}',
    })
    expect(metaThrottleWaitMs(estimate, 80001)).toBe(7 * 60_000)
    expect(metaThrottleWaitMs(new Headers(), 17)).toBe(META_FALLBACK_WAIT_MS)
    expect(metaThrottleWaitMs(new Headers(), 80002)).toBe(META_BUC_FALLBACK_WAIT_MS)
  })
})

describe('MetaUsageGate', () => {
  function clock() {
    let now = Date.parse('2026-11-27T12:00:00Z')
    return { now: () => now, advance: (ms: number) => (now += ms) }
  }

  it('holds an account until the wait is over', () => {
    const time = clock()
    const gate = new MetaUsageGate(time.now)
    gate.block('facebook', 'page-1', 5 * 60_000, 32)
    expect(gate.waitFor('facebook', 'page-1')).toBe(5 * 60_000)
    expect(gate.waitFor('facebook', 'page-2')).toBeUndefined()
    time.advance(5 * 60_000)
    expect(gate.waitFor('facebook', 'page-1')).toBeUndefined()
  })

  it('holds every account of the app for an app-wide throttle (code 4), per network', () => {
    const gate = new MetaUsageGate(clock().now)
    gate.block('facebook', 'page-1', 60_000, 4)
    expect(gate.waitFor('facebook', 'page-2')).toBe(60_000)
    expect(gate.waitFor('threads', 'page-2')).toBeUndefined()
  })

  it('blocks from the usage headers of a successful answer at 100%', () => {
    const gate = new MetaUsageGate(clock().now)
    gate.observe('instagram', 'ig-1', new Headers({ 'x-app-usage': '{"call_count":99}' }))
    expect(gate.waitFor('instagram', 'ig-1')).toBeUndefined()
    gate.observe('instagram', 'ig-1', new Headers({ 'x-app-usage': '{"call_count":100}' }))
    expect(gate.waitFor('instagram', 'ig-1')).toBe(META_FALLBACK_WAIT_MS)
  })
})
