import {
  Anchor,
  Button,
  Card,
  EmptyState,
  Group,
  SegmentedControl,
  Stack,
  Text,
} from '@mantine/core'
import { IconConfetti, IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import { Link } from 'react-router'
import { type EventWhen, useEvents } from '../../api/events.js'
import type { MurmurEvent } from '../../api/page-types.js'
import { useCan, useCurrentWorkspace, workspaceHref } from '../../app/workspace-context.js'
import { PageHeader } from '../../components/page-header.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { EventStatusBadge, formatEventTime } from './event-status.js'

function placeOf(event: MurmurEvent): string {
  const place = [event.place?.name, event.place?.locality].filter(Boolean).join(', ')
  if (place && event.online_url) return `${place} and online`
  return place || (event.online_url ? 'Online' : 'No place yet')
}

export default function EventsPage() {
  const workspace = useCurrentWorkspace()
  const canWrite = useCan('content.write')
  const [when, setWhen] = useState<EventWhen>('upcoming')
  const events = useEvents(workspace.id, when)
  const newHref = workspaceHref(workspace.id, 'events/new')

  return (
    <Stack gap="lg">
      <PageHeader
        title="Events"
        description={`Things people can join. Times are in ${workspace.time_zone}.`}
        actions={
          canWrite && (
            <Button component={Link} to={newHref} leftSection={<IconPlus size={16} />}>
              New event
            </Button>
          )
        }
      />
      <SegmentedControl
        aria-label="Which events"
        value={when}
        onChange={(value) => setWhen(value as EventWhen)}
        data={[
          { value: 'upcoming', label: 'Upcoming' },
          { value: 'past', label: 'Past' },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      {events.isPending ? (
        <SectionLoader label="Loading events" />
      ) : events.isError ? (
        <ErrorState error={events.error} onRetry={() => events.refetch()} />
      ) : events.data.length === 0 ? (
        <EmptyState
          py="xl"
          icon={<IconConfetti size={28} aria-hidden />}
          title={when === 'upcoming' ? 'Bring people together' : 'No past events'}
          description={
            when === 'upcoming'
              ? 'Create an event: Murmur serves its page, announces it on your channels, and turns everyone who joins into a contact.'
              : 'Events that are over show here, with their attendee lists.'
          }
        >
          {canWrite && when === 'upcoming' && (
            <Button component={Link} to={newHref} mt="md" leftSection={<IconPlus size={16} />}>
              New event
            </Button>
          )}
        </EmptyState>
      ) : (
        <Stack gap="sm">
          {events.data.map((event) => (
            <Card key={event.id} withBorder radius="md" padding="md">
              <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Anchor
                    component={Link}
                    to={workspaceHref(workspace.id, `events/${encodeURIComponent(event.id)}`)}
                    fw={600}
                  >
                    {event.title}
                  </Anchor>
                  <Text size="sm" c="dimmed">
                    {formatEventTime(event.starts_at, event.time_zone)} · {placeOf(event)}
                  </Text>
                </Stack>
                <Group gap="xs">
                  <Text size="sm">
                    {event.attendee_count}
                    {event.capacity ? ` / ${event.capacity}` : ''} joined
                  </Text>
                  <EventStatusBadge status={event.status} />
                </Group>
              </Group>
            </Card>
          ))}
        </Stack>
      )}
    </Stack>
  )
}
