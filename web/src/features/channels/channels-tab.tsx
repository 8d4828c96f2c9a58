import { IconPlugConnected } from '@tabler/icons-react'
import { FeaturePlaceholder } from '../../components/feature-placeholder.js'

/** Settings > Channels: connecting accounts arrives with the publishing work. */
export function ChannelsTab() {
  return (
    <FeaturePlaceholder
      title="Channels"
      withHeader={false}
      icon={IconPlugConnected}
      purpose="Connect the social accounts and Pages your business posts to."
      comingNext={[
        'Connect X, Facebook, Instagram, LinkedIn, Threads, Mastodon and Bluesky',
        'Several accounts on the same network if you need them',
        'Weekly posting times for each channel',
      ]}
    />
  )
}
