import type { Murmur } from '../../src/murmur.js'
import { installNetworks } from '../../src/services/publishing-networks.js'
import type { ApiClient } from '../support/api.js'
import { FakeNetwork } from './fake-network.js'

const fakes = new WeakMap<Murmur, FakeNetwork>()

/** The fake Bluesky of one Murmur instance, installed on first use. */
export function fakeNetworkOf(murmur: Murmur): FakeNetwork {
  let fake = fakes.get(murmur)
  if (!fake) {
    fake = new FakeNetwork()
    fakes.set(murmur, fake)
    installNetworks(murmur, fake.asNetworks())
  }
  return fake
}

/** A 1×1 PNG. */
export const PIXEL_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=='

/**
 * One channel, one media item and one post (with its delivery) in a workspace, made through the
 * API as a person would, for the route-walking tests (tenant isolation, fuzzing).
 */
export async function createPublishingFixtures(
  client: ApiClient,
  workspaceId: string,
  murmur: Murmur,
): Promise<Record<'channel_id' | 'media_id' | 'post_id' | 'delivery_id', string>> {
  const base = `/api/v1/workspaces/${workspaceId}`
  const ok = async (
    response: Promise<{ status: number; body: Record<string, unknown>; text: string }>,
  ) => {
    const r = await response
    if (r.status >= 300) throw new Error(`publishing fixture failed: ${r.status} ${r.text}`)
    return r.body
  }
  const handle = `fixture-${workspaceId.slice(-8)}.bsky.social`
  fakeNetworkOf(murmur).addAccount(handle, 'fixt-ure0-pass-word')
  const channel = await ok(
    client.post(`${base}/channels/bluesky`, { handle, app_password: 'fixt-ure0-pass-word' }),
  )
  const media = await ok(
    client.post(`${base}/media`, { data_base64: PIXEL_PNG_BASE64, alt_text: 'A pixel' }),
  )
  const post = await ok(
    client.post(`${base}/posts`, {
      content: { parts: [{ text: 'Fixture post', media: [{ media_id: media.id }] }] },
      channels: [{ channel_id: channel.id }],
    }),
  )
  const deliveries = post.deliveries as Array<{ id: string }>
  return {
    channel_id: String(channel.id),
    media_id: String(media.id),
    post_id: String(post.id),
    delivery_id: deliveries[0]?.id ?? '',
  }
}
