import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { apiFor } from '../support/api.js'
import { createTestMurmur, type TestMurmur } from '../support/databases.js'

describe('operations endpoints', () => {
  let t: TestMurmur
  let api: ReturnType<typeof apiFor>
  beforeAll(async () => {
    t = await createTestMurmur('sqlite', { metricsToken: 'scrape-secret' })
    api = apiFor(t.murmur)
  })
  afterAll(() => t.cleanup())

  test('/healthz and /readyz answer JSON', async () => {
    const client = api.client()
    expect((await client.get('/healthz')).body).toEqual({ status: 'ok' })
    const ready = await client.get('/readyz')
    expect(ready.status).toBe(200)
    expect(ready.body.status).toBe('ready')
    expect(ready.body.checks.migrations).toEqual({ ok: true, pending: [] })
  })

  test('/metrics speaks Prometheus text and wants its token', async () => {
    const client = api.client()
    await client.get('/api/v1/setup')
    expect((await client.get('/metrics')).status).toBe(401)
    client.bearer = 'scrape-secret'
    const scraped = await client.get('/metrics')
    expect(scraped.status).toBe(200)
    expect(scraped.text).toContain(
      'murmur_http_requests_total{method="GET",route="/api/v1/setup",status="2xx"}',
    )
    expect(scraped.text).toContain('murmur_process_resident_memory_bytes')
  })

  test('the OpenAPI document is 3.1, documents every route with responses, and the docs page loads locally', async () => {
    const client = api.client()
    const doc = (await client.get('/api/v1/openapi.json')).body
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.components.securitySchemes.bearer.scheme).toBe('bearer')
    for (const [path, item] of Object.entries<
      Record<string, { responses?: object; summary?: string }>
    >(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        expect(op.summary, `${method} ${path} needs a summary`).toBeTruthy()
        expect(Object.keys(op.responses ?? {}).length, `${method} ${path}`).toBeGreaterThan(0)
      }
    }
    const page = await client.get('/api/docs')
    expect(page.text).toContain('/api/docs/assets/swagger-ui-bundle.js')
    expect(page.text).not.toMatch(/https?:\/\/(cdn|unpkg)/)
    const bundle = await client.get('/api/docs/assets/swagger-ui-bundle.js')
    expect(bundle.status).toBe(200)
  })

  test('readyz reports the database being unreachable as 503, not a crash', async () => {
    const broken = await createTestMurmur('sqlite')
    const brokenApi = apiFor(broken.murmur)
    await broken.murmur.storage.close()
    const response = await brokenApi.client().get('/readyz')
    expect(response.status).toBe(503)
    expect(response.body.checks.database.ok).toBe(false)
    await broken.cleanup().catch(() => undefined)
  })
})
