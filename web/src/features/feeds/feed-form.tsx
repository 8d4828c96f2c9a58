import {
  Alert,
  Button,
  Group,
  MultiSelect,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core'
import { useState } from 'react'
import { useChannels } from '../../api/channels.js'
import { isApiError } from '../../api/client.js'
import { channelLabel } from '../../lib/networks.js'
import { errorMessage, fieldError, notifySuccess } from '../../lib/notify.js'
import { useCreateFeed } from './feeds-api.js'

/** Follow a new feed: its address, the channels, what its items become. */
export function FeedForm({ workspaceId }: { workspaceId: string }) {
  const channels = useChannels(workspaceId)
  const create = useCreateFeed(workspaceId)
  const [url, setUrl] = useState('')
  const [channelIds, setChannelIds] = useState<string[]>([])
  const [template, setTemplate] = useState('{title} {link}')
  const [mode, setMode] = useState<'draft' | 'queue'>('draft')
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        create.mutate(
          { url, channel_ids: channelIds, template, mode },
          {
            onSuccess: () => {
              notifySuccess('New items will become posts; older ones are left alone.', 'Feed added')
              setUrl('')
            },
          },
        )
      }}
    >
      <Stack gap="sm">
        <TextInput
          label="Feed address (RSS or Atom)"
          placeholder="https://yourblog.example/feed.xml"
          required
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          error={fieldError(create.error, 'url')}
        />
        <MultiSelect
          label="Channels"
          placeholder="Where new items are posted"
          data={(channels.data ?? []).map((channel) => ({
            value: channel.id,
            label: channelLabel(channel),
          }))}
          value={channelIds}
          onChange={setChannelIds}
          error={fieldError(create.error, 'channel_ids')}
        />
        <Textarea
          label="Template"
          description="{title}, {link} and {summary} are filled from each item. A long summary is shortened to fit."
          autosize
          minRows={2}
          value={template}
          onChange={(e) => setTemplate(e.currentTarget.value)}
          error={fieldError(create.error, 'template')}
        />
        <div>
          <Text size="sm" fw={500} mb={4}>
            New items become
          </Text>
          <SegmentedControl
            aria-label="New items become"
            value={mode}
            onChange={(value) => setMode(value as 'draft' | 'queue')}
            data={[
              { value: 'draft', label: 'Drafts to review' },
              { value: 'queue', label: 'Posts in the queue' },
            ]}
          />
        </div>
        {create.error && !isApiError(create.error) && (
          <Alert color="red">{errorMessage(create.error)}</Alert>
        )}
        {isApiError(create.error) && Object.keys(create.error.fieldErrors).length === 0 && (
          <Alert color="red">{create.error.message}</Alert>
        )}
        <Group justify="flex-end">
          <Button
            type="submit"
            loading={create.isPending}
            disabled={!url || channelIds.length === 0}
          >
            Follow feed
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
