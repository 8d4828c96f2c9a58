import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { redirectHeaders } from '../../src/http/redirect.js'
import { packClicks, unpackClicks } from '../../src/links/click-batch.js'
import {
  ClickRecorder,
  type ClickRecorderOptions,
  type PendingClick,
} from '../../src/links/click-recorder.js'

const click = (i: number, overrides: Partial<PendingClick> = {}): PendingClick => ({
  clickId: `0000000000${String(i).padStart(8, '0')}`,
  linkId: `lnk_${i % 3}`,
  workspaceId: `ws_${i % 2}`,
  at: 1_800_000_000_000 + i,
  ip: `192.0.2.${i % 250}`,
  userAgent: i % 5 === 0 ? '' : `agent ${i % 4}`,
  referer: i % 3 === 0 ? null : `https://ref${i % 2}.example/`,
  isBot: i % 5 === 0,
  viaQr: i % 7 === 0,
  ...overrides,
})

/** A writer that stores what it is given, and can be held to simulate a slow database. */
function heldWriter() {
  const stored: PendingClick[] = []
  const batches: number[] = []
  let release: (() => void) | undefined
  let held: Promise<void> | undefined
  return {
    stored,
    batches,
    hold() {
      held = new Promise((resolve) => {
        release = resolve
      })
    },
    release() {
      release?.()
      held = undefined
    },
    write: async (batch: PendingClick[]) => {
      batches.push(batch.length)
      if (held) await held
      stored.push(...batch)
    },
  }
}

const quietLog = () => {
  const lines: { level: string; message: string; fields: unknown }[] = []
  const at = (level: string) => (fields: unknown, message: string) =>
    void lines.push({ level, message, fields })
  const log = { error: at('error'), warn: at('warn'), info: at('info') }
  return { lines, log: log as unknown as ClickRecorderOptions['log'] }
}

describe('packing a batch for the click worker', () => {
  test('unpacks to the same clicks, in order', () => {
    const batch = Array.from({ length: 40 }, (_, i) => click(i))
    expect(unpackClicks(structuredClone(packClicks(batch)))).toEqual(batch)
    expect(unpackClicks(packClicks([]))).toEqual([])
  })

  test('any clicks survive the round trip', () => {
    const text = fc.string({ maxLength: 30 }).filter((s) => !s.includes('\n'))
    const pending = fc.record({
      clickId: text,
      linkId: text,
      workspaceId: text,
      at: fc.integer({ min: 0, max: 2 ** 45 }),
      ip: text,
      userAgent: fc.string({ maxLength: 200 }),
      referer: fc.option(fc.string({ maxLength: 50 }), { nil: null }),
      isBot: fc.boolean(),
      viaQr: fc.boolean(),
    })
    fc.assert(
      fc.property(fc.array(pending, { maxLength: 30 }), (batch) => {
        expect(unpackClicks(structuredClone(packClicks(batch)))).toEqual(batch)
      }),
    )
  })
})

describe('the click recorder', () => {
  test('a slow writer gets bigger batches and loses nothing', async () => {
    const writer = heldWriter()
    const { lines, log } = quietLog()
    const recorder = new ClickRecorder(writer.write, {
      flushIntervalMs: 3_600_000,
      batchSize: 10,
      maxBatchSize: 1_000,
      warnPending: 500,
      log,
    })
    writer.hold()
    for (let i = 0; i < 10; i++) recorder.record(click(i)) // starts a write of 10, held
    for (let i = 10; i < 2_510; i++) recorder.record(click(i)) // piles up meanwhile
    expect(recorder.pending).toBe(2_500)
    expect(lines.filter((l) => l.message.includes('click writer is behind'))).toHaveLength(1)
    writer.release()
    await recorder.flush()
    expect(writer.batches).toEqual([10, 1_000, 1_000, 500])
    expect(writer.stored.map((c) => c.clickId)).toEqual(
      Array.from({ length: 2_510 }, (_, i) => click(i).clickId),
    )
    expect(recorder.stats).toMatchObject({ pending: 0, written: 2_510, dropped: 0 })
    expect(recorder.stats.highWater).toBeGreaterThanOrEqual(2_500)
    expect(lines.some((l) => l.message === 'click writer caught up')).toBe(true)
    await recorder.close()
  })

  test('past the memory bound, clicks are counted as dropped and logged as errors, never silently', async () => {
    const writer = heldWriter()
    const { lines, log } = quietLog()
    const recorder = new ClickRecorder(writer.write, {
      flushIntervalMs: 3_600_000,
      batchSize: 10,
      maxPending: 100,
      log,
    })
    writer.hold()
    for (let i = 0; i < 10; i++) recorder.record(click(i)) // in the held write
    for (let i = 10; i < 150; i++) recorder.record(click(i))
    expect(recorder.pending).toBe(100)
    expect(recorder.stats.dropped).toBe(40)
    const errors = lines.filter((l) => l.level === 'error' && l.message.includes('buffer full'))
    expect(errors).toHaveLength(1) // once per 10 s, not once per click
    writer.release()
    await recorder.close()
    expect(writer.stored).toHaveLength(110)
    expect(recorder.stats).toMatchObject({ written: 110, dropped: 40 })
  })

  test('a failed write goes back to the front and is retried in order', async () => {
    let fail = true
    const stored: string[] = []
    const { log } = quietLog()
    const recorder = new ClickRecorder(
      async (batch) => {
        if (fail) throw new Error('database is down')
        stored.push(...batch.map((c) => c.clickId))
      },
      { flushIntervalMs: 3_600_000, batchSize: 1_000, log },
    )
    for (let i = 0; i < 5; i++) recorder.record(click(i))
    await recorder.flush()
    expect(recorder.pending).toBe(5)
    for (let i = 5; i < 8; i++) recorder.record(click(i))
    fail = false
    await recorder.close()
    expect(stored).toEqual(Array.from({ length: 8 }, (_, i) => click(i).clickId))
  })
})

describe('reading the redirect headers from the raw list', () => {
  test('as Node would: the first Host, User-Agent and Referer count, X-Forwarded-For lines join', () => {
    expect(
      redirectHeaders([
        'HOST',
        'murmur.example',
        'user-agent',
        'first agent',
        'User-Agent',
        'second agent',
        'X-Forwarded-For',
        '203.0.113.1',
        'x-forwarded-for',
        '198.51.100.2',
        'Referer',
        'https://ref.example/',
        'Accept',
        '*/*',
        'Host',
        'other.example',
      ]),
    ).toEqual({
      host: 'murmur.example',
      userAgent: 'first agent',
      referer: 'https://ref.example/',
      forwardedFor: '203.0.113.1, 198.51.100.2',
    })
    expect(redirectHeaders([])).toEqual({
      host: undefined,
      userAgent: undefined,
      referer: undefined,
      forwardedFor: undefined,
    })
  })
})
