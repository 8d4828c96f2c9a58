import {
  Alert,
  Button,
  Group,
  Modal,
  MultiSelect,
  SegmentedControl,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core'
import { useState } from 'react'
import { useChannels } from '../../api/channels.js'
import { isApiError } from '../../api/client.js'
import { useAnnounceEvent } from '../../api/events.js'
import type { AnnounceInput, MurmurEvent } from '../../api/page-types.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'
import { zonedTimeToInstant } from '../../lib/zoned-time.js'

type WhenChoice = 'draft' | 'queue' | 'now' | 'at'

interface AnnounceModalProps {
  opened: boolean
  onClose: () => void
  workspaceId: string
  timeZone: string
  event: MurmurEvent
}

/** "2026-12-05T18:00" typed in the workspace's zone, as an ISO instant. */
function instantOf(local: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local)
  if (!match) return null
  const [, year, month, day, hour, minute] = match.map(Number)
  return new Date(
    zonedTimeToInstant(
      { year: year ?? 0, month: month ?? 1, day: day ?? 1, hour: hour ?? 0, minute: minute ?? 0 },
      timeZone,
    ),
  ).toISOString()
}

/** One post about the event to the chosen channels, through the normal scheduler. */
export function AnnounceModal({
  opened,
  onClose,
  workspaceId,
  timeZone,
  event,
}: AnnounceModalProps) {
  const channels = useChannels(workspaceId)
  const announce = useAnnounceEvent(workspaceId, event.id)
  const [chosen, setChosen] = useState<string[]>([])
  const [text, setText] = useState('')
  const [when, setWhen] = useState<WhenChoice>('queue')
  const [at, setAt] = useState('')
  const errors = isApiError(announce.error) ? announce.error.fieldErrors : {}

  async function submit() {
    const input: AnnounceInput = { channels: chosen }
    if (text.trim()) input.text = text
    if (when === 'queue' || when === 'now') input.schedule = { type: when }
    if (when === 'at') {
      const instant = instantOf(at, timeZone)
      if (!instant) {
        notifyError(new Error('Pick a date and time for the post.'), 'No time chosen')
        return
      }
      input.schedule = { type: 'at', at: instant }
    }
    try {
      await announce.mutateAsync(input)
      notifySuccess(
        when === 'draft'
          ? 'The announcement is saved as a draft. Find it in the calendar.'
          : when === 'now'
            ? 'The announcement is on its way.'
            : 'The announcement is scheduled. Find it in the calendar.',
      )
      onClose()
    } catch (error) {
      notifyError(error, 'The event was not announced')
    }
  }

  const options = (channels.data ?? []).map((channel) => ({
    value: channel.id,
    label: `${channel.display_name || channel.handle} (${channel.network})`,
  }))

  return (
    <Modal opened={opened} onClose={onClose} title="Announce the event" centered size="lg">
      <Stack gap="sm">
        {event.status !== 'published' && (
          <Alert color="yellow" variant="light">
            Publish the event first: the announcement links to its page.
          </Alert>
        )}
        {channels.isSuccess && options.length === 0 && (
          <Alert variant="light">
            Connect a channel in Settings › Channels to announce events.
          </Alert>
        )}
        <MultiSelect
          label="Channels"
          placeholder="Choose channels"
          data={options}
          value={chosen}
          onChange={setChosen}
          error={errors.channels}
          searchable
        />
        <Textarea
          label="Text"
          description="{link} becomes a tracked link to the event page (added at the end if left out). Empty: the title, date and place."
          autosize
          minRows={3}
          value={text}
          onChange={(change) => setText(change.currentTarget.value)}
          error={errors.text}
        />
        <SegmentedControl
          aria-label="When"
          value={when}
          onChange={(value) => setWhen(value as WhenChoice)}
          data={[
            { value: 'queue', label: 'Queue' },
            { value: 'at', label: 'At a time' },
            { value: 'now', label: 'Now' },
            { value: 'draft', label: 'Draft' },
          ]}
        />
        {when === 'at' && (
          <TextInput
            label={`Publish at (${timeZone})`}
            type="datetime-local"
            value={at}
            onChange={(change) => setAt(change.currentTarget.value)}
            error={errors['schedule.at'] ?? errors.schedule}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={announce.isPending} disabled={chosen.length === 0}>
            Announce
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
