import { Badge, Group, Text, Tooltip } from '@mantine/core'
import { useChannelCapabilities } from '../../api/oauth.js'
import type { ChannelCheck, NetworkId } from '../../api/publishing-types.js'
import { NETWORKS } from '../../lib/networks.js'
import { counterView } from './counter-model.js'

export interface CounterTarget {
  channelId: string
  network: NetworkId
  label: string
}

/**
 * "241 / 280" for each channel the text goes to, red past the limit: counted in the browser the
 * network's way as soon as someone types (limit and unit from the channel's capabilities), then
 * the server's count once /posts/validate answers.
 */
export function PartCounters({
  workspaceId,
  id,
  part,
  text,
  firstComment = false,
  targets,
  checks,
}: {
  workspaceId: string
  id: string
  /** 1-based; ignored for the first comment. */
  part: number
  text: string
  firstComment?: boolean
  targets: CounterTarget[]
  checks: Map<string, ChannelCheck>
}) {
  const capabilities = useChannelCapabilities(
    workspaceId,
    targets.map((target) => target.channelId),
  )
  if (targets.length === 0) return null
  return (
    <Group gap={6} id={id} aria-live="polite">
      {targets.map((target, index) => {
        const check = checks.get(target.channelId)
        const counter = check?.counters.find((c) =>
          firstComment ? c.first_comment : c.part === part && !c.first_comment,
        )
        const network = NETWORKS[target.network]
        const view = counterView({
          network: target.network,
          text,
          counter,
          limit: capabilities[index]?.data?.text,
        })
        const shown = `${view.length.toLocaleString()} / ${view.max === null ? '…' : view.max.toLocaleString()}`
        const label = `${target.label}: ${shown} ${view.unit}${view.over ? ' — too long' : ''}`
        return (
          <Tooltip key={target.channelId} label={label}>
            <Badge
              variant={view.over ? 'filled' : 'light'}
              color={view.over ? 'red' : 'gray'}
              tt="none"
              fw={500}
              leftSection={network ? <network.icon size={12} aria-hidden /> : undefined}
              data-counter={target.channelId}
              data-network={target.network}
              data-estimated={view.estimated || undefined}
              aria-label={label.replace(' — ', ', ')}
            >
              {shown}
            </Badge>
          </Tooltip>
        )
      })}
      {targets.length === 1 && (
        <Text size="xs" c="dimmed" visibleFrom="xs">
          characters
        </Text>
      )}
    </Group>
  )
}
