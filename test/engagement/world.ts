import { syncWorkspaceNow } from '../../src/engagement/inbox-sync.js'
import { installSyncNowCooldown } from '../../src/engagement/sync-now-throttle.js'
import type { InboxSyncOptions } from '../../src/engagement/sync-options.js'
import { Scheduler } from '../../src/jobs/scheduler.js'
import type { Murmur } from '../../src/murmur.js'
import { type Channel, connectWithAppPassword } from '../../src/services/channels.js'
import { createPost } from '../../src/services/posts.js'
import { installNetworks } from '../../src/services/publishing-networks.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { type ApiClient, apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type Dialect, type TestMurmur } from '../support/databases.js'
import { FakeInboxNetwork } from './fake-inbox-network.js'

export const START = Date.UTC(2027, 2, 1, 9, 0)
export const BUSINESS = 'cornerbakery.bsky.social'

/** A settable clock: every time Murmur reads is this one. */
export class Clock {
  constructor(public now: number) {}
  advance(ms: number): void {
    this.now += ms
  }
}

export interface InboxWorld {
  t: TestMurmur
  murmur: Murmur
  clock: Clock
  fake: FakeInboxNetwork
  scope: WorkspaceScope
  workspaceId: string
  userId: string
  owner: ApiClient
  api: ReturnType<typeof apiFor>
  base: string
  channel: Channel
  /** "Sync now" with test-friendly options. */
  sync: (options?: Partial<InboxSyncOptions>) => ReturnType<typeof syncWorkspaceNow>
  /** Publishes a post of the business now and returns its network id. */
  publish: (text: string) => Promise<{ postId: string; remoteId: string }>
  cleanup: () => Promise<void>
}

export const syncDefaults: Partial<InboxSyncOptions> = {
  random: () => 0.5,
  pagesPerRun: 10,
  pageSize: 100,
}

/** A migrated Murmur with an owner signed in to the API, and one Bluesky channel on the fake. */
export async function createInboxWorld(dialect: Dialect): Promise<InboxWorld> {
  const clock = new Clock(START)
  const t = await createTestMurmur(dialect, {}, { now: () => clock.now })
  const { murmur } = t
  const fake = new FakeInboxNetwork()
  installNetworks(murmur, fake.asNetworks())
  // Tests press Sync now as often as they need; the throttle has its own test (sync-now.test.ts).
  installSyncNowCooldown(murmur, 0)
  const api = apiFor(murmur)
  const { owner, workspace, user } = await setUpOwner(api)
  const scope = new WorkspaceScope(murmur.db, workspace.id)
  fake.addAccount(BUSINESS, 'abcd-efgh-ijkl-mnop')
  const { channel } = await connectWithAppPassword(murmur, scope, {
    network: 'bluesky',
    handle: BUSINESS,
    appPassword: 'abcd-efgh-ijkl-mnop',
    createdBy: user.id,
  })
  return {
    t,
    murmur,
    clock,
    fake,
    scope,
    workspaceId: workspace.id,
    userId: user.id,
    owner,
    api,
    base: `/api/v1/workspaces/${workspace.id}`,
    channel,
    sync: (options = {}) =>
      syncWorkspaceNow(murmur, scope, { options: { ...syncDefaults, ...options } }),
    async publish(text) {
      const post = await createPost(
        murmur,
        scope,
        {
          content: { parts: [{ text, media: [] }], first_comment: null },
          channels: [{ channel_id: channel.id }],
        },
        { createdBy: user.id, when: { type: 'now' } },
      )
      const scheduler = new Scheduler(murmur, { random: () => 0.5, tickMs: 20 }, fake.asNetworks())
      await scheduler.drain()
      await scheduler.stop()
      const delivery = await murmur.db
        .selectFrom('deliveries')
        .select('remote_parts')
        .where('post_id', '=', post.id)
        .executeTakeFirstOrThrow()
      const parts = JSON.parse(delivery.remote_parts) as Array<{ id: string }>
      return { postId: post.id, remoteId: parts[0]!.id }
    },
    cleanup: () => t.cleanup(),
  }
}
