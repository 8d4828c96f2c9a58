import { Anchor, Group, Stack, Text, Timeline } from '@mantine/core'
import {
  IconArrowRight,
  IconClick,
  IconCornerDownRight,
  IconMessage,
  IconNote,
  IconShoppingCart,
} from '@tabler/icons-react'
import { Link } from 'react-router'
import type { TimelineItem } from '../../api/contact-types.js'
import { workspaceHref } from '../../app/workspace-context.js'
import { formatDateTime } from '../../lib/format.js'
import { NetworkIcon } from '../inbox/network-icon.js'

const ICONS = {
  message: IconMessage,
  reply: IconCornerDownRight,
  stage: IconArrowRight,
  note: IconNote,
  conversion: IconShoppingCart,
  click: IconClick,
}

function describe(item: TimelineItem): string {
  switch (item.type) {
    case 'message':
      return 'Wrote'
    case 'reply':
      return 'You replied'
    case 'stage':
      return item.from_stage
        ? `Stage ${item.from_stage} → ${item.to_stage}`
        : `Added as ${item.to_stage}`
    case 'note':
      return 'Note'
    case 'conversion':
      return `${item.conversion_kind ?? 'Conversion'}${item.amount != null ? `: ${item.amount} ${item.currency ?? ''}` : ''}${item.event_name ? ` (${item.event_name})` : ''}`
    case 'click':
      return 'Clicked a tracked link'
  }
}

export function ContactTimeline({
  workspaceId,
  items,
}: {
  workspaceId: string
  items: TimelineItem[]
}) {
  if (items.length === 0) return <Text c="dimmed">Nothing happened yet.</Text>
  return (
    <Timeline bulletSize={24} lineWidth={2} aria-label="Timeline">
      {items.map((item) => {
        const Icon = ICONS[item.type]
        return (
          <Timeline.Item
            key={`${item.type}-${item.id}`}
            bullet={<Icon size={14} aria-hidden />}
            data-timeline-type={item.type}
            title={
              <Group gap={6}>
                {item.network && <NetworkIcon network={item.network} size={14} />}
                <Text size="sm" fw={600}>
                  {describe(item)}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(item.at)}
                </Text>
              </Group>
            }
          >
            <Stack gap={2}>
              {item.text && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {item.text}
                </Text>
              )}
              {item.type === 'stage' && item.reason && (
                <Text size="sm" c="dimmed">
                  Why: {item.reason}
                </Text>
              )}
              {(item.sentiment || item.intent) && (
                <Text size="xs" c="dimmed">
                  {[item.intent, item.sentiment].filter(Boolean).join(' · ')}
                </Text>
              )}
              {item.conversation_id && (
                <Anchor
                  component={Link}
                  size="xs"
                  to={`${workspaceHref(workspaceId, 'inbox')}?c=${encodeURIComponent(item.conversation_id)}`}
                >
                  Open the conversation
                </Anchor>
              )}
            </Stack>
          </Timeline.Item>
        )
      })}
    </Timeline>
  )
}
