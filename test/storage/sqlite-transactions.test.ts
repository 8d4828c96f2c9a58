import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Storage } from '../../src/storage/dialect.js'
import { migrateToLatest } from '../../src/storage/migrate.js'
import { openSqlite } from '../../src/storage/sqlite.js'

// The click worker writes the same SQLite file on its own connection. A transaction that reads
// first and then writes must not fail because that connection committed in between (a CI run
// failed a page save with SQLITE_BUSY that way).
let dir: string
let storage: Storage
let other: SqliteDatabase.Database

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'murmur-sqlite-tx-'))
  storage = openSqlite(join(dir, 'murmur.db'))
  await migrateToLatest(storage)
  other = new SqliteDatabase(join(dir, 'murmur.db'))
  other.pragma('busy_timeout = 0')
})

afterAll(async () => {
  other.close()
  await storage.close()
  rmSync(dir, { recursive: true, force: true })
})

test('a transaction that reads, then writes, is not broken by another connection writing between', async () => {
  const insertFrom = (db: SqliteDatabase.Database, id: string) =>
    db
      .prepare(
        "insert into workspaces (id, name, slug, time_zone, created_at) values (?, ?, ?, 'UTC', 0)",
      )
      .run(id, id, id)
  let otherWrote: boolean | undefined
  await storage.db.transaction().execute(async (trx) => {
    await trx.selectFrom('workspaces').select('id').execute()
    try {
      insertFrom(other, 'ws-other')
      otherWrote = true
    } catch {
      otherWrote = false // it waits for (here: gives up on) the lock this transaction holds
    }
    await trx
      .insertInto('workspaces')
      .values({ id: 'ws-mine', name: 'Mine', slug: 'ws-mine', time_zone: 'UTC', created_at: 0 })
      .execute()
  })
  expect(otherWrote).toBe(false)
  const ids = await storage.db.selectFrom('workspaces').select('id').execute()
  expect(ids.map((row) => row.id)).toContain('ws-mine')
  insertFrom(other, 'ws-other')
})

test('waiting for another connection’s write lock does not block the event loop', async () => {
  other.exec('begin immediate')
  let ticks = 0
  const ticker = setInterval(() => ticks++, 5)
  setTimeout(() => other.exec('commit'), 150)
  const started = Date.now()
  await storage.db
    .insertInto('workspaces')
    .values({ id: 'ws-waited', name: 'W', slug: 'ws-waited', time_zone: 'UTC', created_at: 0 })
    .execute()
  await storage.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('workspaces')
      .set({ name: 'Waited' })
      .where('id', '=', 'ws-waited')
      .execute()
  })
  clearInterval(ticker)
  // The statement waited for the commit, and timers kept firing meanwhile.
  expect(Date.now() - started).toBeGreaterThanOrEqual(100)
  expect(ticks).toBeGreaterThan(3)
  const row = await storage.db
    .selectFrom('workspaces')
    .select('name')
    .where('id', '=', 'ws-waited')
    .executeTakeFirstOrThrow()
  expect(row.name).toBe('Waited')
})
