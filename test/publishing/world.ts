import { Scheduler } from '../../src/jobs/scheduler.js'
import type { SchedulerOptions } from '../../src/jobs/scheduler-options.js'
import type { Murmur } from '../../src/murmur.js'
import { createUser } from '../../src/services/accounts.js'
import { type Channel, connectWithAppPassword } from '../../src/services/channels.js'
import type { PostContent } from '../../src/services/post-content.js'
import type { When } from '../../src/services/post-schedule.js'
import { createPost } from '../../src/services/posts.js'
import { installNetworks } from '../../src/services/publishing-networks.js'
import { createWorkspace } from '../../src/services/workspaces.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { createTestMurmur, type Dialect, type TestMurmur } from '../support/databases.js'
import { FakeNetwork } from './fake-network.js'

/** A settable clock: every time Murmur reads is this one, so lateness and backoff are exact. */
export class Clock {
  constructor(public now: number) {}
  advance(ms: number): void {
    this.now += ms
  }
}

export interface World {
  t: TestMurmur
  murmur: Murmur
  clock: Clock
  fake: FakeNetwork
  scope: WorkspaceScope
  workspaceId: string
  userId: string
  channel: Channel
  scheduler: (options?: Partial<SchedulerOptions>) => Scheduler
  post: (text: string | PostContent, when?: When) => Promise<{ postId: string; deliveryId: string }>
  delivery: (id: string) => Promise<Record<string, unknown> & { state: string }>
}

export const START = Date.UTC(2026, 10, 27, 8, 0)

export const text = (value: string): PostContent => ({
  parts: [{ text: value, media: [] }],
  first_comment: null,
})

/** A migrated Murmur with a workspace, an owner and one Bluesky channel on the fake network. */
export async function createWorld(dialect: Dialect): Promise<World> {
  const clock = new Clock(START)
  const t = await createTestMurmur(dialect, {}, { now: () => clock.now })
  const { murmur } = t
  const fake = new FakeNetwork()
  installNetworks(murmur, fake.asNetworks())
  const user = await createUser(murmur, {
    email: `owner-${Math.random().toString(36).slice(2)}@bakery.example`,
    password: 'correct horse battery',
  })
  const workspace = await createWorkspace(murmur, {
    name: 'Corner Bakery',
    timeZone: 'Europe/Paris',
    ownerId: user.id,
  })
  const scope = new WorkspaceScope(murmur.db, workspace.id)
  fake.addAccount('cornerbakery.bsky.social', 'abcd-efgh-ijkl-mnop')
  const { channel } = await connectWithAppPassword(murmur, scope, {
    network: 'bluesky',
    handle: 'cornerbakery.bsky.social',
    appPassword: 'abcd-efgh-ijkl-mnop',
    createdBy: user.id,
  })
  const schedulers: Scheduler[] = []
  const world: World = {
    t,
    murmur,
    clock,
    fake,
    scope,
    workspaceId: workspace.id,
    userId: user.id,
    channel,
    scheduler(options = {}) {
      const scheduler = new Scheduler(
        murmur,
        { random: () => 0.5, tickMs: 20, stopTimeoutMs: 2000, ...options },
        fake.asNetworks(),
      )
      schedulers.push(scheduler)
      return scheduler
    },
    async post(content, when = { type: 'now' }) {
      const post = await createPost(
        murmur,
        scope,
        {
          content: typeof content === 'string' ? text(content) : content,
          channels: [{ channel_id: channel.id }],
        },
        { createdBy: user.id, when },
      )
      return { postId: post.id, deliveryId: post.deliveries[0]!.id }
    },
    async delivery(id) {
      return murmur.db
        .selectFrom('deliveries')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    },
  }
  const cleanup = t.cleanup
  t.cleanup = async () => {
    for (const scheduler of schedulers) await scheduler.stop()
    await cleanup()
  }
  return world
}
