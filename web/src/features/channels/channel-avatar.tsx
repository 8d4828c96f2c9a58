import { Avatar, Box, Indicator } from '@mantine/core'
import type { Channel, NetworkId } from '../../api/publishing-types.js'
import { NETWORKS } from '../../lib/networks.js'

export function NetworkIcon({ network, size = 16 }: { network: NetworkId; size?: number }) {
  const { icon: Icon, name } = NETWORKS[network]
  return <Icon size={size} aria-label={name} role="img" stroke={1.8} />
}

/** The account's picture with its network's mark in the corner. */
export function ChannelAvatar({
  channel,
  size = 40,
}: {
  channel: Pick<Channel, 'network' | 'handle' | 'display_name' | 'avatar_url'>
  size?: number
}) {
  const network = NETWORKS[channel.network]
  const badge = Math.max(14, Math.round(size * 0.45))
  return (
    <Indicator
      position="bottom-end"
      size={badge}
      offset={Math.round(size * 0.12)}
      withBorder
      color={network.color}
      label={
        <Box c="white" style={{ display: 'flex' }}>
          <network.icon size={badge - 6} stroke={2} aria-hidden />
        </Box>
      }
    >
      <Avatar
        src={channel.avatar_url ?? undefined}
        alt=""
        size={size}
        radius="xl"
        name={channel.display_name || channel.handle}
        color="initials"
      />
    </Indicator>
  )
}
