import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Modal,
  Pill,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core'
import { TimeInput } from '@mantine/dates'
import { IconPlus } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { useReplaceSlots, useSlots } from '../../api/channels.js'
import type { Channel, Weekday } from '../../api/publishing-types.js'
import { useCan, useCurrentWorkspace } from '../../app/workspace-context.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { errorMessage, notifySuccess } from '../../lib/notify.js'
import { formatInZone, toInstant, zoneLabel } from '../../lib/zoned-time.js'

const WEEKDAYS: Array<{ id: Weekday; name: string }> = [
  { id: 'mon', name: 'Monday' },
  { id: 'tue', name: 'Tuesday' },
  { id: 'wed', name: 'Wednesday' },
  { id: 'thu', name: 'Thursday' },
  { id: 'fri', name: 'Friday' },
  { id: 'sat', name: 'Saturday' },
  { id: 'sun', name: 'Sunday' },
]

type Week = Record<Weekday, string[]>
const emptyWeek = (): Week => ({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] })

/** The channel's queue: weekly times that "Add to queue" fills, in the workspace's zone. */
export function PostingTimesModal({
  channel,
  onClose,
}: {
  channel: Channel | null
  onClose: () => void
}) {
  return (
    <Modal
      opened={channel !== null}
      onClose={onClose}
      title={channel ? `Posting times of @${channel.handle}` : ''}
      centered
      size="lg"
    >
      {channel && <PostingTimesForm channel={channel} onDone={onClose} />}
    </Modal>
  )
}

function PostingTimesForm({ channel, onDone }: { channel: Channel; onDone: () => void }) {
  const workspace = useCurrentWorkspace()
  const canEdit = useCan('content.write')
  const slots = useSlots(workspace.id, channel.id)
  const replace = useReplaceSlots(workspace.id, channel.id)
  const [week, setWeek] = useState<Week | null>(null)
  const [adding, setAdding] = useState<Record<Weekday, string>>({
    mon: '09:30',
    tue: '09:30',
    wed: '09:30',
    thu: '09:30',
    fri: '09:30',
    sat: '10:00',
    sun: '10:00',
  })

  useEffect(() => {
    if (!slots.data || week) return
    const loaded = emptyWeek()
    for (const slot of slots.data.data) loaded[slot.weekday].push(slot.time)
    for (const day of WEEKDAYS) loaded[day.id].sort()
    setWeek(loaded)
  }, [slots.data, week])

  if (slots.isPending || (!week && !slots.isError))
    return <SectionLoader label="Loading posting times" />
  if (slots.isError || !week)
    return <ErrorState error={slots.error} onRetry={() => slots.refetch()} />

  const timeZone = slots.data?.time_zone ?? workspace.time_zone
  const total = WEEKDAYS.reduce((sum, day) => sum + week[day.id].length, 0)

  function add(day: Weekday) {
    const time = adding[day]
    if (!/^\d\d:\d\d$/.test(time)) return
    setWeek((current) =>
      current && !current[day].includes(time)
        ? { ...current, [day]: [...current[day], time].sort() }
        : current,
    )
  }

  function remove(day: Weekday, time: string) {
    setWeek((current) => current && { ...current, [day]: current[day].filter((t) => t !== time) })
  }

  function weekdaysAt(time: string) {
    setWeek({ ...emptyWeek(), mon: [time], tue: [time], wed: [time], thu: [time], fri: [time] })
  }

  function save() {
    if (!week) return
    const list = WEEKDAYS.flatMap((day) => week[day.id].map((time) => ({ weekday: day.id, time })))
    replace.mutate(list, {
      onSuccess: () => {
        notifySuccess(
          list.length
            ? `@${channel.handle} has ${list.length} posting ${list.length === 1 ? 'time' : 'times'} a week.`
            : `@${channel.handle} has no posting times: "Add to queue" is off for it.`,
          'Posting times saved',
        )
        onDone()
      },
    })
  }

  const next = slots.data?.next_free[0]
  const nextAt = toInstant(next)

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        “Add to queue” gives a post the next free time of each channel. Times are in{' '}
        <Text span fw={500} c="var(--mantine-color-text)">
          {zoneLabel(timeZone)}
        </Text>
        .{nextAt !== null && <> Next free time: {formatInZone(nextAt, timeZone)}.</>}
      </Text>
      {total === 0 && canEdit && (
        <Alert variant="light">
          <Group justify="space-between" gap="xs">
            <Text size="sm">No posting times yet.</Text>
            <Button size="xs" variant="light" onClick={() => weekdaysAt('09:30')}>
              Weekdays at 09:30
            </Button>
          </Group>
        </Alert>
      )}
      <Table.ScrollContainer minWidth={420} type="native">
        <Table verticalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={110}>Day</Table.Th>
              <Table.Th>Times</Table.Th>
              {canEdit && (
                <Table.Th w={150}>
                  <VisuallyHidden>Add a time</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {WEEKDAYS.map((day) => (
              <Table.Tr key={day.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {day.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={6}>
                    {week[day.id].length === 0 && (
                      <Text size="sm" c="dimmed">
                        None
                      </Text>
                    )}
                    {week[day.id].map((time) => (
                      <Pill
                        key={time}
                        withRemoveButton={canEdit}
                        onRemove={() => remove(day.id, time)}
                        removeButtonProps={{ 'aria-label': `Remove ${day.name} ${time}` }}
                      >
                        {time}
                      </Pill>
                    ))}
                  </Group>
                </Table.Td>
                {canEdit && (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <TimeInput
                        size="xs"
                        aria-label={`New time on ${day.name}`}
                        value={adding[day.id]}
                        onChange={(event) => {
                          const value = event.currentTarget.value
                          setAdding((current) => ({ ...current, [day.id]: value }))
                        }}
                        onKeyDown={(event) => {
                          if (event.key === 'Enter') {
                            event.preventDefault()
                            add(day.id)
                          }
                        }}
                      />
                      <ActionIcon
                        variant="light"
                        onClick={() => add(day.id)}
                        aria-label={`Add ${adding[day.id]} on ${day.name}`}
                      >
                        <IconPlus size={16} aria-hidden />
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {replace.error && (
        <Alert color="red" variant="light">
          {errorMessage(replace.error)}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {canEdit ? 'Cancel' : 'Close'}
        </Button>
        {canEdit && (
          <Button onClick={save} loading={replace.isPending}>
            Save posting times
          </Button>
        )}
      </Group>
    </Stack>
  )
}
