import {
  type Icon,
  IconBrandBluesky,
  IconBrandFacebook,
  IconBrandInstagram,
  IconBrandLinkedin,
  IconBrandMastodon,
  IconBrandThreads,
  IconBrandX,
} from '@tabler/icons-react'
import type { Channel, NetworkId } from '../api/publishing-types.js'

export interface NetworkInfo {
  id: NetworkId
  name: string
  /** The network's brand colour: used only where it identifies the network. */
  color: string
  icon: Icon
  /** How the network crops a single image in the feed (width / height). */
  singleImageAspect: number
}

/** Mirrors NETWORK_NAMES in src/networks/spec/network-id.ts. */
export const NETWORKS: Record<NetworkId, NetworkInfo> = {
  bluesky: {
    id: 'bluesky',
    name: 'Bluesky',
    color: '#1185FE',
    icon: IconBrandBluesky,
    singleImageAspect: 0,
  },
  x: { id: 'x', name: 'X', color: '#0F1419', icon: IconBrandX, singleImageAspect: 16 / 9 },
  mastodon: {
    id: 'mastodon',
    name: 'Mastodon',
    color: '#6364FF',
    icon: IconBrandMastodon,
    singleImageAspect: 16 / 9,
  },
  threads: {
    id: 'threads',
    name: 'Threads',
    color: '#101010',
    icon: IconBrandThreads,
    singleImageAspect: 0,
  },
  facebook: {
    id: 'facebook',
    name: 'Facebook',
    color: '#0866FF',
    icon: IconBrandFacebook,
    singleImageAspect: 0,
  },
  instagram: {
    id: 'instagram',
    name: 'Instagram',
    color: '#E1306C',
    icon: IconBrandInstagram,
    singleImageAspect: 1,
  },
  linkedin: {
    id: 'linkedin',
    name: 'LinkedIn',
    color: '#0A66C2',
    icon: IconBrandLinkedin,
    singleImageAspect: 0,
  },
}

/** Order networks appear in when connecting. */
export const NETWORK_ORDER: NetworkId[] = [
  'bluesky',
  'mastodon',
  'x',
  'threads',
  'linkedin',
  'facebook',
  'instagram',
]

/** "Bluesky @cornerbakery.bsky.social": how the server names a channel in its messages. */
export const channelLabel = (channel: Pick<Channel, 'network' | 'handle'>) =>
  `${NETWORKS[channel.network].name} @${channel.handle}`

/**
 * Calendar chips are coloured by channel: a calm palette, assigned in channel order so a
 * channel keeps its colour. The network is shown by its icon on the chip.
 */
const CHANNEL_PALETTE = ['blue', 'grape', 'teal', 'orange', 'pink', 'cyan', 'lime', 'violet']

export function channelColors(channels: Channel[]): Map<string, string> {
  const colors = new Map<string, string>()
  channels.forEach((channel, index) => {
    colors.set(channel.id, CHANNEL_PALETTE[index % CHANNEL_PALETTE.length] ?? 'blue')
  })
  return colors
}
