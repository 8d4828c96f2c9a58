/**
 * The inbox against the real Bluesky network on loopback (PLC + PDS + AppView on PostgreSQL and
 * Redis): another account replies to the business's post and mentions it in the same thread;
 * after a sync that is one conversation, the sender is one contact, and a reply from Murmur is a
 * real reply in that thread on the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installSyncNowCooldown } from '../../src/engagement/sync-now-throttle.js'
import { Scheduler } from '../../src/jobs/scheduler.js'
import { createBluesky } from '../../src/networks/bluesky/index.js'
import { connectWithAppPassword } from '../../src/services/channels.js'
import { createPost } from '../../src/services/posts.js'
import { installNetworks, type PublishingNetworks } from '../../src/services/publishing-networks.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import {
  appViewServicesReachable,
  getPostRecord,
  LOCAL_BLUESKY_HOSTS,
  type LocalBluesky,
  startLocalBluesky,
  type TestAccount,
} from '../networks/support/local-bluesky.js'
import { type ApiClient, apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type TestMurmur } from '../support/databases.js'

const postgresUrl =
  process.env.MURMUR_TEST_POSTGRES_URL ??
  process.env.DB_POSTGRES_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres'
const redisHost = process.env.REDIS_HOST ?? '127.0.0.1:6379'
const services = await appViewServicesReachable(postgresUrl, redisHost)
if (!services.ok) {
  const message = `Bluesky inbox end-to-end test needs ${services.missing.join(' and ')}`
  if (process.env.CI === 'true') throw new Error(message)
  console.warn(`Skipping: ${message} (unreachable).`)
}

describe.runIf(services.ok)('inbox end to end with Bluesky', () => {
  let local: LocalBluesky
  let brand: TestAccount
  let fan: TestAccount
  let t: TestMurmur
  let owner: ApiClient
  let base: string
  let postUri: string

  beforeAll(async () => {
    local = await startLocalBluesky({ appView: { postgresUrl, redisHost } })
    brand = await local.createAccount('bakery')
    fan = await local.createAccount('fan')
    t = await createTestMurmur('sqlite', { allowPrivateNetworkHosts: LOCAL_BLUESKY_HOSTS })
    const bluesky = createBluesky({
      baseUrl: local.url,
      allowPrivateNetworkHosts: LOCAL_BLUESKY_HOSTS,
    })
    const networks: PublishingNetworks = {
      get: (id) => (id === 'bluesky' ? bluesky : undefined),
      async signInWithAppPassword(_id, request) {
        const credentials = await bluesky.signIn({ ...request, service: local.url })
        return {
          credentials,
          accountId: credentials.did,
          handle: credentials.handle,
          serviceUrl: local.url,
        }
      },
    }
    installNetworks(t.murmur, networks)
    // The AppView indexes in the background: this test presses Sync now until it has caught up.
    installSyncNowCooldown(t.murmur, 0)
    const api = apiFor(t.murmur)
    const setUp = await setUpOwner(api)
    owner = setUp.owner
    base = `/api/v1/workspaces/${setUp.workspace.id}`
    const scope = new WorkspaceScope(t.murmur.db, setUp.workspace.id)
    const { channel } = await connectWithAppPassword(t.murmur, scope, {
      network: 'bluesky',
      handle: brand.handle,
      appPassword: brand.appPassword,
      createdBy: setUp.user.id,
    })
    // The business publishes through Murmur, so the post is a delivery Murmur knows.
    const post = await createPost(
      t.murmur,
      scope,
      {
        content: { parts: [{ text: 'Cinnamon buns today only', media: [] }], first_comment: null },
        channels: [{ channel_id: channel.id }],
      },
      { createdBy: setUp.user.id, when: { type: 'now' } },
    )
    const scheduler = new Scheduler(t.murmur, { tickMs: 20 }, networks)
    await scheduler.drain()
    await scheduler.stop()
    const delivery = await t.murmur.db
      .selectFrom('deliveries')
      .select(['remote_parts', 'state'])
      .where('post_id', '=', post.id)
      .executeTakeFirstOrThrow()
    expect(delivery.state).toBe('published')
    postUri = (JSON.parse(delivery.remote_parts) as Array<{ id: string }>)[0]!.id

    // The AppView notifies a reply's parent author only once it has indexed the parent.
    await local.processAll()
    // The fan answers the post, then mentions the business further down the same thread.
    const { data } = await fan.agent.com.atproto.repo.getRecord({
      repo: brand.did,
      collection: 'app.bsky.feed.post',
      rkey: postUri.split('/').pop() ?? '',
    })
    const root = { uri: data.uri, cid: data.cid ?? '' }
    const first = await fan.agent.post({
      text: 'How much for a box of six?',
      reply: { root, parent: root },
    })
    const text = `Also @${brand.handle} can I order for Saturday?`
    const start = Buffer.byteLength('Also ')
    await fan.agent.post({
      text,
      reply: { root, parent: { uri: first.uri, cid: first.cid } },
      facets: [
        {
          index: { byteStart: start, byteEnd: start + Buffer.byteLength(`@${brand.handle}`) },
          features: [{ $type: 'app.bsky.richtext.facet#mention', did: brand.did }],
        },
      ],
    })
    await local.processAll()
  }, 120_000)

  afterAll(async () => {
    await t?.cleanup()
    await local?.close()
  })

  it('syncs the thread into one conversation with the fan as a lead', async () => {
    // The AppView indexes in the background: on a busy machine a notification may come a moment late.
    let received = 0
    for (let attempt = 0; attempt < 20 && received < 2; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 500))
      const sync = await owner.post(`${base}/inbox/sync`, {})
      expect(sync.status).toBe(200)
      expect(sync.body.channels[0].status).toBe('synced')
      received += sync.body.channels[0].received
    }
    expect(received).toBe(2)

    const list = await owner.get(`${base}/conversations`)
    expect(list.body.data).toHaveLength(1)
    const conversation = list.body.data[0]
    expect(conversation).toMatchObject({
      kind: 'post',
      root_remote_id: postUri,
      message_count: 2,
      intent: 'purchase',
      contact: { handle: fan.handle, stage: 'lead' },
    })
    const contacts = await owner.get(`${base}/contacts`)
    expect(contacts.body.data).toHaveLength(1)
    expect(contacts.body.data[0].identities[0]).toMatchObject({
      network: 'bluesky',
      account_id: fan.did,
      handle: fan.handle,
    })

    // A second sync finds nothing new.
    const again = await owner.post(`${base}/inbox/sync`, {})
    expect(again.body.channels[0].received).toBe(0)
  })

  it('replies from Murmur as a real reply in the same thread', async () => {
    const conversation = (await owner.get(`${base}/conversations`)).body.data[0]
    const detail = await owner.get(`${base}/conversations/${conversation.id}`)
    const latest = detail.body.messages.at(-1)
    const reply = await owner.post(`${base}/conversations/${conversation.id}/reply`, {
      text: 'Yes! A box of six is €12, see you Saturday.',
    })
    expect(reply.status).toBe(201)
    const record = await getPostRecord(local.url, reply.body.remote_id)
    expect(record).toMatchObject({
      text: 'Yes! A box of six is €12, see you Saturday.',
      reply: { root: { uri: postUri }, parent: { uri: latest.remote_id } },
    })
  })

  it('likes the fan’s message from Murmur: a like record in the business’s repo', async () => {
    const conversation = (await owner.get(`${base}/conversations`)).body.data[0]
    const detail = await owner.get(`${base}/conversations/${conversation.id}`)
    expect(detail.body.can_like).toBe(true)
    const fanMessage = detail.body.messages.find((m: { direction: string }) => m.direction === 'in')
    const liked = await owner.post(`${base}/conversations/${conversation.id}/like`, {
      message_id: fanMessage.id,
    })
    expect(liked.status).toBe(200)
    expect(liked.body.liked_at).not.toBeNull()
    const { data } = await brand.agent.com.atproto.repo.listRecords({
      repo: brand.did,
      collection: 'app.bsky.feed.like',
    })
    expect(data.records.map((r) => (r.value as { subject: { uri: string } }).subject.uri)).toEqual([
      fanMessage.remote_id,
    ])
  })
})
