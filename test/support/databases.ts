import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { type Config, loadConfig } from '../../src/config.js'
import { closeLinkTraffic } from '../../src/links/traffic.js'
import { createLogger } from '../../src/logger.js'
import { createMurmur, type Murmur } from '../../src/murmur.js'

/**
 * Every storage-touching suite runs once per database, Kysely-style:
 * `for (const dialect of await testDialects()) describe(dialect, ...)`.
 * Each run gets its own SQLite file or PostgreSQL schema, removed afterwards.
 */
export type Dialect = 'sqlite' | 'postgres'

export const postgresUrl = () =>
  process.env.MURMUR_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

let postgresReachable: Promise<boolean> | undefined

async function canReachPostgres(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresUrl(), connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** SQLite always; PostgreSQL when reachable. Under CI=true an unreachable PostgreSQL is an error, not a skip. */
export async function testDialects(): Promise<Dialect[]> {
  const only = process.env.MURMUR_TEST_DIALECTS?.split(',').map((d) => d.trim())
  const wanted: Dialect[] = (['sqlite', 'postgres'] as const).filter(
    (d) => !only || only.includes(d),
  )
  if (!wanted.includes('postgres')) return wanted
  postgresReachable ??= canReachPostgres()
  if (await postgresReachable) return wanted
  if (process.env.CI === 'true') {
    throw new Error(
      `PostgreSQL is not reachable at ${postgresUrl()}; CI must run the PostgreSQL suite.`,
    )
  }
  console.warn(
    `[skip] PostgreSQL suites skipped: nothing answers at ${postgresUrl()} (set MURMUR_TEST_POSTGRES_URL).`,
  )
  return wanted.filter((d) => d !== 'postgres')
}

export interface TestMurmur {
  murmur: Murmur
  dataDir: string
  cleanup(): Promise<void>
}

/** A migrated Murmur on a fresh database of the given kind. */
export async function createTestMurmur(
  dialect: Dialect,
  overrides: Partial<Config> = {},
  options: { now?: () => number } = {},
): Promise<TestMurmur> {
  const dataDir = mkdtempSync(join(tmpdir(), 'murmur-test-'))
  const schema = `murmur_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const config = loadConfig(
    {},
    {
      dataDir,
      databaseUrl: dialect === 'postgres' ? postgresUrl() : undefined,
      secret: 'test-secret-test-secret-test-secret-000',
      serveWebApp: false,
      publicUrl: 'http://murmur.test',
      ...overrides,
    },
  )
  const open = () =>
    createMurmur(config, createLogger('silent', false), {
      ...(dialect === 'postgres' ? { postgresSchema: schema } : {}),
      ...(options.now ? { now: options.now } : {}),
    })
  // Kysely's migrator reads the catalog of every schema; another suite dropping its schema at
  // that moment fails the read with "schema … does not exist" (3F000). Migrating again is safe.
  let murmur: Murmur
  for (let attempt = 1; ; attempt++) {
    try {
      murmur = await open()
      break
    } catch (error) {
      const code = (error as { cause?: { code?: unknown } }).cause?.code
      if (code !== '3F000' || attempt >= 5) throw error
    }
  }
  return {
    murmur,
    dataDir,
    async cleanup() {
      // A redirect used in the test started a click writer: let it finish before its database goes.
      await closeLinkTraffic(murmur)
      if (dialect === 'postgres') {
        const { sql } = await import('kysely')
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(murmur.db)
      }
      await murmur.storage.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
