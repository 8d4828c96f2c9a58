import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type ApiClient, apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type TestMurmur } from '../support/databases.js'
import { fillPath, type Operation, routeTable } from '../support/route-table.js'
import { createOneOfEverything } from './tenant-fixtures.js'

/**
 * Hostile input against every route that takes a body: malformed JSON, wrong
 * types, unknown fields, non-objects, huge bodies, odd path values. Every
 * answer must be a 4xx in the one error shape, and nothing may be written.
 */
describe('API fuzzing', () => {
  let t: TestMurmur
  let owner: ApiClient
  let writes: Operation[]
  let reads: Operation[]
  let ids: Record<string, string>

  beforeAll(async () => {
    t = await createTestMurmur('sqlite', { bodyLimitBytes: 64 * 1024 })
    const api = apiFor(t.murmur)
    const setUp = await setUpOwner(api)
    owner = setUp.owner
    ids = await createOneOfEverything(owner, setUp.workspace.id, setUp.user.id, t.murmur)
    ids.token = 'not-a-real-invitation-token'
    const routes = await routeTable(owner)
    writes = routes.filter((r) => r.takesJsonBody && r.exampleBody !== undefined)
    reads = routes.filter((r) => r.method === 'GET')
  })
  afterAll(() => t.cleanup())

  const snapshot = async () =>
    JSON.stringify(
      await Promise.all(
        (
          ['users', 'workspaces', 'members', 'invitations', 'api_keys', 'idempotency_keys'] as const
        ).map((table) => t.murmur.db.selectFrom(table).selectAll().execute()),
      ),
    )

  const isErrorShape = (body: unknown) => {
    const error = (body as { error?: Record<string, unknown> })?.error
    return (
      typeof error?.code === 'string' && typeof error?.message === 'string' && 'details' in error
    )
  }

  /** A value of another JSON type than `value` (an array for a string, a string for an array...). */
  const differentType = (value: unknown, nullable: boolean) => {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
    const others: Record<string, fc.Arbitrary<unknown>> = {
      string: fc.string({ minLength: 1 }),
      number: fc.integer().map((n) => n + 0.5),
      boolean: fc.boolean(),
      null: fc.constant(null),
      array: fc.array(fc.integer(), { minLength: 1 }),
      object: fc.dictionary(fc.string({ minLength: 1 }), fc.integer(), { minKeys: 1 }),
    }
    return fc.oneof(
      ...Object.entries(others)
        .filter(([k]) => k !== kind && !(nullable && k === 'null'))
        .map(([, a]) => a),
    )
  }

  const hostile = fc.constantFrom(
    "'; drop table users; --",
    '<script>alert(1)</script>',
    '\u0000\u0001\u202e',
    '../../etc/passwd',
    '%00%2e%2e',
    '🦄'.repeat(300),
  )

  const parsesAsJson = (text: string) => {
    try {
      JSON.parse(text)
      return true
    } catch {
      return false
    }
  }

  function badBody(example: Record<string, unknown>, nullableFields: string[]) {
    const keys = Object.keys(example)
    return fc.oneof(
      fc
        .string()
        .map((s) => `{${s}`)
        .filter((text) => !parsesAsJson(text)), // malformed JSON ("{" + "}" is a valid empty body)
      fc
        .oneof(fc.integer(), fc.string(), fc.constant(null), fc.array(fc.anything()))
        .map((v) => JSON.stringify(v)),
      fc
        .tuple(
          fc
            .string({ minLength: 1, maxLength: 20 })
            .filter((k) => !keys.includes(k) && k !== '__proto__'),
          fc.jsonValue(),
        )
        .map(([k, v]) => JSON.stringify({ ...example, [k]: v })), // unknown field
      fc
        .constantFrom(...keys)
        .chain((k) =>
          differentType(example[k], nullableFields.includes(k)).map((v) =>
            JSON.stringify({ ...example, [k]: v }),
          ),
        ), // wrong type
      fc
        .constantFrom(...keys)
        .map((k) => JSON.stringify({ ...example, [k]: 'x'.repeat(70 * 1024) })), // too big
    )
  }

  test('bad bodies on every write route: 4xx, one error shape, nothing written', async () => {
    const before = await snapshot()
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...writes)
          .chain((route) =>
            badBody(route.exampleBody as Record<string, unknown>, route.nullableFields).map(
              (body) => ({ route, body }),
            ),
          ),
        async ({ route, body }) => {
          const response = await owner.request(route.method, fillPath(route.path, ids), body, {
            'content-type': 'application/json',
          })
          expect(
            response.status,
            `${route.method} ${route.path} ${body.slice(0, 80)}`,
          ).toBeGreaterThanOrEqual(400)
          expect(response.status).toBeLessThan(500)
          expect(isErrorShape(response.body), response.text.slice(0, 200)).toBe(true)
        },
      ),
      { numRuns: 400 },
    )
    expect(await snapshot()).toBe(before)
  })

  test('hostile path values and query strings: 4xx in the error shape', async () => {
    const before = await snapshot()
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...[...reads, ...writes].filter((r) => r.params.length > 0)),
        hostile,
        fc.oneof(
          fc.constant(''),
          fc.constant('?limit=abc'),
          fc.constant('?limit=100000'),
          hostile.map((h) => `?cursor=${encodeURIComponent(h)}`),
        ),
        async (route, value, query) => {
          const values = Object.fromEntries(route.params.map((p) => [p, value]))
          const response = await owner.request(
            route.method,
            fillPath(route.path, values) + query,
            route.exampleBody,
          )
          expect(response.status).toBeGreaterThanOrEqual(400)
          expect(response.status).toBeLessThan(500)
          expect(isErrorShape(response.body)).toBe(true)
        },
      ),
      { numRuns: 200 },
    )
    expect(await snapshot()).toBe(before)
  })

  test('a body over the limit is refused with 413 before it is read whole', async () => {
    const response = await owner.request(
      'POST',
      '/api/v1/workspaces',
      JSON.stringify({ name: 'x'.repeat(200 * 1024) }),
      { 'content-type': 'application/json' },
    )
    expect(response.status).toBe(413)
    expect(response.body.error.code).toBe('payload_too_large')
  })

  test('unknown API paths and methods answer 404 in the error shape', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/nothing-here'],
      ['PUT', '/api/v1/workspaces'],
      ['POST', '/api/v2/anything'],
    ] as const) {
      const response = await owner.request(method, path)
      expect(response.status).toBe(404)
      expect(isErrorShape(response.body)).toBe(true)
    }
  })
})
