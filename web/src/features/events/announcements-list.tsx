import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { Link } from 'react-router'
import { useAnnouncements } from '../../api/events.js'
import { workspaceHref } from '../../app/workspace-context.js'
import { formatDateTime } from '../../lib/format.js'

const STATE_COLOR: Record<string, string> = {
  draft: 'gray',
  scheduled: 'blue',
  publishing: 'blue',
  published: 'green',
  failed: 'red',
  unconfirmed: 'yellow',
}

/** The event's announcement posts; they are normal posts, edited and retried in the calendar. */
export function AnnouncementsList({
  workspaceId,
  eventId,
}: {
  workspaceId: string
  eventId: string
}) {
  const announcements = useAnnouncements(workspaceId, eventId)
  if (!announcements.data || announcements.data.length === 0) return null
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          Announcements
        </Title>
        <Anchor component={Link} to={workspaceHref(workspaceId, 'calendar')} size="sm">
          Open the calendar
        </Anchor>
      </Group>
      <Stack gap="xs">
        {announcements.data.map((post) => (
          <Stack key={post.id} gap={4}>
            <Text size="sm" lineClamp={2}>
              {post.content.parts[0]?.text ?? ''}
            </Text>
            <Group gap={6}>
              {post.deliveries.map((delivery) => (
                <Badge
                  key={delivery.id}
                  variant="light"
                  color={STATE_COLOR[delivery.state] ?? 'gray'}
                >
                  {delivery.network}: {delivery.state}
                  {delivery.scheduled_at && delivery.state === 'scheduled'
                    ? ` ${formatDateTime(delivery.scheduled_at)}`
                    : ''}
                </Badge>
              ))}
            </Group>
          </Stack>
        ))}
      </Stack>
    </Paper>
  )
}
