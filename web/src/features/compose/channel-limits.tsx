import { Group, Stack, Text } from '@mantine/core'
import { type ChannelCapabilities, useChannelCapabilities } from '../../api/oauth.js'
import type { Channel } from '../../api/publishing-types.js'
import { NETWORKS } from '../../lib/networks.js'

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`

/** "280 weighted characters · 4 images up to 5 MB · alt text 1,000 · threads · first comment". */
export function describeLimits(capabilities: ChannelCapabilities): string {
  const { text, media, alt_text: altText, threads } = capabilities
  const unit = text.counted_as === 'graphemes' ? 'characters' : text.counted_as
  const parts = [`${text.max_length.toLocaleString()} ${unit}`]
  if (media.max_count > 0) {
    parts.push(
      `${media.max_count} ${media.max_count === 1 ? 'image' : 'images'} up to ${megabytes(media.max_bytes)}${media.required ? ' (required)' : ''}`,
    )
  }
  if (altText) parts.push(`alt text ${altText.max_length.toLocaleString()}`)
  if (threads) parts.push(`threads up to ${threads.max_parts}`)
  if (capabilities.first_comment) parts.push('first comment')
  return parts.join(' · ')
}

/**
 * What each chosen channel allows, before anything is typed: per channel, since a Mastodon
 * instance sets its own limits.
 */
export function ChannelLimits({
  workspaceId,
  channels,
}: {
  workspaceId: string
  channels: Channel[]
}) {
  const results = useChannelCapabilities(
    workspaceId,
    channels.map((channel) => channel.id),
  )
  if (channels.length === 0) return null
  return (
    <Stack gap={2} aria-label="Limits of the chosen channels" data-testid="channel-limits">
      {channels.map((channel, index) => {
        const capabilities = results[index]?.data
        if (!capabilities) return null
        const network = NETWORKS[channel.network]
        return (
          <Group key={channel.id} gap={6} wrap="nowrap">
            <network.icon size={12} aria-hidden />
            <Text size="xs" c="dimmed">
              @{channel.handle}: {describeLimits(capabilities)}
            </Text>
          </Group>
        )
      })}
    </Stack>
  )
}
