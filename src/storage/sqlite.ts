import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import {
  SqliteAdapter as BaseSqliteAdapter,
  Kysely,
  type SqliteAdapter,
  SqliteDialect,
  sql,
} from 'kysely'
import type { Storage } from './dialect.js'
import type { Schema } from './schema.js'

// SQLite does run DDL inside transactions; saying so lets a failed migration roll back whole.
class TransactionalSqliteAdapter extends (BaseSqliteAdapter as { new (): SqliteAdapter }) {
  override get supportsTransactionalDdl(): boolean {
    return true
  }
}

class MurmurSqliteDialect extends SqliteDialect {
  override createAdapter() {
    return new TransactionalSqliteAdapter()
  }
}

export function openSqlite(file: string): Storage {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const database = new SqliteDatabase(file)
  database.pragma('journal_mode = WAL')
  database.pragma('synchronous = NORMAL')
  database.pragma('foreign_keys = ON')
  database.pragma('busy_timeout = 5000')
  const db = new Kysely<Schema>({ dialect: new MurmurSqliteDialect({ database }) })

  return {
    kind: 'sqlite',
    db,
    location: file,
    capabilities: {
      multipleWriters: false,
      onlineBackup: true,
      skipLocked: false,
      crossProcessSignals: false,
    },
    async ping() {
      await sql`select 1`.execute(db)
    },
    async backup(target, onProgress) {
      mkdirSync(dirname(target), { recursive: true })
      await database.backup(target, {
        progress({ totalPages, remainingPages }) {
          onProgress?.(totalPages - remainingPages, totalPages)
          return 200
        },
      })
    },
    async close() {
      await db.destroy()
    },
  }
}
