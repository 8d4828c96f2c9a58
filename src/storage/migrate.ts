import { type MigrationResultSet, Migrator } from 'kysely'
import type { Storage } from './dialect.js'
import { migrations } from './migrations/index.js'

const migrator = (storage: Storage) =>
  new Migrator({
    db: storage.db,
    provider: { getMigrations: async () => migrations },
    // Numbers are reserved for work done in parallel, so a lower one (0010) may land after higher
    // ones a database already ran; it is then applied, instead of refusing to start.
    allowUnorderedMigrations: true,
    ...(storage.schema ? { migrationTableSchema: storage.schema } : {}),
  })

/** Applies every pending migration; each runs in a transaction, so a failure leaves the database as it was. */
export async function migrateToLatest(storage: Storage): Promise<MigrationResultSet> {
  let result = await migrator(storage).migrateToLatest()
  // Kysely's migrator reads the catalog of every schema of the database; another schema changed
  // or dropped at that moment (another app or test run on a shared server) can fail that read
  // ("schema … does not exist", "column … does not exist") before any migration ran. Reading
  // again is safe: nothing was applied.
  for (let attempt = 1; attempt < 5 && failedBeforeMigrating(result); attempt++) {
    result = await migrator(storage).migrateToLatest()
  }
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')
    const reason = result.error instanceof Error ? result.error.message : String(result.error)
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`, {
      cause: result.error,
    })
  }
  return result
}

const failedBeforeMigrating = (result: MigrationResultSet) =>
  result.error !== undefined && !result.results?.some((r) => r.status !== 'NotExecuted')

/** Names of migrations not yet applied (for /readyz). */
export async function pendingMigrations(storage: Storage): Promise<string[]> {
  const all = await migrator(storage).getMigrations()
  return all.filter((m) => !m.executedAt).map((m) => m.name)
}
