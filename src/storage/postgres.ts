import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { Storage } from './dialect.js'
import { prepareRepeatedStatements } from './postgres-prepared.js'
import { PostgresSignals } from './postgres-signals.js'
import type { Schema } from './schema.js'

const INT8_OID = 20
const NUMERIC_OID = 1700

// Times and counts are stored as bigint; JavaScript numbers hold them exactly up to 2^53.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value)
    return pg.types.getTypeParser(oid, format)
  },
}

export interface PostgresOptions {
  url: string
  /** Use (and create) this schema instead of `public`: tests give each run its own. */
  schema?: string | undefined
  maxConnections?: number
}

export async function openPostgres(options: PostgresOptions): Promise<Storage> {
  const schema = options.schema
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`)
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    types,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  })
  prepareRepeatedStatements(pool)
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) })
  if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db)
  const current = await sql<{ schema: string }>`select current_schema() as schema`.execute(db)
  const url = new URL(options.url)
  url.password = ''
  const currentSchema = current.rows[0]?.schema ?? 'public'
  const signals = new PostgresSignals(pool, { connectionString: options.url }, currentSchema)

  return {
    kind: 'postgres',
    db,
    location: `${url.host}${url.pathname}${schema ? ` (schema ${schema})` : ''}`,
    schema: currentSchema,
    capabilities: {
      multipleWriters: true,
      onlineBackup: false,
      skipLocked: true,
      crossProcessSignals: true,
    },
    notify: (topic, payload) => signals.notify(topic, payload),
    listen: (topic, listener) => signals.listen(topic, listener),
    async ping() {
      await sql`select 1`.execute(db)
    },
    async close() {
      await signals.close()
      await db.destroy()
    },
  }
}
