import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createUser } from '../../src/services/accounts.js'
import { createWorkspace } from '../../src/services/workspaces.js'
import { type ApiClient, apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type TestMurmur, testDialects } from '../support/databases.js'
import { fillPath, type Operation, routeTable } from '../support/route-table.js'
import { createOneOfEverything } from './tenant-fixtures.js'

/**
 * Walks every documented route under /api/v1/workspaces/{workspace_id} and
 * proves that a member of workspace A (by session or by API key) gets 404 for
 * every resource of workspace B, and that nothing of B changes.
 */
for (const dialect of await testDialects()) {
  describe(`${dialect}: tenant isolation over the whole route table`, () => {
    let t: TestMurmur
    let alice: ApiClient
    let aliceKey: ApiClient
    let bob: ApiClient
    let routes: Operation[]
    let a: Record<string, string>
    let b: Record<string, string>

    beforeAll(async () => {
      t = await createTestMurmur(dialect)
      const api = apiFor(t.murmur)
      const first = await setUpOwner(api, {
        email: 'alice@a.example',
        workspace_name: 'Workspace A',
      })
      alice = first.owner
      // Bob has his own account and workspace B; he is not in A, and Alice is not in B.
      const bobUser = await createUser(t.murmur, {
        email: 'bob@b.example',
        password: 'correct horse battery',
      })
      const workspaceB = await createWorkspace(t.murmur, {
        name: 'Workspace B',
        timeZone: 'UTC',
        ownerId: bobUser.id,
      })
      bob = api.client()
      await bob.post('/api/v1/session', {
        email: 'bob@b.example',
        password: 'correct horse battery',
      })
      const bobId = bobUser.id
      a = await createOneOfEverything(alice, first.workspace.id, first.user.id, t.murmur)
      b = await createOneOfEverything(bob, workspaceB.id, bobId, t.murmur)
      const key = (
        await alice.post(`/api/v1/workspaces/${first.workspace.id}/api-keys`, {
          name: 'a-key',
          role: 'admin',
        })
      ).body.key
      aliceKey = api.client()
      aliceKey.bearer = key
      routes = (await routeTable(alice)).filter((r) => r.params.includes('workspace_id'))
    })
    afterAll(() => t.cleanup())

    test('the route table is not empty and every parameter has a fixture', () => {
      expect(routes.length).toBeGreaterThan(8)
      for (const route of routes) {
        for (const param of route.params) {
          expect(
            b[param],
            `add a fixture for {${param}} (${route.method} ${route.path}) in test/http/tenant-fixtures.ts`,
          ).toBeDefined()
        }
        if (route.takesJsonBody && route.method !== 'GET') {
          expect(
            route.exampleBody,
            `${route.method} ${route.path}: give its body schema an .openapi({ example })`,
          ).toBeDefined()
        }
      }
    })

    test('A cannot reach anything of B, by session or by API key, and B is unchanged', async () => {
      const snapshot = async () =>
        JSON.stringify(
          await Promise.all(
            (['workspaces', 'members', 'invitations', 'api_keys', 'users'] as const).map((table) =>
              t.murmur.db.selectFrom(table).selectAll().execute(),
            ),
          ),
        ).replace(/"last_used_at":(\d+|null)/g, '')
      const before = await snapshot()
      const failures: string[] = []
      for (const route of routes) {
        const attempts: Array<[string, ApiClient, Record<string, string>]> = [
          ['session, B workspace', alice, b],
          ['API key, B workspace', aliceKey, b],
        ]
        // B's ids in A's workspace, when the route has any: a value the same in A and B (a
        // network name) names no resource of B.
        if (route.params.some((param) => param !== 'workspace_id' && a[param] !== b[param]))
          attempts.push([
            'session, A workspace with B ids',
            alice,
            { ...b, workspace_id: a.workspace_id ?? '' },
          ])
        for (const [who, client, values] of attempts) {
          const response = await client.request(
            route.method,
            fillPath(route.path, values),
            route.exampleBody,
          )
          if (response.status !== 404 || response.body?.error?.code !== 'not_found') {
            failures.push(
              `${who}: ${route.method} ${route.path} -> ${response.status} ${response.text.slice(0, 120)}`,
            )
          }
        }
      }
      expect(failures).toEqual([])
      // Every attempt failed without writing: the rows are byte-for-byte the same.
      expect(await snapshot()).toBe(before)
    })
  })
}
