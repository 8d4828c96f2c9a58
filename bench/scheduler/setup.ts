import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { loadConfig } from '../../src/config.js'
import { newId } from '../../src/core/ids.js'
import type { SchedulerOptions } from '../../src/jobs/scheduler-options.js'
import { createLogger } from '../../src/logger.js'
import { createMurmur, type Murmur } from '../../src/murmur.js'
import { createUser } from '../../src/services/accounts.js'
import { connectWithAppPassword } from '../../src/services/channels.js'
import { installNetworks } from '../../src/services/publishing-networks.js'
import { createWorkspace } from '../../src/services/workspaces.js'
import type {
  DeliveriesTable,
  PostPartsTable,
  PostsTable,
} from '../../src/storage/tables/publishing.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { remoteNetworks } from './remote-network.js'

export type Database = 'sqlite' | 'postgres'

export const postgresUrl = () =>
  process.env.MURMUR_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/** A migrated database with a workspace and one Bluesky channel, and the env to open it again. */
export interface Stage {
  murmur: Murmur
  scope: WorkspaceScope
  channelId: string
  env: NodeJS.ProcessEnv
  cleanup(): Promise<void>
}

export async function prepare(database: Database, networkUrl: string): Promise<Stage> {
  const dataDir = mkdtempSync(join(tmpdir(), 'murmur-bench-scheduler-'))
  const schema = `bench_scheduler_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MURMUR_DATA_DIR: dataDir,
    DATABASE_URL: database === 'postgres' ? postgresUrl() : '',
    MURMUR_SECRET: 'bench-secret-bench-secret-bench-secret-00',
    BENCH_NETWORK_URL: networkUrl,
    ...(database === 'postgres' && { BENCH_PG_SCHEMA: schema }),
  }
  const murmur = await createMurmur(loadConfig(env), createLogger('silent', false), {
    ...(database === 'postgres' && { postgresSchema: schema }),
  })
  installNetworks(murmur, remoteNetworks(networkUrl, 'setup'))
  const user = await createUser(murmur, {
    email: 'owner@bakery.example',
    password: 'correct horse battery',
  })
  const workspace = await createWorkspace(murmur, {
    name: 'Corner Bakery',
    timeZone: 'Europe/Paris',
    ownerId: user.id,
  })
  const scope = new WorkspaceScope(murmur.db, workspace.id)
  const { channel } = await connectWithAppPassword(murmur, scope, {
    network: 'bluesky',
    handle: 'cornerbakery.bsky.social',
    appPassword: 'abcd-efgh-ijkl-mnop',
    createdBy: user.id,
  })
  return {
    murmur,
    scope,
    channelId: channel.id,
    env,
    async cleanup() {
      if (database === 'postgres') {
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(murmur.db)
      }
      await murmur.storage.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** The text of post number `i`: each one distinct, so the network can count duplicates. */
export const postText = (i: number) => `Daily special #${i}: fresh bread from 7 am`

/**
 * `count` single-part posts, scheduled for `at`, written in batches the way createPost writes
 * one (post, shared part, delivery): the benchmark measures publishing, not composing.
 */
export async function insertScheduledPosts(stage: Stage, count: number, at: number): Promise<void> {
  const now = stage.murmur.now()
  const BATCH = 500
  for (let start = 0; start < count; start += BATCH) {
    const posts: Omit<PostsTable, 'workspace_id'>[] = []
    const parts: Omit<PostPartsTable, 'workspace_id'>[] = []
    const deliveries: Omit<DeliveriesTable, 'workspace_id'>[] = []
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const postId = newId('post', now)
      posts.push({
        id: postId,
        campaign_id: null,
        labels: '[]',
        first_comment: null,
        created_by: null,
        created_at: now,
        updated_at: now,
      })
      parts.push({
        id: newId('part', now),
        post_id: postId,
        delivery_id: null,
        position: 0,
        text: postText(i),
      })
      deliveries.push({
        id: newId('dlv', now),
        post_id: postId,
        channel_id: stage.channelId,
        network: 'bluesky' as const,
        has_variant: 0,
        variant_first_comment: null,
        state: 'scheduled' as const,
        scheduled_at: at,
        via_queue: 0,
        next_attempt_at: at,
        attempts: 0,
        last_error: null,
        last_error_kind: null,
        remote_parts: '[]',
        remote_first_comment: null,
        remote_unconfirmed: null,
        warnings: '[]',
        started_at: null,
        published_at: null,
        late_ms: null,
        lease_owner: null,
        lease_expires_at: null,
        created_at: now,
        updated_at: now,
      })
    }
    await stage.scope.transaction(async (trx) => {
      await trx.insertInto('posts', posts).execute()
      await trx.insertInto('post_parts', parts).execute()
      await trx.insertInto('deliveries', deliveries).execute()
    })
  }
}

/** Makes every scheduled delivery due at `at` (all in the same instant). */
export async function makeDue(stage: Stage, at: number): Promise<void> {
  await stage.scope
    .updateTable('deliveries')
    .set({ scheduled_at: at, next_attempt_at: at })
    .where('state', '=', 'scheduled')
    .execute()
}

export interface Worker {
  name: string
  child: ChildProcess
  exited: Promise<number | null>
  /** Everything it printed on stdout. */
  output(): string
}

/** Starts a scheduler process (worker.ts) and resolves once it says it is ready. */
export async function startWorker(
  stage: Stage,
  name: string,
  options: Partial<SchedulerOptions> = {},
): Promise<Worker> {
  // BENCH_WORKER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile a worker.
  const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', 'bench/scheduler/worker.ts'],
    {
      env: { ...stage.env, BENCH_WORKER: name, BENCH_SCHEDULER: JSON.stringify(options) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  let output = ''
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      output += String(chunk)
      if (output.includes('ready\n')) resolve()
    })
    void exited.then((code) =>
      reject(new Error(`worker ${name} exited (${code}) before it was ready`)),
    )
  })
  return { name, child, exited, output: () => output }
}

/** Stops a worker like an operator does (SIGTERM: it finishes what it has in flight). */
export async function stopWorker(worker: Worker): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return
  worker.child.kill('SIGTERM')
  await worker.exited
}

/** Polls `check` every `everyMs` until it is true; `limitMs` guards against a stuck run. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  limitMs: number,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + limitMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${limitMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
}

/** Deliveries per state. */
export async function statesOf(stage: Stage): Promise<Record<string, number>> {
  const rows = await stage.scope
    .selectFrom('deliveries')
    .select(['state', sql<number>`count(*)`.as('count')])
    .groupBy('state')
    .execute()
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.count)]))
}
