import { join } from 'node:path'
import type { Storage } from './dialect.js'
import { openPostgres } from './postgres.js'
import { openSqlite } from './sqlite.js'

export const SQLITE_FILE = 'murmur.sqlite'

/** SQLite in the data folder, or PostgreSQL when DATABASE_URL says so. */
export function openStorage(options: {
  databaseUrl?: string | undefined
  dataDir: string
  postgresSchema?: string | undefined
}): Promise<Storage> {
  const url = options.databaseUrl
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    return openPostgres({ url, schema: options.postgresSchema })
  }
  if (url && !url.startsWith('sqlite:')) {
    throw new Error(
      'DATABASE_URL must start with postgres:// (or sqlite:PATH); leave it unset for the embedded SQLite',
    )
  }
  const file = url ? url.slice('sqlite:'.length) : join(options.dataDir, SQLITE_FILE)
  return Promise.resolve(openSqlite(file))
}
