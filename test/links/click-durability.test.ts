import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { createLogger } from '../../src/logger.js'
import { createMurmur } from '../../src/murmur.js'
import { createUser } from '../../src/services/accounts.js'
import { createLink } from '../../src/services/links.js'
import { createWorkspace } from '../../src/services/workspaces.js'
import { SQLITE_FILE } from '../../src/storage/open.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { type Dialect, postgresUrl, testDialects } from '../support/databases.js'
import { CHROME, IPHONE } from './support.js'

/**
 * The issue "Traffic": SIGTERM stores every buffered click before exit; SIGKILL loses at most
 * the last flush window. A real `murmur start` process on a real port gets redirects on several
 * keep-alive connections; every 302 the client reads carries its click id (`mm=`), kept with
 * the time it arrived. After the signal the test reads the clicks table itself and compares.
 */
const FLUSH_MS = 200
/**
 * SIGKILL may lose what waits in memory (at most one flush interval, 200 ms) plus the batch
 * being written when the kill lands; on a loaded 2-core CI machine the write and the delivery
 * of the answers can lag. Every lost click must have been answered within this long before the
 * kill; every click answered earlier must be stored.
 */
const KILL_WINDOW_MS = 1_000
const CONNECTIONS = 6
/** About 1,500 redirects a second in all: enough load, and a 2-core machine keeps up. */
const PER_CONNECTION_PER_SECOND = 250
const LINKS = 20
/** Load before the signal, from the first request; it continues until the server is gone. */
const LOAD_BEFORE_SIGNAL_MS = 1_500
const EXIT_TIMEOUT_MS = 20_000

interface Stage {
  dataDir: string
  env: NodeJS.ProcessEnv
  codes: string[]
  /** The stored clicks: id and the server's time of the click. */
  storedClicks(): Promise<Array<{ id: string; at: number; is_bot: number }>>
  cleanup(): Promise<void>
}

/** A migrated database with a workspace and tracked links, closed again before the server starts. */
async function prepare(dialect: Dialect): Promise<Stage> {
  const dataDir = mkdtempSync(join(tmpdir(), 'murmur-durability-'))
  const schema = `murmur_test_dur_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  // `murmur start` has no schema setting: the schema goes in the URL, as pg reads `options`.
  const url = new URL(postgresUrl())
  url.searchParams.set('options', `-c search_path=${schema}`)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MURMUR_DATA_DIR: dataDir,
    DATABASE_URL: dialect === 'postgres' ? url.toString() : '',
    MURMUR_SECRET: 'test-secret-test-secret-test-secret-000',
    MURMUR_PUBLIC_URL: 'http://murmur.test',
    MURMUR_CLICK_FLUSH_MS: String(FLUSH_MS),
    MURMUR_SCHEDULER: 'off',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    NO_COLOR: '1',
  }
  const murmur = await createMurmur(loadConfig(env), createLogger('silent', false), {
    ...(dialect === 'postgres' && { postgresSchema: schema }),
  })
  const user = await createUser(murmur, {
    email: 'owner@bakery.example',
    password: 'correct horse battery',
  })
  const workspace = await createWorkspace(murmur, {
    name: 'Corner Bakery',
    timeZone: 'UTC',
    ownerId: user.id,
  })
  const scope = new WorkspaceScope(murmur.db, workspace.id)
  const codes: string[] = []
  for (let i = 0; i < LINKS; i++) {
    const link = await createLink(murmur, scope, {
      destination: `https://bakery.example/bread/${i}?ref=social`,
      utm_source: 'durability',
      createdBy: null,
    })
    codes.push(link.code)
  }
  await murmur.storage.close()

  const postgres = async <T>(use: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: postgresUrl() })
    await client.connect()
    try {
      return await use(client)
    } finally {
      await client.end()
    }
  }
  return {
    dataDir,
    env,
    codes,
    async storedClicks() {
      if (dialect === 'postgres') {
        return postgres(async (client) => {
          const result = await client.query<{ id: string; at: string; is_bot: number }>(
            `select id, at, is_bot from ${client.escapeIdentifier(schema)}.clicks`,
          )
          return result.rows.map((row) => ({ ...row, at: Number(row.at) }))
        })
      }
      const db = new SqliteDatabase(join(dataDir, SQLITE_FILE), { readonly: true })
      try {
        return db.prepare('select id, at, is_bot from clicks').all() as Array<{
          id: string
          at: number
          is_bot: number
        }>
      } finally {
        db.close()
      }
    },
    async cleanup() {
      if (dialect === 'postgres') {
        await postgres((client) =>
          client.query(`drop schema if exists ${client.escapeIdentifier(schema)} cascade`),
        )
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

interface Server {
  child: ChildProcess
  base: string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  output(): string
}

/** `murmur start` from the sources, as test/cli/cli.test.ts runs the CLI; resolves once it listens. */
async function startMurmur(stage: Stage): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'start'], {
    env: stage.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const collect = (chunk: Buffer) => {
    output += String(chunk)
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`murmur start is not listening:\n${output}`)),
      60_000,
    )
    child.stdout?.on('data', () => {
      const url = /listening on (http:\/\/[\d.]+:\d+)/.exec(output)?.[1]
      if (url) {
        clearTimeout(timer)
        resolve(url)
      }
    })
    void exited.then(({ code, signal }) => {
      clearTimeout(timer)
      reject(new Error(`murmur start exited (${code ?? signal}) before listening:\n${output}`))
    })
  })
  return { child, base, exited, output: () => output }
}

interface Answer {
  clickId: string
  /** Date.now() when the client had read the whole 302. */
  at: number
}

interface Load {
  answers: Answer[]
  /** Answers other than a 302 with a click id (there should be none). */
  odd: string[]
  /** Requests that got no answer (connections cut by the stop). */
  failed: number
  /** Stops sending and resolves when every connection is done. */
  stop(): Promise<void>
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Keep-alive connections, each sending one redirect after another at a steady pace. */
function startLoad(base: string, codes: string[]): Load {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS })
  const answers: Answer[] = []
  const odd: string[] = []
  let failed = 0
  let stopped = false
  const interval = 1000 / PER_CONNECTION_PER_SECOND

  const visit = (path: string, userAgent: string) =>
    new Promise<void>((resolve) => {
      const req = request(`${base}${path}`, { agent, headers: { 'user-agent': userAgent } })
      req.setTimeout(10_000, () => req.destroy(new Error('timed out')))
      req.on('error', () => {
        failed++
        resolve()
      })
      req.on('response', (response) => {
        response.resume()
        response.on('error', () => undefined)
        response.on('end', () => {
          const location = response.headers.location
          const clickId = location ? new URL(location).searchParams.get('mm') : null
          if (response.statusCode === 302 && clickId) answers.push({ clickId, at: Date.now() })
          else odd.push(`${response.statusCode} ${location ?? ''}`)
          resolve()
        })
        response.on('aborted', () => {
          failed++
          resolve()
        })
      })
      req.end()
    })

  const connection = async (n: number) => {
    const start = Date.now()
    for (let i = 0; !stopped; i++) {
      const before = failed
      await visit(`/l/${codes[(n + i) % codes.length]}`, i % 2 ? CHROME : IPHONE)
      if (failed > before) await sleep(10) // the server is going: do not spin on refused connects
      const due = start + (i + 1) * interval
      const wait = due - Date.now()
      if (wait > 0) await sleep(wait)
    }
  }
  const running = Array.from({ length: CONNECTIONS }, (_, n) => connection(n))
  return {
    answers,
    odd,
    get failed() {
      return failed
    },
    async stop() {
      stopped = true
      await Promise.all(running)
      agent.destroy()
    },
  }
}

async function loadThenSignal(stage: Stage, signal: 'SIGTERM' | 'SIGKILL') {
  // Each run has the database to itself, after the runs before it: only its own clicks count.
  const earlier = new Set((await stage.storedClicks()).map((click) => click.id))
  const server = await startMurmur(stage)
  const load = startLoad(server.base, stage.codes)
  try {
    // Measured from the first request: the server listens only once its click writer can store,
    // so clicks answered right after start are held to the same promise (a regression that
    // answered before the writer was up lost every click of the first seconds).
    const loadStart = Date.now()
    while (Date.now() - loadStart < LOAD_BEFORE_SIGNAL_MS || load.answers.length < 500) {
      if (Date.now() - loadStart > 60_000)
        throw new Error(`only ${load.answers.length} redirects in 60 s:\n${server.output()}`)
      await sleep(20)
    }
    const answeredBefore = load.answers.length
    const signalAt = Date.now()
    server.child.kill(signal)
    // The load goes on until the server is gone: connections are refused or cut then.
    const exit = await Promise.race([
      server.exited,
      sleep(EXIT_TIMEOUT_MS).then(() => 'still running' as const),
    ])
    await load.stop()
    if (exit === 'still running') {
      server.child.kill('SIGKILL')
      await server.exited
    }
    const stored = (await stage.storedClicks()).filter((click) => !earlier.has(click.id))
    return { exit, signalAt, answeredBefore, load, stored, output: server.output() }
  } catch (error) {
    server.child.kill('SIGKILL')
    await load.stop()
    throw error
  }
}

const dialects = await testDialects()

for (const dialect of dialects) {
  describe(`${dialect}: clicks of a server stopped under load`, () => {
    // One database for both runs (the second start also finds what the first stop left).
    let stage: Stage
    beforeAll(async () => {
      stage = await prepare(dialect)
    })
    afterAll(async () => {
      await stage?.cleanup()
    })

    test('SIGTERM stores every click answered with a 302, none twice, nothing else', {
      timeout: 120_000,
    }, async () => {
      const run = await loadThenSignal(stage, 'SIGTERM')
      expect(run.exit, `the server's output:\n${run.output}`).toEqual({ code: 0, signal: null })
      expect(run.load.odd).toEqual([])
      const answered = run.load.answers
      const afterSignal = answered.length - run.answeredBefore
      const stored = run.stored
      const storedIds = new Set(stored.map((click) => click.id))
      const answeredIds = new Set(answered.map((answer) => answer.clickId))
      expect(answeredIds.size, 'click ids are unique').toBe(answered.length)
      const lost = answered.filter((answer) => !storedIds.has(answer.clickId))
      console.info(
        `[${dialect} SIGTERM] ${answered.length} clicks answered (${afterSignal} after the signal), ` +
          `${stored.length} stored, ${lost.length} lost, ${run.load.failed} requests cut by the stop`,
      )
      expect(
        lost.length,
        `${lost.length} of ${answered.length} answered clicks were not stored after SIGTERM ` +
          `(answered ${lost.map((answer) => answer.at - run.signalAt).join(', ')} ms after the signal)`,
      ).toBe(0)
      expect(storedIds.size, 'no click id stored twice').toBe(stored.length)
      const unanswered = stored.filter((click) => !answeredIds.has(click.id))
      expect(unanswered, 'stored clicks nobody was answered for').toEqual([])
      expect(stored.filter((click) => click.is_bot !== 0)).toEqual([])
    })

    test(`SIGKILL loses only clicks answered in the last ${KILL_WINDOW_MS} ms (flush every ${FLUSH_MS} ms)`, {
      timeout: 120_000,
    }, async () => {
      const run = await loadThenSignal(stage, 'SIGKILL')
      expect(run.exit).toEqual({ code: null, signal: 'SIGKILL' })
      expect(run.load.odd).toEqual([])
      const answered = run.load.answers
      const stored = run.stored
      const storedIds = new Set(stored.map((click) => click.id))
      const answeredIds = new Set(answered.map((answer) => answer.clickId))
      expect(answeredIds.size, 'click ids are unique').toBe(answered.length)
      const windowStart = run.signalAt - KILL_WINDOW_MS
      const lost = answered.filter((answer) => !storedIds.has(answer.clickId))
      const oldestLostMs = lost.length
        ? run.signalAt - Math.min(...lost.map((answer) => answer.at))
        : 0
      const summary =
        `${answered.length} clicks answered, ${stored.length} stored, ${lost.length} lost, ` +
        `the oldest lost answered ${oldestLostMs} ms before the kill`
      console.info(`[${dialect} SIGKILL] ${summary}`)
      const lostEarly = lost.filter((answer) => answer.at < windowStart)
      expect(
        lostEarly.length,
        `clicks answered more than ${KILL_WINDOW_MS} ms before the kill were lost (${summary})`,
      ).toBe(0)
      expect(storedIds.size, 'no click id stored twice').toBe(stored.length)
      // The server may have stored a click whose answer the kill cut off, but only a recent one.
      const unansweredEarly = stored.filter(
        (click) => !answeredIds.has(click.id) && click.at < windowStart,
      )
      expect(unansweredEarly, 'stored clicks nobody was answered for').toEqual([])
      expect(stored.filter((click) => click.is_bot !== 0)).toEqual([])
    })
  })
}
