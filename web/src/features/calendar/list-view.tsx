import { Badge, Card, Group, Stack, Text, Title, UnstyledButton } from '@mantine/core'
import { memo } from 'react'
import type { DayKey } from '../../lib/zoned-time.js'
import { ChannelAvatar } from '../channels/channel-avatar.js'
import { type CalendarItem, STATE_LOOK } from './calendar-items.js'
import { dayHeading } from './grid-views.js'

interface ListViewProps {
  items: CalendarItem[]
  drafts: CalendarItem[]
  onOpen: (item: CalendarItem) => void
  today: DayKey
}

/** The period as a list, day by day, then the drafts: the view that works best on a phone. */
export const ListView = memo(function ListView({ items, drafts, onOpen, today }: ListViewProps) {
  const days: Array<{ day: DayKey; items: CalendarItem[] }> = []
  for (const item of items) {
    const last = days.at(-1)
    if (last?.day === item.day) last.items.push(item)
    else days.push({ day: item.day, items: [item] })
  }
  return (
    <Stack gap="lg">
      {days.length === 0 && (
        <Text c="dimmed" size="sm" ta="center" py="lg">
          Nothing scheduled or published in this period.
        </Text>
      )}
      {days.map(({ day, items: dayItems }) => (
        <Stack key={day} gap="xs" component="section" aria-label={dayHeading(day)}>
          <Title order={3} size="h6" c={day === today ? 'var(--mantine-color-anchor)' : undefined}>
            {dayHeading(day)}
            {day === today && ' · Today'}
          </Title>
          <Card withBorder radius="md" padding={0}>
            {dayItems.map((item, index) => (
              <ListRow key={item.key} item={item} onOpen={onOpen} first={index === 0} />
            ))}
          </Card>
        </Stack>
      ))}
      {drafts.length > 0 && (
        <Stack gap="xs" component="section" aria-label="Drafts">
          <Title order={3} size="h6">
            Drafts
          </Title>
          <Card withBorder radius="md" padding={0}>
            {drafts.map((item, index) => (
              <ListRow key={item.key} item={item} onOpen={onOpen} first={index === 0} draft />
            ))}
          </Card>
        </Stack>
      )}
    </Stack>
  )
})

function ListRow({
  item,
  onOpen,
  first,
  draft = false,
}: {
  item: CalendarItem
  onOpen: (item: CalendarItem) => void
  first: boolean
  draft?: boolean
}) {
  const look = STATE_LOOK[item.state]
  return (
    <UnstyledButton
      onClick={() => onOpen(item)}
      w="100%"
      px="md"
      py="sm"
      style={{
        borderTop: first ? undefined : '1px solid var(--mantine-color-default-border)',
        display: 'block',
      }}
      aria-label={`${draft ? 'Draft' : item.time}, @${item.channel?.handle ?? 'removed channel'}, ${look.label}: ${item.excerpt}`}
    >
      <Group wrap="nowrap" gap="sm" align="flex-start">
        <Text
          size="sm"
          fw={600}
          w={44}
          style={{ fontVariantNumeric: 'tabular-nums', flexShrink: 0 }}
        >
          {draft ? '—' : item.time}
        </Text>
        {item.channel && <ChannelAvatar channel={item.channel} size={28} />}
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Text size="sm" lineClamp={2}>
            {item.excerpt}
          </Text>
          <Group gap={6}>
            <Badge
              size="xs"
              variant="light"
              color={look.color}
              leftSection={<look.icon size={10} aria-hidden />}
            >
              {look.label}
            </Badge>
            <Text size="xs" c="dimmed" truncate="end">
              @{item.channel?.handle ?? 'removed channel'}
            </Text>
          </Group>
        </Stack>
      </Group>
    </UnstyledButton>
  )
}
