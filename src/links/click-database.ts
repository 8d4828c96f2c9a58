import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely } from 'kysely'
import { openStorage, SQLITE_FILE } from '../storage/open.js'
import type { Schema } from '../storage/schema.js'
import { MurmurSqliteDialect } from '../storage/sqlite-dialect.js'
import type { ClickWorkerData } from './click-worker.js'

const MAX_STATEMENTS = 200

/**
 * The click worker's own connection. On SQLite it keeps prepared statements:
 * Kysely prepares every query anew, and for a 250-row insert that costs more
 * than storing a few of its rows. The worker runs one statement at a time,
 * so reusing them is safe. Same settings as storage/sqlite.ts.
 */
export async function openClickDatabase(
  data: ClickWorkerData,
): Promise<{ db: Kysely<Schema>; close(): Promise<void> }> {
  const url = data.databaseUrl
  if (url && !url.startsWith('sqlite:')) {
    const storage = await openStorage({
      databaseUrl: url,
      dataDir: data.dataDir,
      postgresSchema: data.postgresSchema,
    })
    return { db: storage.db, close: () => storage.close() }
  }
  const database = new SqliteDatabase(
    url ? url.slice('sqlite:'.length) : join(data.dataDir, SQLITE_FILE),
  )
  database.pragma('journal_mode = WAL')
  database.pragma('synchronous = NORMAL')
  database.pragma('foreign_keys = ON')
  database.pragma('busy_timeout = 5000')
  const statements = new Map<string, ReturnType<SqliteDatabase.Database['prepare']>>()
  const caching = {
    prepare(sql: string) {
      let statement = statements.get(sql)
      if (!statement) {
        if (statements.size >= MAX_STATEMENTS) statements.clear()
        statement = database.prepare(sql)
        statements.set(sql, statement)
      }
      return statement
    },
    close: () => database.close(),
  }
  const db = new Kysely<Schema>({
    dialect: new MurmurSqliteDialect({ database: caching as unknown as SqliteDatabase.Database }),
  })
  return { db, close: () => db.destroy() }
}
