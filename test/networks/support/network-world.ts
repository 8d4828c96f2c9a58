/**
 * A migrated Murmur with a workspace and its owner, a settable clock, and helpers to add channels
 * on the network fakes, upload media and publish through the real scheduler.
 */
import type { Selectable } from 'kysely'
import type { Config } from '../../../src/config.js'
import { Scheduler } from '../../../src/jobs/scheduler.js'
import type { Murmur } from '../../../src/murmur.js'
import type { NetworkCredentials, NetworkId } from '../../../src/networks/spec/index.js'
import { createUser } from '../../../src/services/accounts.js'
import type { Channel } from '../../../src/services/channels.js'
import { uploadMedia } from '../../../src/services/media.js'
import { saveConnectedChannel } from '../../../src/services/oauth-channels.js'
import type { PostContent } from '../../../src/services/post-content.js'
import { createPost } from '../../../src/services/posts.js'
import { createWorkspace } from '../../../src/services/workspaces.js'
import type { DeliveriesTable } from '../../../src/storage/tables/publishing.js'
import { WorkspaceScope } from '../../../src/storage/workspace-scope.js'
import { type ApiClient, apiFor } from '../../support/api.js'
import { createTestMurmur, type Dialect, type TestMurmur } from '../../support/databases.js'

export class Clock {
  constructor(public now: number) {}
  advance(ms: number): void {
    this.now += ms
  }
}

export interface NetworkWorld {
  t: TestMurmur
  murmur: Murmur
  clock: Clock
  scope: WorkspaceScope
  workspaceId: string
  userId: string
  connect(
    network: NetworkId,
    account: { accountId: string; handle: string; credentials: NetworkCredentials },
  ): Promise<Channel>
  upload(bytes: Uint8Array, altText?: string): Promise<string>
  /** The API as the signed-in owner. */
  owner(): Promise<ApiClient>
  /** Publishes now to one channel through the scheduler; resolves to the delivery row. */
  publish(channelId: string, content: PostContent): Promise<Selectable<DeliveriesTable>>
}

export async function createNetworkWorld(
  dialect: Dialect,
  options: { config?: Partial<Config>; start?: number } = {},
): Promise<NetworkWorld> {
  const clock = new Clock(options.start ?? Date.now())
  const t = await createTestMurmur(dialect, options.config ?? {}, { now: () => clock.now })
  const { murmur } = t
  const email = `owner-${Math.random().toString(36).slice(2)}@bakery.example`
  const password = 'correct horse battery'
  const user = await createUser(murmur, { email, password })
  const workspace = await createWorkspace(murmur, {
    name: 'Corner Bakery',
    timeZone: 'Europe/Paris',
    ownerId: user.id,
  })
  const scope = new WorkspaceScope(murmur.db, workspace.id)
  return {
    t,
    murmur,
    clock,
    scope,
    workspaceId: workspace.id,
    userId: user.id,
    async connect(network, account) {
      const { channel } = await saveConnectedChannel(murmur, scope, {
        network,
        account,
        createdBy: user.id,
      })
      return channel
    },
    async upload(bytes, altText) {
      const media = await uploadMedia(murmur, scope, { bytes, altText, createdBy: user.id })
      return media.id
    },
    async owner() {
      const client = apiFor(murmur).client()
      const signedIn = await client.post('/api/v1/session', { email, password })
      if (signedIn.status >= 300) throw new Error(`sign-in failed: ${signedIn.text}`)
      return client
    },
    async publish(channelId, content) {
      const post = await createPost(
        murmur,
        scope,
        { content, channels: [{ channel_id: channelId }] },
        { createdBy: user.id, when: { type: 'now' } },
      )
      const scheduler = new Scheduler(murmur, { random: () => 0.5, tickMs: 20 })
      try {
        await scheduler.drain()
      } finally {
        await scheduler.stop()
      }
      const deliveryId = post.deliveries[0]?.id ?? ''
      return murmur.db
        .selectFrom('deliveries')
        .selectAll()
        .where('id', '=', deliveryId)
        .executeTakeFirstOrThrow()
    },
  }
}
