import { Badge, Group, Text, Tooltip } from '@mantine/core'
import type { ChannelCheck } from '../../api/publishing-types.js'
import { NETWORKS } from '../../lib/networks.js'

export interface CounterTarget {
  channelId: string
  label: string
}

/** "241 / 300" for each channel the text goes to, red past the limit. */
export function PartCounters({
  id,
  part,
  firstComment = false,
  targets,
  checks,
}: {
  id: string
  /** 1-based; ignored for the first comment. */
  part: number
  firstComment?: boolean
  targets: CounterTarget[]
  checks: Map<string, ChannelCheck>
}) {
  if (targets.length === 0) return null
  return (
    <Group gap={6} id={id} aria-live="polite">
      {targets.map((target) => {
        const check = checks.get(target.channelId)
        const counter = check?.counters.find((c) =>
          firstComment ? c.first_comment : c.part === part && !c.first_comment,
        )
        const network = check ? NETWORKS[check.network] : null
        const over = counter ? counter.length > counter.max : false
        const text = counter
          ? `${counter.length.toLocaleString()} / ${counter.max.toLocaleString()}`
          : '… / …'
        const unit = counter?.counted_as === 'graphemes' ? 'characters' : counter?.counted_as
        return (
          <Tooltip
            key={target.channelId}
            label={`${target.label}: ${text} ${unit ?? 'characters'}${over ? ' — too long' : ''}`}
          >
            <Badge
              variant={over ? 'filled' : 'light'}
              color={over ? 'red' : 'gray'}
              tt="none"
              fw={500}
              leftSection={network ? <network.icon size={12} aria-hidden /> : undefined}
              data-counter={target.channelId}
              aria-label={`${target.label}: ${text} ${unit ?? 'characters'}${over ? ', too long' : ''}`}
            >
              {text}
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
