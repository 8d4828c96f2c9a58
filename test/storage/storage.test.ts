import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { newId } from '../../src/core/ids.js'
import { migrateToLatest, pendingMigrations } from '../../src/storage/migrate.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { createTestMurmur, type TestMurmur, testDialects } from '../support/databases.js'

for (const dialect of await testDialects()) {
  describe(`${dialect}: storage`, () => {
    let t: TestMurmur
    beforeAll(async () => {
      t = await createTestMurmur(dialect)
    })
    afterAll(() => t.cleanup())

    test('migrations are applied on open and running them again changes nothing', async () => {
      expect(await pendingMigrations(t.murmur.storage)).toEqual([])
      const again = await migrateToLatest(t.murmur.storage)
      expect(again.results).toEqual([])
    })

    test('times survive as exact millisecond numbers', async () => {
      const at = Date.UTC(2031, 0, 2, 3, 4, 5, 678)
      await t.murmur.db
        .insertInto('workspaces')
        .values({ id: 'ws_time', name: 'T', slug: 'time-check', time_zone: 'UTC', created_at: at })
        .execute()
      const row = await t.murmur.db
        .selectFrom('workspaces')
        .select('created_at')
        .where('id', '=', 'ws_time')
        .executeTakeFirstOrThrow()
      expect(row.created_at).toBe(at)
      expect(typeof row.created_at).toBe('number')
    })

    test('a workspace scope only ever sees and changes its own rows', async () => {
      const db = t.murmur.db
      for (const id of ['ws_a', 'ws_b']) {
        await db
          .insertInto('workspaces')
          .values({ id, name: id, slug: id, time_zone: 'UTC', created_at: 1 })
          .execute()
      }
      const a = new WorkspaceScope(db, 'ws_a')
      const b = new WorkspaceScope(db, 'ws_b')
      const key = (name: string) => ({
        id: newId('key'),
        name,
        role: 'viewer' as const,
        prefix: 'mur_x',
        token_hash: newId('hash'),
        created_by: null,
        created_at: 1,
        last_used_at: null,
        revoked_at: null,
      })
      await a.insertInto('api_keys', key('a-key')).execute()
      await b.insertInto('api_keys', key('b-key')).execute()

      expect((await a.selectFrom('api_keys').select('name').execute()).map((r) => r.name)).toEqual([
        'a-key',
      ])
      await a.updateTable('api_keys').set({ name: 'renamed' }).execute()
      await a.deleteFrom('api_keys').where('name', '=', 'b-key').execute()
      expect((await b.selectFrom('api_keys').select('name').execute()).map((r) => r.name)).toEqual([
        'b-key',
      ])
      const stored = await db
        .selectFrom('api_keys')
        .select(['workspace_id', 'name'])
        .orderBy('name')
        .execute()
      expect(stored).toEqual([
        { workspace_id: 'ws_b', name: 'b-key' },
        { workspace_id: 'ws_a', name: 'renamed' },
      ])
    })

    test('a failing transaction leaves nothing behind', async () => {
      const scope = new WorkspaceScope(t.murmur.db, 'ws_a')
      await expect(
        scope.transaction(async (tx) => {
          await tx.updateTable('api_keys').set({ name: 'half-done' }).execute()
          throw new Error('boom')
        }),
      ).rejects.toThrow('boom')
      const names = (await scope.selectFrom('api_keys').select('name').execute()).map((r) => r.name)
      expect(names).toEqual(['renamed'])
    })
  })
}
