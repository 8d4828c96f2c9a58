/**
 * A real Bluesky server on loopback for tests: PLC + PDS (`TestNetworkNoAppView`), or the full
 * network with the AppView (`TestNetwork`, needs PostgreSQL and Redis). @atproto/dev-env 0.3.x is
 * CommonJS, hence createRequire. Its PDS writes SQLite files and blobs under os.tmpdir() and
 * never removes them, so each run gets its own TMPDIR, deleted on close.
 */
import { createHmac, type KeyObject, randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AtpAgent } from '@atproto/api'
import type { BlueskyCredentials, BlueskyNetwork } from '../../../src/networks/bluesky/index.js'
import type { ReadBackPost } from '../../../src/networks/testkit/run-network-contract.js'

const require = createRequire(import.meta.url)

/** The parts of dev-env's classes these tests touch. */
interface DevEnvPds {
  url: string
  jwtSecretKey(): KeyObject
}
interface DevEnvNetwork {
  pds: DevEnvPds
  processAll(): Promise<void>
  close(): Promise<void>
}

export interface TestAccount {
  did: string
  handle: string
  /** Logged in with the account password, for acting as someone else in tests. */
  agent: AtpAgent
  appPassword: string
}

/**
 * The local dev-env servers listen on loopback: Murmur refuses such addresses for user-supplied
 * service URLs, so every test that uses them names these hosts, as an operator would for a PDS on
 * their own network (MURMUR_ALLOW_PRIVATE_NETWORK_HOSTS).
 */
export const LOCAL_BLUESKY_HOSTS = ['localhost', '127.0.0.1', '::1']

export interface LocalBluesky {
  url: string
  /** Waits until the AppView indexed everything (no-op without AppView). */
  processAll(): Promise<void>
  createAccount(label: string): Promise<TestAccount>
  close(): Promise<void>
  /** An access token for the same account and scope as `accessJwt`, expired an hour ago. */
  expiredAccessJwt(accessJwt: string): string
}

export async function startLocalBluesky(
  options: { appView?: { postgresUrl: string; redisHost: string }; rateLimits?: boolean } = {},
): Promise<LocalBluesky> {
  const directory = await mkdtemp(join(tmpdir(), 'murmur-bsky-'))
  const previousTmpdir = process.env.TMPDIR
  process.env.TMPDIR = directory
  const schema = `murmur_bsky_${randomLetters(10)}`
  let network: DevEnvNetwork
  try {
    if (options.appView) {
      process.env.DB_POSTGRES_URL = options.appView.postgresUrl
      process.env.REDIS_HOST = options.appView.redisHost
      const { TestNetwork } = require('@atproto/dev-env') as {
        TestNetwork: { create(params: object): Promise<DevEnvNetwork> }
      }
      network = await TestNetwork.create({
        dbPostgresSchema: schema,
        pds: { rateLimitsEnabled: options.rateLimits ?? false },
      })
    } else {
      const { TestNetworkNoAppView } = require('@atproto/dev-env/dist/network-no-appview') as {
        TestNetworkNoAppView: { create(params: object): Promise<DevEnvNetwork> }
      }
      network = await TestNetworkNoAppView.create({
        pds: { rateLimitsEnabled: options.rateLimits ?? false },
      })
    }
  } catch (error) {
    restoreTmpdir(previousTmpdir)
    await rm(directory, { recursive: true, force: true })
    throw error
  }

  const url = network.pds.url
  return {
    url,
    processAll: () => network.processAll(),
    async createAccount(label) {
      const agent = new AtpAgent({ service: url })
      // Short, distinctive handles: the PDS reserves common words ("shop.test").
      const handle = `${label.slice(0, 8)}${randomLetters(6)}.test`
      const password = randomBytes(12).toString('hex')
      await agent.createAccount({ handle, email: `${handle}@example.com`, password })
      const { data } = await agent.com.atproto.server.createAppPassword({ name: 'murmur' })
      return { did: agent.session?.did ?? '', handle, agent, appPassword: data.password }
    },
    async close() {
      try {
        // Teardown must not hang a suite whose tests passed: on a loaded machine dev-env's close
        // has been seen to stall, so it gets a bounded wait, and a left-over schema (random name)
        // is only reported.
        await settleWithin(network.close(), 45_000, 'the local Bluesky network did not close')
        if (options.appView)
          await settleWithin(
            dropSchemas(options.appView.postgresUrl, schema),
            30_000,
            `schemas of ${schema} were not dropped`,
          )
      } finally {
        restoreTmpdir(previousTmpdir)
        await rm(directory, { recursive: true, force: true })
      }
    },
    expiredAccessJwt(accessJwt) {
      const [, payload] = accessJwt.split('.')
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'))
      const nowSeconds = Math.floor(Date.now() / 1000)
      const header = Buffer.from(JSON.stringify({ typ: 'at+jwt', alg: 'HS256' })).toString(
        'base64url',
      )
      const body = Buffer.from(
        JSON.stringify({ ...claims, iat: nowSeconds - 3 * 3600, exp: nowSeconds - 3600 }),
      ).toString('base64url')
      const signature = createHmac('sha256', network.pds.jwtSecretKey())
        .update(`${header}.${body}`)
        .digest('base64url')
      return `${header}.${body}.${signature}`
    },
  }
}

/** Signs in through the adapter under test, as a person connecting a channel would. */
export function signInAccount(
  network: BlueskyNetwork,
  account: TestAccount,
): Promise<BlueskyCredentials> {
  return network.signIn({ identifier: account.handle, password: account.appPassword })
}

/** Reads a post record straight from the PDS (com.atproto.repo.getRecord), bypassing the adapter. */
export async function readRecord(serviceUrl: string, id: string): Promise<ReadBackPost | null> {
  const record = await getPostRecord(serviceUrl, id)
  if (!record) return null
  const images = record.embed?.images ?? []
  return {
    text: record.text,
    ...(record.reply && {
      replyParentId: record.reply.parent.uri,
      replyRootId: record.reply.root.uri,
    }),
    mediaCount: images.length,
    altTexts: images.map((image) => image.alt),
  }
}

export interface StoredPostRecord {
  text: string
  facets?: Array<{
    index: { byteStart: number; byteEnd: number }
    features: Array<{ $type: string; uri?: string; did?: string; tag?: string }>
  }>
  reply?: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } }
  embed?: {
    $type: string
    images?: Array<{
      alt: string
      aspectRatio?: { width: number; height: number }
      image: { ref: { toString(): string }; mimeType: string; size: number }
    }>
  }
  langs?: string[]
}

export async function getPostRecord(
  serviceUrl: string,
  id: string,
): Promise<StoredPostRecord | null> {
  const [, , repo, collection, rkey] = id.split('/')
  const agent = new AtpAgent({ service: serviceUrl })
  try {
    const { data } = await agent.com.atproto.repo.getRecord({
      repo: repo ?? '',
      collection: collection ?? '',
      rkey: rkey ?? '',
    })
    return data.value as unknown as StoredPostRecord
  } catch (error) {
    if ((error as { error?: string }).error === 'RecordNotFound') return null
    throw error
  }
}

/**
 * Whether PostgreSQL and Redis answer. Outside CI a missing one skips the AppView suite with one
 * line; under CI=true the suite must fail instead.
 */
export async function appViewServicesReachable(
  postgresUrl: string,
  redisHost: string,
): Promise<{ ok: boolean; missing: string[] }> {
  const postgres = new URL(postgresUrl)
  const [redisHostname = '127.0.0.1', redisPort = '6379'] = redisHost.split(':')
  const services = [
    {
      name: `PostgreSQL on ${postgres.host}`,
      host: postgres.hostname,
      port: Number(postgres.port || 5432),
    },
    { name: `Redis on ${redisHost}`, host: redisHostname, port: Number(redisPort) },
  ]
  const answers = await Promise.all(
    services.map((service) => reachable(service.host, service.port)),
  )
  const missing = services.filter((_, index) => !answers[index]).map((service) => service.name)
  return { ok: missing.length === 0, missing }
}

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1000 })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('timeout', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(false))
  })
}

/** dev-env leaves the AppView's and Ozone's schemas behind; tests clean up after themselves. */
async function dropSchemas(postgresUrl: string, schema: string): Promise<void> {
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: postgresUrl })
  await client.connect()
  try {
    await client.query("SET lock_timeout = '20s'")
    for (const prefix of ['appview', 'ozone']) {
      await client.query(`DROP SCHEMA IF EXISTS "${prefix}_${schema}" CASCADE`)
    }
  } finally {
    await client.end()
  }
}

/** Waits for a teardown step at most `ms`; a failure or a stall is printed, not thrown. */
async function settleWithin(step: Promise<unknown>, ms: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const stalled = new Promise<'stalled'>((resolve) => {
    timer = setTimeout(() => resolve('stalled'), ms)
  })
  try {
    const outcome = await Promise.race([step.then(() => 'done' as const), stalled])
    if (outcome === 'stalled') console.warn(`local Bluesky teardown: ${what} within ${ms} ms`)
  } catch (error) {
    console.warn(`local Bluesky teardown: ${what}:`, error)
  } finally {
    clearTimeout(timer)
  }
}

function restoreTmpdir(previous: string | undefined) {
  if (previous === undefined) delete process.env.TMPDIR
  else process.env.TMPDIR = previous
}

/** Schema names must be letters and underscores only. */
function randomLetters(length: number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz'
  return Array.from(randomBytes(length), (byte) => letters[byte % letters.length]).join('')
}
