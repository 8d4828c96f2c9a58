/**
 * Inbox events reach open browsers whichever process made them. On PostgreSQL a second Murmur on
 * the same schema stands for a `murmur worker` process: what it syncs reaches a browser streaming
 * from the first, through LISTEN/NOTIFY, once each, only in its workspace, and again after the
 * listening connection is killed. On SQLite (one process) the in-process path carries them.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { type InboxEvent, inboxEvents } from '../../src/engagement/events.js'
import { syncWorkspaceNow } from '../../src/engagement/inbox-sync.js'
import { createLogger } from '../../src/logger.js'
import { createMurmur, type Murmur } from '../../src/murmur.js'
import { installNetworks } from '../../src/services/publishing-networks.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { testDialects } from '../support/databases.js'
import { BUSINESS, createInboxWorld, type InboxWorld, syncDefaults } from './world.js'

/** An open `GET /inbox/events` stream, read in the background into `text`. */
interface EventStream {
  text: string
  until(pattern: RegExp): Promise<string>
  close(): Promise<void>
}

async function openEvents(w: InboxWorld): Promise<EventStream> {
  const response = await w.api.app.request(`${w.base}/inbox/events`, {
    headers: { cookie: w.owner.cookie ?? '' },
  })
  expect(response.status).toBe(200)
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  const stream: EventStream = {
    text: '',
    until: (pattern) =>
      vi.waitFor(
        () => {
          expect(stream.text).toMatch(pattern)
          return stream.text
        },
        { timeout: 30_000, interval: 20 },
      ),
    close: () => reader.cancel(),
  }
  void (async () => {
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true, value: undefined }))
      if (chunk.done) return
      stream.text += decoder.decode(chunk.value)
    }
  })()
  await stream.until(/event: ready/)
  return stream
}

const say = (w: InboxWorld, from: string, text: string) => {
  w.clock.advance(1000)
  w.fake.receive({ to: BUSINESS, from, text, at: w.clock.now })
}

for (const dialect of await testDialects()) {
  describe(`${dialect}: inbox events in the process that synced`, () => {
    let w: InboxWorld
    beforeAll(async () => {
      w = await createInboxWorld(dialect)
    })
    afterAll(() => w?.cleanup())

    test('a sync of this process reaches its open stream', async () => {
      const stream = await openEvents(w)
      say(w, 'dora.bsky.social', `@${BUSINESS} hello from next door`)
      await w.sync()
      const message = await w.murmur.db
        .selectFrom('messages')
        .select(['id', 'conversation_id'])
        .executeTakeFirstOrThrow()
      const text = await stream.until(/event: sync\.finished/)
      expect(text).toContain(
        `"type":"message.created","conversation_id":"${message.conversation_id}","message_id":"${message.id}","direction":"in"`,
      )
      // Heard once, even where the event also went round through the database.
      expect(text.match(/event: message\.created/g)).toHaveLength(1)
      await stream.close()
    })
  })

  if (dialect !== 'postgres') continue

  describe(`${dialect}: inbox events of a worker process reach the server's browsers`, () => {
    let w: InboxWorld
    let worker: Murmur
    let schema: string

    beforeAll(async () => {
      w = await createInboxWorld(dialect)
      expect(w.murmur.storage.capabilities.crossProcessSignals).toBe(true)
      schema = w.murmur.storage.schema!
      // Another process on the same database and schema: its own pool, bus and listener.
      worker = await createMurmur(w.murmur.config, createLogger('silent', false), {
        postgresSchema: schema,
        migrate: false,
        now: () => w.clock.now,
      })
      installNetworks(worker, w.fake.asNetworks())
    })
    afterAll(async () => {
      await worker?.storage.close()
      await w?.cleanup()
    })

    const workerSync = () =>
      syncWorkspaceNow(worker, new WorkspaceScope(worker.db, w.workspaceId), {
        options: syncDefaults,
      })

    test('what the worker syncs streams to a browser of the server, with the ids to fetch', async () => {
      const stream = await openEvents(w)
      say(w, 'erin.bsky.social', `@${BUSINESS} are you open on Sunday?`)
      const [result] = await workerSync()
      expect(result).toMatchObject({ status: 'synced', received: 1 })
      const message = await w.murmur.db
        .selectFrom('messages')
        .select(['id', 'conversation_id'])
        .where('text', 'like', '%open on Sunday%')
        .executeTakeFirstOrThrow()
      const text = await stream.until(/event: sync\.finished/)
      expect(text).toContain(
        `"type":"message.created","conversation_id":"${message.conversation_id}","message_id":"${message.id}","direction":"in"`,
      )
      expect(text).toContain(`"type":"sync.finished","channel_id":"${w.channel.id}","received":1`)
      // The browser then reads the message through the server's API.
      const detail = await w.owner.get(`${w.base}/conversations/${message.conversation_id}`)
      expect(detail.body.messages.map((m: { id: string }) => m.id)).toContain(message.id)
      await stream.close()
    })

    test('each event once, only in its workspace', async () => {
      const here: InboxEvent[] = []
      const elsewhere: InboxEvent[] = []
      const server = inboxEvents(w.murmur)
      const stopHere = server.subscribe(w.workspaceId, (event) => here.push(event))
      const stopElsewhere = server.subscribe('ws_elsewhere', (event) => elsewhere.push(event))
      await server.ready()
      server.publish(w.workspaceId, { type: 'conversation.updated', conversation_id: 'cv_own' })
      inboxEvents(worker).publish(w.workspaceId, {
        type: 'conversation.updated',
        conversation_id: 'cv_worker',
      })
      // NOTIFYs arrive in commit order: once the worker's is here, the server's echo came first.
      await vi.waitFor(() => expect(here.map(idOf)).toContain('cv_worker'), { timeout: 30_000 })
      expect(here.map(idOf)).toEqual(['cv_own', 'cv_worker'])
      expect(elsewhere).toEqual([])
      stopHere()
      stopElsewhere()
    })

    test('a killed listening connection is opened again and events flow again', async () => {
      const stream = await openEvents(w)
      const killed = await sql<{ killed: boolean }>`
        select pg_terminate_backend(pid) as killed from pg_stat_activity
        where application_name = ${`murmur-signals ${schema}`.slice(0, 63)}`.execute(worker.db)
      // The server's listener, and the worker's if it listens: at least the server's.
      expect(killed.rows.some((row) => row.killed)).toBe(true)
      let round = 0
      await vi.waitFor(
        () => {
          round++
          inboxEvents(worker).publish(w.workspaceId, {
            type: 'conversation.updated',
            conversation_id: `cv_after_${round}`,
          })
          expect(stream.text).toMatch(/cv_after_\d+/)
        },
        { timeout: 60_000, interval: 250 },
      )
      await stream.close()
    })
  })
}

const idOf = (event: InboxEvent) => ('conversation_id' in event ? event.conversation_id : '')
