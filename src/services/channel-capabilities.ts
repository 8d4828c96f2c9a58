import type { Murmur } from '../murmur.js'
import type { NetworkCapabilities, SocialNetworkV1 } from '../networks/spec/index.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import type { Channel } from './channels.js'
import { loadChannelLimits } from './oauth-channels.js'
import { networksOf } from './publishing-networks.js'

/** Networks whose rules depend on the channel's server (Mastodon). */
interface LimitedPerServer {
  withInstanceLimits(limits: never): SocialNetworkV1
}

const isLimitedPerServer = (
  network: SocialNetworkV1,
): network is SocialNetworkV1 & LimitedPerServer =>
  typeof (network as Partial<LimitedPerServer>).withInstanceLimits === 'function'

/**
 * The network as one channel sees it: a Mastodon channel gets its instance's limits (stored when
 * it was connected), so counters and checks say what that server will say.
 */
export async function networkForChannel(
  murmur: Murmur,
  scope: WorkspaceScope,
  channel: Pick<Channel, 'id' | 'network'>,
): Promise<SocialNetworkV1 | undefined> {
  const network = networksOf(murmur).get(channel.network)
  if (!network || !isLimitedPerServer(network)) return network
  const limits = await loadChannelLimits(scope, channel.id)
  return limits ? network.withInstanceLimits(limits as never) : network
}

/** Capabilities as JSON for the composer: what to count and the limits, before anything is typed. */
export interface CapabilitiesView {
  channel_id: string
  network: Channel['network']
  name: string
  text: { max_length: number; counted_as: string }
  media: { max_count: number; max_bytes: number; mime_types: string[]; required: boolean }
  alt_text: { max_length: number; required: boolean } | null
  threads: { max_parts: number } | null
  first_comment: boolean
  replies: boolean
  delete: boolean
  metrics: string[]
}

export function presentCapabilities(
  channel: Pick<Channel, 'id' | 'network'>,
  name: string,
  capabilities: NetworkCapabilities,
): CapabilitiesView {
  const { text, media, altText, threads } = capabilities
  return {
    channel_id: channel.id,
    network: channel.network,
    name,
    text: { max_length: text.maxLength, counted_as: text.countedAs },
    media: {
      max_count: media.maxCount,
      max_bytes: media.maxBytes,
      mime_types: [...media.mimeTypes],
      required: media.required,
    },
    alt_text: altText ? { max_length: altText.maxLength, required: altText.required } : null,
    threads: threads ? { max_parts: threads.maxParts } : null,
    first_comment: capabilities.firstComment,
    replies: capabilities.replies,
    delete: capabilities.delete,
    metrics: [...capabilities.metrics],
  }
}
