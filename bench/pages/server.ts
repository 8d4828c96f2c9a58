// Murmur as `murmur start` runs it (startServer, with the built web app when dist/web exists), with
// one workspace's pages made up front: a full home page (links, hours, contact), eight upcoming
// events and five published posts. Driven by run.ts over IPC: answers {ready, paths} once set up,
// and shuts down on {cmd:'stop'}.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import { loadConfig } from '../../src/config.js'
import { newId } from '../../src/core/ids.js'
import { createLogger } from '../../src/logger.js'
import { STYLESHEET_PATH } from '../../src/pages/stylesheet.js'
import { webAppDir } from '../../src/paths.js'
import { startServer } from '../../src/server.js'
import { createUser } from '../../src/services/accounts.js'
import { createEvent } from '../../src/services/events.js'
import { savePageSettings } from '../../src/services/pages.js'
import { createWorkspace } from '../../src/services/workspaces.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'

const send = (message: unknown) => process.send?.(message)
const schema = process.env.BENCH_PG_SCHEMA
const config = loadConfig(process.env, { logLevel: 'warn', schedulerEnabled: false })
const server = await startServer(
  config,
  createLogger('warn', false),
  schema ? { postgresSchema: schema } : {},
)
const murmur = server.murmur

const user = await createUser(murmur, {
  email: 'bench@murmur.example',
  password: 'correct horse battery',
})
const workspace = await createWorkspace(murmur, {
  name: 'Corner Bakery',
  timeZone: 'Europe/Paris',
  ownerId: user.id,
})
const scope = new WorkspaceScope(murmur.db, workspace.id)
await savePageSettings(
  murmur,
  scope,
  {
    published: true,
    description:
      'Sourdough, croissants and coffee in the 7th arrondissement since 1998. Baked every morning from organic flour, with a seat by the window.',
    business_type: 'Bakery',
    contact: {
      email: 'hello@cornerbakery.example',
      phone: '+33 1 23 45 67 89',
      website: 'https://cornerbakery.example',
      street: '12 Rue Cler',
      locality: 'Paris',
      postal_code: '75007',
      country: 'FR',
    },
    opening_hours: [
      { days: ['tue', 'wed', 'thu', 'fri'], opens: '07:30', closes: '19:00' },
      { days: ['sat', 'sun'], opens: '08:00', closes: '13:00' },
    ],
    theme: { palette: 'warm', font: 'serif', layout: 'wide', accent: '#c2410c' },
    links: [
      { label: 'Order a birthday cake', url: 'https://cornerbakery.example/cakes' },
      { label: 'Our menu', url: 'https://cornerbakery.example/menu' },
      { label: 'Follow us on Instagram', url: 'https://instagram.com/cornerbakery' },
      { label: 'Find us on the map', url: 'https://maps.example/cornerbakery' },
      { label: 'Gift cards', url: 'https://cornerbakery.example/gift' },
    ],
  },
  user.id,
)
const day = 86_400_000
let eventSlug = ''
for (let i = 0; i < 8; i++) {
  const starts = new Date(Date.now() + (i + 3) * day).toISOString().slice(0, 10)
  const event = await createEvent(
    murmur,
    scope,
    {
      title: `Bread tasting #${i + 1}`,
      description: 'Taste five breads of the season with our bakers, and take the recipes home.',
      starts_at: `${starts}T18:00`,
      place: { name: 'Corner Bakery', street: '12 Rue Cler', locality: 'Paris', country: 'FR' },
      capacity: 30,
      status: 'published',
    },
    user.id,
  )
  if (i === 0) eventSlug = event.slug
}

// Five published posts, written as the scheduler leaves them (the network is not involved here).
const now = Date.now()
const channelId = newId('ch', now)
await scope
  .insertInto('channels', {
    id: channelId,
    network: 'bluesky',
    account_id: 'did:plc:bench',
    handle: 'cornerbakery.bsky.social',
    display_name: 'Corner Bakery',
    avatar_url: null,
    service_url: null,
    credentials: murmur.secrets.seal('{}'),
    status: 'active',
    status_reason: null,
    status_changed_at: null,
    created_by: null,
    created_at: now,
    updated_at: now,
  })
  .execute()
for (let i = 0; i < 5; i++) {
  const postId = newId('post', now - i * day)
  await scope
    .insertInto('posts', {
      id: postId,
      campaign_id: null,
      labels: '[]',
      first_comment: null,
      created_by: null,
      created_at: now - i * day,
      updated_at: now - i * day,
    })
    .execute()
  await scope
    .insertInto('post_parts', {
      id: newId('part', now),
      post_id: postId,
      delivery_id: null,
      position: 0,
      text: `Fresh from the oven this morning: batch ${i + 1} of our seeded sourdough. Come early, it goes fast! #bakery #paris`,
    })
    .execute()
  await scope
    .insertInto('deliveries', {
      id: newId('dlv', now),
      post_id: postId,
      channel_id: channelId,
      network: 'bluesky',
      has_variant: 0,
      variant_first_comment: null,
      state: 'published',
      scheduled_at: now - i * day,
      via_queue: 0,
      next_attempt_at: null,
      attempts: 1,
      last_error: null,
      last_error_kind: null,
      remote_parts: JSON.stringify([
        {
          id: `at://bench/${i}`,
          url: `https://bsky.app/profile/cornerbakery.bsky.social/post/${i}`,
        },
      ]),
      remote_first_comment: null,
      remote_unconfirmed: null,
      warnings: '[]',
      started_at: now - i * day,
      published_at: now - i * day,
      late_ms: null,
      lease_owner: null,
      lease_expires_at: null,
      created_at: now - i * day,
      updated_at: now - i * day,
    })
    .execute()
}

const staticFile = existsSync(join(webAppDir(), 'favicon.svg'))
  ? { path: '/favicon.svg', label: 'static file from disk (dist/web/favicon.svg)' }
  : { path: STYLESHEET_PATH, label: 'static stylesheet from memory (no dist/web)' }

process.on('message', async (message: { cmd?: string }) => {
  if (message.cmd === 'stop') {
    if (schema) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(murmur.db)
    await server.close()
    process.exit(0)
  }
})
send({
  ready: true,
  database: murmur.storage.kind,
  paths: {
    home: `/p/${workspace.slug}`,
    event: `/p/${workspace.slug}/events/${eventSlug}`,
    static: staticFile.path,
  },
  staticLabel: staticFile.label,
})
