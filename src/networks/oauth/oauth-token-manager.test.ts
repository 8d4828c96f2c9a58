import { describe, expect, it } from 'vitest'
import { NetworkError } from '../spec/network-error.js'
import { KeyedMutex } from './keyed-mutex.js'
import { OAuthTokenManager, type RefreshableTokens } from './oauth-token-manager.js'

type Credentials = RefreshableTokens & { userId: string }

const MINUTE = 60_000

function clock(start = Date.parse('2026-11-01T12:00:00Z')) {
  let now = start
  return { now: () => now, advance: (ms: number) => (now += ms) }
}

function credentials(now: number, expiresInMs: number, generation = 1): Credentials {
  return {
    userId: '42',
    accessToken: `access-${generation}`,
    refreshToken: `refresh-${generation}`,
    expiresAt: new Date(now + expiresInMs).toISOString(),
  }
}

/** A token endpoint with rotation: each refresh token works once. */
function rotatingEndpoint(now: () => number) {
  const spent = new Set<string>()
  let generation = 1
  let calls = 0
  const refresh = async (current: Credentials): Promise<Credentials> => {
    calls++
    await new Promise((resolve) => setTimeout(resolve, 10))
    if (!current.refreshToken || spent.has(current.refreshToken)) {
      throw new NetworkError({
        network: 'x',
        kind: 'auth_expired',
        reason: 'invalid_request: Value passed for the token was invalid.',
        message: 'X refused the sign-in grant',
      })
    }
    spent.add(current.refreshToken)
    generation++
    return { ...current, ...credentials(now(), 2 * 60 * MINUTE, generation) }
  }
  return { refresh, calls: () => calls }
}

describe('OAuthTokenManager', () => {
  it('leaves a token alone until it is within the margin of its expiry', async () => {
    const time = clock()
    const manager = new OAuthTokenManager({ now: time.now, refreshMarginMs: 5 * MINUTE })
    const endpoint = rotatingEndpoint(time.now)
    const fresh = credentials(time.now(), 2 * 60 * MINUTE)
    const request = { network: 'x' as const, key: 'x:42', refresh: endpoint.refresh }
    expect(await manager.ensureFresh({ ...request, credentials: fresh })).toBe(fresh)
    time.advance(2 * 60 * MINUTE - 4 * MINUTE)
    const renewed = await manager.ensureFresh({ ...request, credentials: fresh })
    expect(renewed.accessToken).toBe('access-2')
    expect(endpoint.calls()).toBe(1)
  })

  it('refreshes once for many concurrent calls of one channel and stores the rotation once', async () => {
    const time = clock()
    const manager = new OAuthTokenManager({ now: time.now })
    const endpoint = rotatingEndpoint(time.now)
    const expiring = credentials(time.now(), MINUTE)
    const stored: Credentials[] = []
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        manager.ensureFresh({
          network: 'x',
          key: 'x:42',
          credentials: expiring,
          refresh: endpoint.refresh,
          onCredentialsChanged: (next) => {
            stored.push(next)
          },
        }),
      ),
    )
    expect(endpoint.calls()).toBe(1)
    expect(stored).toHaveLength(1)
    expect(stored[0]?.refreshToken).toBe('refresh-2')
    expect(new Set(results.map((result) => result.accessToken))).toEqual(new Set(['access-2']))
  })

  it('hands the rotated tokens to a late call that still holds the spent refresh token', async () => {
    const time = clock()
    const manager = new OAuthTokenManager({ now: time.now })
    const endpoint = rotatingEndpoint(time.now)
    const expiring = credentials(time.now(), MINUTE)
    const request = { network: 'x' as const, key: 'x:42', refresh: endpoint.refresh }
    await manager.ensureFresh({ ...request, credentials: expiring })
    // A job that loaded the row before the rotation was stored.
    const late = await manager.ensureFresh({ ...request, credentials: expiring })
    expect(late).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2', userId: '42' })
    expect(endpoint.calls()).toBe(1)
  })

  it('refreshes when forced after a 401, even with an expiry in the future', async () => {
    const time = clock()
    const manager = new OAuthTokenManager({ now: time.now })
    const endpoint = rotatingEndpoint(time.now)
    const next = await manager.ensureFresh({
      network: 'x',
      key: 'x:42',
      credentials: credentials(time.now(), 60 * MINUTE),
      refresh: endpoint.refresh,
      force: true,
    })
    expect(next.accessToken).toBe('access-2')
  })

  it('turns a refused refresh into auth_expired that says the channel needs reconnect', async () => {
    const time = clock()
    const manager = new OAuthTokenManager({ now: time.now })
    const endpoint = rotatingEndpoint(time.now)
    const expiring = credentials(time.now(), MINUTE)
    await endpoint.refresh(expiring) // spends refresh-1 behind the manager's back
    const stored: Credentials[] = []
    const error = await manager
      .ensureFresh({
        network: 'x',
        key: 'x:42',
        credentials: expiring,
        refresh: endpoint.refresh,
        accountLabel: '@bakery',
        onCredentialsChanged: (next) => {
          stored.push(next)
        },
      })
      .catch((caught: unknown) => caught)
    expect(NetworkError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ kind: 'auth_expired', network: 'x' })
    expect((error as NetworkError).reason).toMatch(/^needs reconnect: X refused the refresh token/)
    expect((error as NetworkError).message).toBe(
      'X: Murmur could not renew the connection to @bakery (invalid_request: Value passed for the token was invalid.); the channel needs reconnect',
    )
    expect(stored).toEqual([])
  })

  it('says needs reconnect when there is no refresh token at all', async () => {
    const time = clock()
    const manager = new OAuthTokenManager({ now: time.now })
    const { refreshToken: _, ...withoutRefresh } = credentials(time.now(), -MINUTE)
    const error = await manager
      .ensureFresh({
        network: 'x',
        key: 'x:42',
        credentials: withoutRefresh,
        refresh: async () => {
          throw new Error('must not be called')
        },
      })
      .catch((caught: unknown) => caught)
    expect(error).toMatchObject({ kind: 'auth_expired' })
    expect((error as NetworkError).reason).toMatch(/^needs reconnect/)
  })

  it('passes through failures that are not refusals (the network was down)', async () => {
    const time = clock()
    const manager = new OAuthTokenManager({ now: time.now })
    const outage = new NetworkError({ network: 'x', kind: 'retryable', message: 'X: 503' })
    const error = await manager
      .ensureFresh({
        network: 'x',
        key: 'x:42',
        credentials: credentials(time.now(), MINUTE),
        refresh: async () => {
          throw outage
        },
      })
      .catch((caught: unknown) => caught)
    expect(error).toBe(outage)
  })
})

describe('KeyedMutex', () => {
  it('runs tasks of one key in order and other keys in parallel', async () => {
    const mutex = new KeyedMutex()
    const events: string[] = []
    const task = (name: string, ms: number) => async () => {
      events.push(`start ${name}`)
      await new Promise((resolve) => setTimeout(resolve, ms))
      events.push(`end ${name}`)
      return name
    }
    const results = await Promise.all([
      mutex.run('a', task('a1', 30)),
      mutex.run('a', task('a2', 1)),
      mutex.run('b', task('b1', 1)),
    ])
    expect(results).toEqual(['a1', 'a2', 'b1'])
    expect(events.indexOf('end a1')).toBeLessThan(events.indexOf('start a2'))
    expect(events.indexOf('start b1')).toBeLessThan(events.indexOf('end a1'))
    expect(mutex.size).toBe(0)
  })

  it('releases the key when a task throws', async () => {
    const mutex = new KeyedMutex()
    await expect(mutex.run('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    )
    expect(await mutex.run('a', async () => 'next')).toBe('next')
  })
})
