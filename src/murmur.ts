import type { Kysely } from 'kysely'
import type { Config } from './config.js'
import type { Logger } from './logger.js'
import { createMetrics, type Metrics } from './observability/metrics.js'
import { loadMasterKey } from './security/master-key.js'
import { createSecretBox, keyFromSecret, type SecretBox } from './security/secret-box.js'
import type { Storage } from './storage/dialect.js'
import { migrateToLatest } from './storage/migrate.js'
import { openStorage } from './storage/open.js'
import type { Schema } from './storage/schema.js'

/** Everything a request, a job or a CLI command needs, built once per process. */
export interface Murmur {
  readonly config: Config
  readonly storage: Storage
  readonly db: Kysely<Schema>
  readonly secrets: SecretBox
  readonly log: Logger
  readonly metrics: Metrics
  now(): number
}

export async function createMurmur(
  config: Config,
  log: Logger,
  options: { migrate?: boolean; postgresSchema?: string; now?: () => number } = {},
): Promise<Murmur> {
  const storage = await openStorage({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    postgresSchema: options.postgresSchema,
  })
  try {
    if (options.migrate !== false) await migrateToLatest(storage)
    const masterKey = loadMasterKey({ secret: config.secret, dataDir: config.dataDir })
    const secrets = createSecretBox(masterKey, config.previousSecrets.map(keyFromSecret))
    return {
      config,
      storage,
      db: storage.db,
      secrets,
      log,
      metrics: createMetrics(),
      now: options.now ?? Date.now,
    }
  } catch (error) {
    await storage.close()
    throw error
  }
}
