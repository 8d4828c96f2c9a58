import {
  ActionIcon,
  Button,
  EmptyState,
  Group,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core'
import { IconDownload, IconTrash, IconUsers } from '@tabler/icons-react'
import { useState } from 'react'
import { attendeesCsvPath, useAttendees, useRemoveAttendee } from '../../api/events.js'
import type { Attendee } from '../../api/page-types.js'
import { ConfirmModal } from '../../components/confirm-modal.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'
import { formatEventTime } from './event-status.js'

interface AttendeesTableProps {
  workspaceId: string
  eventId: string
  canWrite: boolean
  /** The workspace's zone, so join times read like the event's own times. */
  timeZone: string
}

/** Who joined, in order, with the CSV download and a way to take someone off the list. */
export function AttendeesTable({ workspaceId, eventId, canWrite, timeZone }: AttendeesTableProps) {
  const attendees = useAttendees(workspaceId, eventId)
  const remove = useRemoveAttendee(workspaceId, eventId)
  const [removing, setRemoving] = useState<Attendee | null>(null)

  if (attendees.isPending) return <SectionLoader label="Loading attendees" />
  if (attendees.isError)
    return <ErrorState error={attendees.error} onRetry={() => attendees.refetch()} />

  async function confirmRemove() {
    if (!removing) return
    try {
      await remove.mutateAsync(removing.id)
      notifySuccess(`${removing.name} is off the list; their place is free again.`)
      setRemoving(null)
    } catch (error) {
      notifyError(error, 'The attendee was not removed')
    }
  }

  return (
    <>
      <Group justify="space-between" mb="sm">
        <Text size="sm" c="dimmed">
          {attendees.data.length} joined. Each one is also a contact (stage lead).
        </Text>
        <Button
          component="a"
          href={attendeesCsvPath(workspaceId, eventId)}
          download
          variant="light"
          leftSection={<IconDownload size={16} />}
          disabled={attendees.data.length === 0}
        >
          Download CSV
        </Button>
      </Group>
      {attendees.data.length === 0 ? (
        <EmptyState
          py="lg"
          icon={<IconUsers size={28} aria-hidden />}
          title="Nobody has joined yet"
          description="Publish the event and announce it; people who join show here."
        />
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table striped highlightOnHover aria-label="Attendees">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Joined ({timeZone})</Table.Th>
                {canWrite && (
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {attendees.data.map((attendee) => (
                <Table.Tr key={attendee.id}>
                  <Table.Td>{attendee.name}</Table.Td>
                  <Table.Td>{attendee.email}</Table.Td>
                  <Table.Td>{formatEventTime(attendee.joined_at, timeZone)}</Table.Td>
                  {canWrite && (
                    <Table.Td>
                      <Tooltip label="Take off the list">
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Remove ${attendee.name}`}
                          onClick={() => setRemoving(attendee)}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ConfirmModal
        opened={removing !== null}
        title="Take this person off the list?"
        confirmLabel="Remove"
        onConfirm={confirmRemove}
        onClose={() => setRemoving(null)}
        loading={remove.isPending}
      >
        {removing?.name} ({removing?.email}) loses their place. Their contact stays.
      </ConfirmModal>
    </>
  )
}
