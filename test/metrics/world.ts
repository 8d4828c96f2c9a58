import type { NetworkId } from '../../src/networks/spec/index.js'
import { installNetworks } from '../../src/services/publishing-networks.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { type ApiClient, apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type Dialect, type TestMurmur } from '../support/databases.js'
import { FakeMetricsNetwork } from './fake-metrics-network.js'

/** A Monday, 09:00 UTC (10:00 in Paris, the test workspace's time zone). */
export const START = Date.UTC(2027, 2, 1, 9, 0)
export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

/** A settable clock: every time Murmur reads is this one. */
export class Clock {
  constructor(public now: number) {}
  advance(ms: number): void {
    this.now += ms
  }
}

export interface SeededDelivery {
  postId: string
  deliveryId: string
  remoteId: string
}

export interface MetricsWorld {
  t: TestMurmur
  clock: Clock
  fake: FakeMetricsNetwork
  scope: WorkspaceScope
  workspaceId: string
  owner: ApiClient
  api: ReturnType<typeof apiFor>
  base: string
  /** Adds a channel on the fake network (credentials sealed like a real connection). */
  addChannel: (handle: string, network?: NetworkId) => Promise<string>
  /** A post published on `channelId` at `publishedAt` (seeded rows, as the scheduler leaves them). */
  publish: (input: {
    channelId: string
    publishedAt: number
    text?: string
    campaign?: string | null
    labels?: string[]
    network?: NetworkId
  }) => Promise<SeededDelivery>
  cleanup: () => Promise<void>
}

let sequence = 0

export async function createMetricsWorld(
  dialect: Dialect,
  network: NetworkId = 'bluesky',
): Promise<MetricsWorld> {
  const clock = new Clock(START)
  const t = await createTestMurmur(dialect, {}, { now: () => clock.now })
  const fake = new FakeMetricsNetwork(network)
  installNetworks(t.murmur, fake.asNetworks())
  const api = apiFor(t.murmur)
  const { owner, workspace } = await setUpOwner(api)
  const scope = new WorkspaceScope(t.murmur.db, workspace.id)
  return {
    t,
    clock,
    fake,
    scope,
    workspaceId: workspace.id,
    owner,
    api,
    base: `/api/v1/workspaces/${workspace.id}`,
    addChannel: (handle, channelNetwork = network) => addChannel(t, scope, handle, channelNetwork),
    publish: (input) => seedPublished(t, scope, { network, ...input }),
    cleanup: () => t.cleanup(),
  }
}

export async function addChannel(
  t: TestMurmur,
  scope: WorkspaceScope,
  handle: string,
  network: NetworkId,
): Promise<string> {
  const id = `ch_${network}_${handle.replace(/\W/g, '')}_${++sequence}`
  const now = t.murmur.now()
  await scope
    .insertInto('channels', {
      id,
      network,
      account_id: handle,
      handle,
      display_name: handle,
      avatar_url: null,
      service_url: null,
      credentials: t.murmur.secrets.seal(JSON.stringify({ account: handle, token: 'ok' })),
      status: 'active',
      status_reason: null,
      status_changed_at: null,
      created_by: null,
      created_at: now,
      updated_at: now,
    })
    .execute()
  return id
}

export async function seedPublished(
  _t: TestMurmur,
  scope: WorkspaceScope,
  input: {
    channelId: string
    publishedAt: number
    text?: string
    campaign?: string | null
    labels?: string[]
    network: NetworkId
  },
): Promise<SeededDelivery> {
  const n = ++sequence
  const postId = `pst_seed_${n.toString().padStart(6, '0')}`
  const deliveryId = `dlv_seed_${n.toString().padStart(6, '0')}`
  const remoteId = `remote-${n}`
  const at = input.publishedAt
  await scope
    .insertInto('posts', {
      id: postId,
      campaign_id: input.campaign ?? null,
      labels: JSON.stringify(input.labels ?? []),
      first_comment: null,
      created_by: null,
      created_at: at,
      updated_at: at,
    })
    .execute()
  await scope
    .insertInto('post_parts', {
      id: `prt_seed_${n}`,
      post_id: postId,
      delivery_id: null,
      position: 0,
      text: input.text ?? `Post number ${n}`,
    })
    .execute()
  await scope
    .insertInto('deliveries', {
      id: deliveryId,
      post_id: postId,
      channel_id: input.channelId,
      network: input.network,
      has_variant: 0,
      variant_first_comment: null,
      state: 'published',
      scheduled_at: at,
      via_queue: 0,
      next_attempt_at: null,
      attempts: 1,
      last_error: null,
      last_error_kind: null,
      remote_parts: JSON.stringify([{ id: remoteId, url: `https://example.test/${remoteId}` }]),
      remote_first_comment: null,
      remote_unconfirmed: null,
      warnings: '[]',
      started_at: at,
      published_at: at,
      late_ms: null,
      lease_owner: null,
      lease_expires_at: null,
      created_at: at,
      updated_at: at,
    })
    .execute()
  return { postId, deliveryId, remoteId }
}
