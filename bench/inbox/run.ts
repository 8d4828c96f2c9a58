// The inbox at scale: ingest N items from a fake network through the real sync (understanding,
// contacts, conversations), then time the inbox's first page, filtered pages, a deep page and a
// contact's timeline against the naive queries (grouping messages on the fly, OFFSET, one sorted
// UNION) on the same data, in the same run.
// Usage: npx tsx bench/inbox/run.ts [--items 200000] [--db sqlite|postgres] [--runs 15] [--copies 4]
// --copies N then adds N older copies of every conversation and message in SQL (no sync), to time
// the same queries with (N + 1) × items in the workspace.
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { loadConfig } from '../../src/config.js'
import { syncWorkspaceNow } from '../../src/engagement/inbox-sync.js'
import { createLogger } from '../../src/logger.js'
import { createMurmur, type Murmur } from '../../src/murmur.js'
import type {
  MentionPage,
  MentionRequest,
  NetworkMention,
  SocialNetworkV1,
} from '../../src/networks/spec/index.js'
import { createUser } from '../../src/services/accounts.js'
import { connectWithAppPassword } from '../../src/services/channels.js'
import { contactTimeline } from '../../src/services/contact-timeline.js'
import { type ConversationFilter, listConversations } from '../../src/services/conversations.js'
import { installNetworks } from '../../src/services/publishing-networks.js'
import { createWorkspace } from '../../src/services/workspaces.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`)
  return at > 0 ? (process.argv[at + 1] ?? fallback) : fallback
}
const ITEMS = Number(arg('items', '200000'))
const DB = arg('db', 'sqlite') as 'sqlite' | 'postgres'
const RUNS = Number(arg('runs', '15'))
const COPIES = Number(arg('copies', '0'))
const AUTHORS = Math.max(100, Math.round(ITEMS / 10))
const OUR_POSTS = Math.max(10, Math.round(ITEMS / 100))
const BUSINESS_DID = 'did:plc:cornerbakery'

/** A seeded generator, so every run ingests the same inbox. */
function rng(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

const TEXTS = [
  [0.05, 'My order never arrived and nobody answers, terrible'],
  [0.1, 'How much is the three-tier wedding cake?'],
  [0.15, 'What time do you open on Sunday?'],
  [0.3, 'Thank you, the croissants were delicious!'],
  [0.4, 'Saw this on my way to work this morning'],
] as const

/** N mentions and replies, newest first; authors follow a steep power law, like real inboxes. */
function generate(n: number): NetworkMention[] {
  const random = rng(42)
  const start = Date.now() - n * 1000
  const items: NetworkMention[] = []
  for (let i = 0; i < n; i++) {
    const author = Math.floor(AUTHORS * random() ** 3)
    let roll = random()
    let text: string = TEXTS[4][1]
    for (const [share, phrase] of TEXTS) {
      if (roll < share) {
        text = phrase
        break
      }
      roll -= share
    }
    const id = `at://did:plc:a${author}/app.bsky.feed.post/${i.toString(36)}`
    const reply = random() < 0.4
    const root = `at://${BUSINESS_DID}/app.bsky.feed.post/root${Math.floor(random() * OUR_POSTS)}`
    items.push({
      id,
      url: `https://bsky.app/profile/a${author}.test/post/${i.toString(36)}`,
      author: {
        id: `did:plc:a${author}`,
        handle: `a${author}.test`,
        displayName: `Author ${author}`,
      },
      text: `${text} #${i}`,
      createdAt: new Date(start + i * 1000).toISOString(),
      kind: reply ? 'reply' : 'mention',
      ...(reply && { inReplyTo: root, rootId: root }),
    })
  }
  return items.reverse()
}

/** Just enough of a network for sync: pages of a fixed array, newest first. */
function fakeNetwork(items: NetworkMention[]): SocialNetworkV1 {
  return {
    specificationVersion: 'v1',
    id: 'bluesky',
    name: 'Bluesky (bench)',
    capabilities: {} as SocialNetworkV1['capabilities'],
    validate: () => [],
    publish: () => Promise.reject(new Error('not in the bench')),
    delete: () => Promise.resolve(),
    fetchPost: () => Promise.resolve(null),
    fetchMetrics: () => Promise.resolve({}),
    async fetchMentions(_credentials, request: MentionRequest): Promise<MentionPage> {
      const from = request.cursor ? Number(request.cursor) : 0
      const to = Math.min(items.length, from + (request.limit ?? 100))
      return { items: items.slice(from, to), ...(to < items.length && { cursor: String(to) }) }
    },
  }
}

async function open(): Promise<{ murmur: Murmur; cleanup: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'murmur-bench-inbox-'))
  const schema = `bench_inbox_${Date.now().toString(36)}`
  const config = loadConfig(
    {},
    {
      dataDir,
      databaseUrl:
        DB === 'postgres'
          ? (process.env.MURMUR_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres')
          : undefined,
      secret: 'bench-secret-bench-secret-bench-secret-00',
      serveWebApp: false,
    },
  )
  const murmur = await createMurmur(config, createLogger('silent', false), {
    ...(DB === 'postgres' && { postgresSchema: schema }),
  })
  return {
    murmur,
    async cleanup() {
      if (DB === 'postgres')
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(murmur.db)
      await murmur.storage.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * N older copies of every conversation and message, written in SQL: the inbox grows (N + 1)-fold
 * while its newest page stays the synced data, as in a workspace with years of history.
 */
async function addOlderCopies(murmur: Murmur, workspaceId: string) {
  const span = ITEMS * 1000 + 86_400_000
  for (let copy = 1; copy <= COPIES; copy++) {
    const suffix = `-c${copy}`
    const shift = copy * span
    await sql`insert into conversations
      (workspace_id, id, kind, channel_id, network, root_remote_id, root_url, post_id, delivery_id,
       status, assignee_id, intent, sentiment, priority, contact_id, contact_stage, last_message_id,
       last_activity_at, message_count, read_at, created_at, updated_at)
      select workspace_id, id || ${suffix}, kind, channel_id, network, root_remote_id || ${suffix},
       root_url, post_id, delivery_id, status, assignee_id, intent, sentiment, priority, contact_id,
       contact_stage, last_message_id || ${suffix}, last_activity_at - ${shift}, message_count,
       read_at, created_at - ${shift}, updated_at
      from conversations where workspace_id = ${workspaceId} and id not like '%-c%'`.execute(
      murmur.db,
    )
    await sql`insert into messages
      (workspace_id, id, conversation_id, channel_id, network, direction, kind, remote_id, url,
       contact_id, identity_id, author_handle, author_name, text, in_reply_to, quoted_id, sentiment,
       sentiment_score, intent, priority, labels, sent_by, created_at, received_at, edited_at,
       deleted_at, checked_at, erased)
      select workspace_id, id || ${suffix}, conversation_id || ${suffix}, channel_id, network,
       direction, kind, remote_id || ${suffix}, url, contact_id, identity_id, author_handle,
       author_name, text, in_reply_to, quoted_id, sentiment, sentiment_score, intent, priority,
       labels, sent_by, created_at - ${shift}, received_at, edited_at, deleted_at, checked_at, erased
      from messages where workspace_id = ${workspaceId} and id not like '%-c%'`.execute(murmur.db)
  }
}

async function time(work: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await work()
  const samples: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now()
    await work()
    samples.push(performance.now() - started)
  }
  samples.sort((a, b) => a - b)
  return samples[Math.floor(samples.length / 2)]!
}

const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`

async function main() {
  const { murmur, cleanup } = await open()
  try {
    const items = generate(ITEMS)
    installNetworks(murmur, {
      get: () => fakeNetwork(items),
      signInWithAppPassword: async () => ({
        credentials: { token: 'bench' },
        accountId: BUSINESS_DID,
        handle: 'cornerbakery.test',
      }),
    })
    const user = await createUser(murmur, {
      email: 'bench@example.com',
      password: 'correct horse battery',
    })
    const workspace = await createWorkspace(murmur, {
      name: 'Bench',
      timeZone: 'UTC',
      ownerId: user.id,
    })
    const scope = new WorkspaceScope(murmur.db, workspace.id)
    await connectWithAppPassword(murmur, scope, {
      network: 'bluesky',
      handle: 'cornerbakery.test',
      appPassword: 'x',
      createdBy: user.id,
    })

    const started = performance.now()
    const [result] = await syncWorkspaceNow(murmur, scope, {
      options: {
        pagesPerRun: Math.ceil(ITEMS / 100) + 1,
        backfillMs: 10 * 365 * 24 * 3_600_000,
        recheckPerRun: 0,
      },
    })
    const ingestSeconds = (performance.now() - started) / 1000
    const counts = await murmur.db
      .selectFrom('conversations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const contacts = await murmur.db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()

    if (COPIES > 0) await addOlderCopies(murmur, workspace.id)
    // As autovacuum would soon after a bulk load; SQLite runs as deployed (no statistics).
    if (DB === 'postgres') await sql`analyze`.execute(murmur.db)

    const page = (filter: Partial<ConversationFilter>) =>
      listConversations(scope, { status: 'open', sort: 'recent', limit: 50, ...filter })
    let deepCursor: string | undefined
    for (let i = 0; i < 20; i++)
      deepCursor = (await page({ cursor: deepCursor })).next_cursor ?? undefined
    const busiest = await murmur.db
      .selectFrom('contacts')
      .select(['id', 'message_count'])
      .orderBy('message_count', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow()

    const ws = workspace.id
    const naive = {
      first: () =>
        sql`select m.conversation_id, max(m.created_at) as last_at, count(*) as n
            from messages m join conversations c on c.id = m.conversation_id
            where m.workspace_id = ${ws} and c.status = 'open'
            group by m.conversation_id order by last_at desc limit 50`.execute(murmur.db),
      intent: () =>
        sql`select m.conversation_id, max(m.created_at) as last_at
            from messages m where m.workspace_id = ${ws} and m.intent = 'purchase'
            group by m.conversation_id order by last_at desc limit 50`.execute(murmur.db),
      stage: () =>
        sql`select m.conversation_id, max(m.created_at) as last_at
            from messages m join contacts k on k.id = m.contact_id
            where m.workspace_id = ${ws} and k.stage = 'lead'
            group by m.conversation_id order by last_at desc limit 50`.execute(murmur.db),
      deep: () =>
        sql`select m.conversation_id, max(m.created_at) as last_at
            from messages m where m.workspace_id = ${ws}
            group by m.conversation_id order by last_at desc limit 50 offset 1000`.execute(
          murmur.db,
        ),
      timeline: () =>
        sql`select * from (
              select id, created_at as at, 'message' as type from messages
                where workspace_id = ${ws} and contact_id = ${busiest.id}
              union all select id, at, 'stage' from contact_stage_changes
                where workspace_id = ${ws} and contact_id = ${busiest.id}
              union all select id, created_at, 'note' from contact_notes
                where workspace_id = ${ws} and contact_id = ${busiest.id}
            ) t order by at desc, id desc limit 50`.execute(murmur.db),
    }
    const rows: Array<[string, number, number]> = [
      [
        'Inbox, first page (open, newest first)',
        await time(() => page({})),
        await time(naive.first),
      ],
      [
        'Filtered: intent = purchase',
        await time(() => page({ intent: 'purchase' })),
        await time(naive.intent),
      ],
      [
        'Filtered: contact stage = lead',
        await time(() => page({ stage: 'lead' })),
        await time(naive.stage),
      ],
      [
        'Sorted by priority (complaints first)',
        await time(() => page({ sort: 'priority' })),
        await time(naive.first),
      ],
      [
        'Page 21 (cursor vs OFFSET 1000)',
        await time(() => page({ cursor: deepCursor })),
        await time(naive.deep),
      ],
      [
        `Timeline of the busiest contact (${busiest.message_count} messages)`,
        await time(() => contactTimeline(murmur, scope, busiest.id, { limit: 50 })),
        await time(naive.timeline),
      ],
    ]
    const total = await murmur.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const cpu = cpus()[0]?.model ?? 'unknown CPU'
    console.log(
      `\nInbox benchmark on ${DB}: ${ITEMS.toLocaleString('en')} items synced, ${Number(total.n).toLocaleString('en')} messages in the workspace, ${cpus().length} × ${cpu}, load ${loadavg()[0]?.toFixed(2)}`,
    )
    console.log(
      `Ingest through sync: ${result?.received.toLocaleString('en')} messages in ${ingestSeconds.toFixed(1)} s ` +
        `(${Math.round((result?.received ?? 0) / ingestSeconds).toLocaleString('en')}/s), ` +
        `${Number(counts.n).toLocaleString('en')} conversations, ${Number(contacts.n).toLocaleString('en')} contacts\n`,
    )
    console.log('| Query (median of runs) | Murmur | Naive | Speed-up |')
    console.log('|---|---:|---:|---:|')
    for (const [name, ours, theirs] of rows) {
      console.log(
        `| ${name} | ${ms(ours)} | ${ms(theirs)} | ${(theirs / ours).toFixed(theirs / ours < 10 ? 1 : 0)}× |`,
      )
    }
  } finally {
    await cleanup()
  }
}

await main()
