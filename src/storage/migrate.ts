import { type MigrationResultSet, Migrator, sql } from 'kysely'
import type { Storage } from './dialect.js'
import { migrations } from './migrations/index.js'

// On PostgreSQL the migrator looks for its tables in every schema unless told which one: name it,
// or a run in one schema sees another's kysely_migration_lock (concurrent test suites did).
const migrator = async (storage: Storage) =>
  new Migrator({
    db: storage.db,
    provider: { getMigrations: async () => migrations },
    ...(storage.kind === 'postgres' && {
      migrationTableSchema: (
        await sql<{ schema: string }>`select current_schema() as schema`.execute(storage.db)
      ).rows[0]?.schema,
    }),
  })

/** Applies every pending migration; each runs in a transaction, so a failure leaves the database as it was. */
export async function migrateToLatest(storage: Storage): Promise<MigrationResultSet> {
  const result = await (await migrator(storage)).migrateToLatest()
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')
    const reason = result.error instanceof Error ? result.error.message : String(result.error)
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`, {
      cause: result.error,
    })
  }
  return result
}

/** Names of migrations not yet applied (for /readyz). */
export async function pendingMigrations(storage: Storage): Promise<string[]> {
  const all = await (await migrator(storage)).getMigrations()
  return all.filter((m) => !m.executedAt).map((m) => m.name)
}
