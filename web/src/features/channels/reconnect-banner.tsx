import { Alert, Anchor, Text } from '@mantine/core'
import { IconAlertTriangle, IconClock } from '@tabler/icons-react'
import { Link } from 'react-router'
import { useChannels } from '../../api/channels.js'
import { usePublishingStatus } from '../../api/posts.js'
import { workspaceHref } from '../../app/workspace-context.js'
import { NETWORKS } from '../../lib/networks.js'

/**
 * Across every screen while a channel needs reconnecting (product.md): nothing is published to
 * it until someone signs in again, so it must not go unnoticed.
 */
export function ReconnectBanner({ workspaceId }: { workspaceId: string }) {
  const status = usePublishingStatus(workspaceId)
  const broken = status.data?.channels_needing_reconnect ?? []
  if (broken.length === 0) return <ReconnectSoonBanner workspaceId={workspaceId} />
  const [first] = broken
  const title =
    broken.length === 1 && first
      ? `${NETWORKS[first.network]?.name ?? first.network} @${first.handle} needs reconnecting`
      : `${broken.length} channels need reconnecting`
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={18} aria-hidden />}
      title={title}
      mb="lg"
      role="alert"
    >
      <Text size="sm">
        {broken.length === 1 && first?.reason ? `${first.reason} ` : ''}
        Nothing is published there until it is reconnected.{' '}
        <Anchor
          component={Link}
          to={workspaceHref(workspaceId, 'settings/channels')}
          size="sm"
          fw={600}
        >
          Reconnect in Settings › Channels
        </Anchor>
      </Text>
    </Alert>
  )
}

/**
 * A week before a connection Murmur cannot renew ends (LinkedIn's 60 days), so the owner
 * reconnects while posts still go out instead of after they stop.
 */
function ReconnectSoonBanner({ workspaceId }: { workspaceId: string }) {
  const channels = useChannels(workspaceId)
  const ending = (channels.data ?? []).filter(
    (channel) => channel.status === 'active' && channel.reconnect_soon,
  )
  const [first] = ending
  if (!first) return null
  const title =
    ending.length === 1
      ? `Reconnect ${NETWORKS[first.network]?.name ?? first.network} @${first.handle} soon`
      : `${ending.length} channels need reconnecting soon`
  return (
    <Alert
      color="yellow"
      variant="light"
      icon={<IconClock size={18} aria-hidden />}
      title={title}
      mb="lg"
      role="status"
    >
      <Text size="sm">
        {ending.length === 1 && first.reconnect_message ? `${first.reconnect_message} ` : ''}
        <Anchor
          component={Link}
          to={workspaceHref(workspaceId, 'settings/channels')}
          size="sm"
          fw={600}
        >
          Reconnect in Settings › Channels
        </Anchor>
      </Text>
    </Alert>
  )
}
