import '@mantine/dates/styles.css'
import { Anchor, Button, Group, Popover, Stack, Text } from '@mantine/core'
import { DatePickerInput, TimeInput } from '@mantine/dates'
import { IconCalendarTime, IconClockPlus, IconDeviceFloppy, IconSend } from '@tabler/icons-react'
import { useQueries } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router'
import { slotsKey } from '../../api/channels.js'
import { get, seg } from '../../api/client.js'
import type { Channel, SlotList } from '../../api/publishing-types.js'
import { workspaceHref } from '../../app/workspace-context.js'
import { channelLabel } from '../../lib/networks.js'
import {
  dayKeyOf,
  formatInZone,
  instantAt,
  timeOfDay,
  toInstant,
  zoneLabel,
} from '../../lib/zoned-time.js'

export type SubmitKind = 'draft' | 'queue' | 'at' | 'now'

interface ScheduleActionsProps {
  workspaceId: string
  timeZone: string
  channels: Channel[]
  /** Errors stop everything but saving a draft. */
  blocked: boolean
  /** Nothing written yet. */
  pristine: boolean
  /** "Save draft", or "Save changes" for a post already scheduled. */
  saveLabel: string
  busy: SubmitKind | null
  onSubmit: (kind: SubmitKind, at?: number) => void
  /** The scheduled time of the post being edited, to start the picker from. */
  initialAt?: number | null
}

const QUARTER = 15 * 60_000

/** Save a draft, add to the queue (next free slot shown), schedule at a time, or publish now. */
export function ScheduleActions({
  workspaceId,
  timeZone,
  channels,
  blocked,
  pristine,
  saveLabel,
  busy,
  onSubmit,
  initialAt,
}: ScheduleActionsProps) {
  const slots = useQueries({
    queries: channels.map((channel) => ({
      queryKey: slotsKey(workspaceId, channel.id),
      queryFn: () =>
        get<SlotList>(`/api/v1/workspaces/${seg(workspaceId)}/channels/${seg(channel.id)}/slots`),
    })),
  })
  const nextFree = channels.map((channel, index) => ({
    channel,
    loading: slots[index]?.isPending ?? true,
    at: toInstant(slots[index]?.data?.next_free[0]),
  }))
  const withoutSlots = nextFree.filter((entry) => !entry.loading && entry.at === null)
  const none = channels.length === 0

  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Button
          variant="default"
          leftSection={<IconDeviceFloppy size={16} aria-hidden />}
          onClick={() => onSubmit('draft')}
          loading={busy === 'draft'}
          disabled={busy !== null && busy !== 'draft'}
        >
          {saveLabel}
        </Button>
        <Button
          variant="light"
          leftSection={<IconClockPlus size={16} aria-hidden />}
          onClick={() => onSubmit('queue')}
          loading={busy === 'queue'}
          disabled={
            none || blocked || withoutSlots.length > 0 || (busy !== null && busy !== 'queue')
          }
        >
          Add to queue
        </Button>
        <SchedulePopover
          timeZone={timeZone}
          disabled={none || blocked || (busy !== null && busy !== 'at')}
          loading={busy === 'at'}
          initialAt={initialAt ?? null}
          onSchedule={(at) => onSubmit('at', at)}
        />
        <Button
          leftSection={<IconSend size={16} aria-hidden />}
          onClick={() => onSubmit('now')}
          loading={busy === 'now'}
          disabled={none || blocked || (busy !== null && busy !== 'now')}
        >
          Publish now
        </Button>
      </Group>
      {!none && (
        <Text size="xs" c="dimmed" data-testid="next-slot">
          {withoutSlots.length > 0 ? (
            <>
              {withoutSlots.map((entry) => channelLabel(entry.channel)).join(', ')}{' '}
              {withoutSlots.length === 1 ? 'has' : 'have'} no posting times, so the queue is off.{' '}
              <Anchor
                component={Link}
                to={workspaceHref(workspaceId, 'settings/channels')}
                size="xs"
              >
                Set posting times
              </Anchor>
            </>
          ) : (
            nextFree
              .filter((entry) => entry.at !== null)
              .map((entry) => {
                const when = formatInZone(entry.at ?? 0, timeZone)
                return channels.length === 1
                  ? `Next free slot: ${when}`
                  : `${channelLabel(entry.channel)}: ${when}`
              })
              .join(' · ')
          )}
          {blocked &&
            (pristine
              ? ' Write the post to schedule it.'
              : ' Fix the problems above to schedule; a draft can be saved as it is.')}
        </Text>
      )}
    </Stack>
  )
}

function SchedulePopover({
  timeZone,
  disabled,
  loading,
  initialAt,
  onSchedule,
}: {
  timeZone: string
  disabled: boolean
  loading: boolean
  initialAt: number | null
  onSchedule: (at: number) => void
}) {
  const [opened, setOpened] = useState(false)
  const start =
    initialAt && initialAt > Date.now()
      ? initialAt
      : Math.ceil((Date.now() + 3_600_000) / QUARTER) * QUARTER
  const [day, setDay] = useState<string | null>(dayKeyOf(start, timeZone))
  const [time, setTime] = useState(timeOfDay(start, timeZone))
  const at = day && /^\d\d:\d\d$/.test(time) ? instantAt(day, time, timeZone) : null
  const past = at !== null && at < Date.now()

  return (
    <Popover opened={opened} onChange={setOpened} position="top" withArrow shadow="md" trapFocus>
      <Popover.Target>
        <Button
          variant="light"
          leftSection={<IconCalendarTime size={16} aria-hidden />}
          onClick={() => setOpened((open) => !open)}
          disabled={disabled}
          loading={loading}
          aria-haspopup="dialog"
        >
          Schedule…
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="sm" w={260} role="dialog" aria-label="Schedule at a date and time">
          <DatePickerInput
            label="Date"
            value={day}
            onChange={setDay}
            minDate={dayKeyOf(Date.now(), timeZone)}
            popoverProps={{ withinPortal: false }}
            valueFormat="ddd, MMM D, YYYY"
          />
          <TimeInput
            label="Time"
            value={time}
            onChange={(event) => setTime(event.currentTarget.value)}
            error={past ? 'This time has passed' : undefined}
          />
          <Text size="xs" c="dimmed">
            Time zone: {zoneLabel(timeZone, at ?? Date.now())}
          </Text>
          <Button
            onClick={() => {
              if (at === null || past) return
              setOpened(false)
              onSchedule(at)
            }}
            disabled={at === null || past}
          >
            {at !== null && !past ? `Schedule for ${formatInZone(at, timeZone)}` : 'Schedule'}
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  )
}
