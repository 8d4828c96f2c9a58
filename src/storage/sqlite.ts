import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import {
  SqliteAdapter as BaseSqliteAdapter,
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  type SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
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

/**
 * Transactions take the write lock when they begin. A deferred transaction that reads and then
 * writes fails at once with SQLITE_BUSY (the busy timeout does not apply) if another connection,
 * such as the click worker's, committed in between; an immediate one waits its turn instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }
}

/** Kysely's SQLite dialect with transactional DDL and immediate transactions. */
export class MurmurSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0]

  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config)
    this.#config = config
  }

  override createDriver() {
    return new ImmediateSqliteDriver(this.#config)
  }

  override createAdapter() {
    return new TransactionalSqliteAdapter()
  }
}

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
  database.pragma('busy_timeout = 5000')
  const db = new Kysely<Schema>({
    dialect: new MurmurSqliteDialect({ database: withStatementCache(database) }),
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
