import { OpenAPIHono } from '@hono/zod-openapi'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { AppEnv } from '../../src/http/env.js'
import { respondWithError } from '../../src/http/errors.js'
import { API_RATE_LIMIT, apiRateLimit } from '../../src/http/middleware/api-rate-limit.js'
import { createTeamWorld, type TeamWorld } from './world.js'

describe('API rate limit', () => {
  test('over the limit: 429 in the error shape with Retry-After; each key counts alone', async () => {
    const app = new OpenAPIHono<AppEnv>()
    app.onError((error, c) => respondWithError(c, error))
    app.use('*', async (c, next) => {
      const keyId = c.req.header('x-key')
      if (keyId) c.set('auth', { kind: 'api_key', keyId, workspaceId: 'ws', role: 'editor' })
      return next()
    })
    app.use('*', apiRateLimit(3, 60))
    app.get('/x', (c) => c.json({ ok: true }))
    const call = (key?: string) => app.request('/x', { headers: key ? { 'x-key': key } : {} })

    const remaining = []
    for (let i = 0; i < 3; i++) remaining.push((await call('a')).headers.get('ratelimit-remaining'))
    expect(remaining).toEqual(['2', '1', '0'])
    const refused = await call('a')
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(refused.headers.get('ratelimit-remaining')).toBe('0')
    expect(((await refused.json()) as { error: unknown }).error).toMatchObject({
      code: 'rate_limited',
    })
    expect((await call('b')).status).toBe(200)
    // Without a caller nothing is counted (sign-in has its own limiter).
    const anonymous = await call()
    expect(anonymous.status).toBe(200)
    expect(anonymous.headers.get('ratelimit-limit')).toBeNull()
  })
})

describe('API rate limit headers on the real app', () => {
  let w: TeamWorld
  beforeAll(async () => {
    w = await createTeamWorld('sqlite')
  })
  afterAll(() => w.t.cleanup())

  test('every answer to an API key or a user carries RateLimit-*', async () => {
    const key = await w.owner.post(`${w.base}/api-keys`, { name: 'script', role: 'editor' })
    const script = w.api.client()
    script.bearer = key.body.key
    for (const client of [script, w.owner]) {
      const ok = await client.get(`${w.base}/approval-settings`)
      const missing = await client.get(`${w.base}/posts/post_nope`)
      for (const response of [ok, missing]) {
        expect(response.headers.get('ratelimit-limit')).toBe(String(API_RATE_LIMIT))
        expect(response.headers.get('ratelimit-policy')).toBe(`${API_RATE_LIMIT};w=60`)
        expect(Number(response.headers.get('ratelimit-remaining'))).toBeLessThan(API_RATE_LIMIT)
        expect(Number(response.headers.get('ratelimit-reset'))).toBeGreaterThan(0)
      }
    }
  })
})
