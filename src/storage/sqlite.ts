import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, sql } from 'kysely'
import type { Storage } from './dialect.js'
import type { Schema } from './schema.js'
import { MurmurSqliteDialect } from './sqlite-dialect.js'

/** Enough for every distinct statement Murmur runs in its hot paths, with room to spare. */
const STATEMENT_CACHE_SIZE = 500

/**
 * The database as Kysely sees it, with prepared statements kept by SQL text. Kysely's SQLite
 * driver prepares every query again, which was about a fifth of the CPU of a publish (see
 * docs/benchmarks.md, "Scheduler"). Reusing a statement is safe here: Kysely runs one query at a
 * time on the connection (a stream holds it until it ends), and SQLite re-prepares a statement
 * itself when the schema changes under it.
 */
function withStatementCache(database: SqliteDatabase.Database) {
  const statements = new Map<string, SqliteDatabase.Statement>()
  return {
    close: () => database.close(),
    prepare(query: string): SqliteDatabase.Statement {
      let statement = statements.get(query)
      if (statement) {
        // Least recently used goes first: move this one to the end.
        statements.delete(query)
      } else {
        statement = database.prepare(query)
        if (statements.size >= STATEMENT_CACHE_SIZE) {
          const oldest = statements.keys().next().value
          if (oldest !== undefined) statements.delete(oldest)
        }
      }
      statements.set(query, statement)
      return statement
    },
  }
}

export function openSqlite(file: string): Storage {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const database = new SqliteDatabase(file)
  database.pragma('journal_mode = WAL')
  database.pragma('synchronous = NORMAL')
  database.pragma('foreign_keys = ON')
  // No synchronous busy wait on this connection: MurmurSqliteDialect waits on a timer instead.
  database.pragma('busy_timeout = 0')
  const db = new Kysely<Schema>({
    dialect: new MurmurSqliteDialect(
      { database: withStatementCache(database) },
      { inTransaction: () => database.inTransaction },
    ),
  })

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
