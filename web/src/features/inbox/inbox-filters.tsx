import { Group, SegmentedControl, Select } from '@mantine/core'
import { type ConversationFilter, INTENTS, SENTIMENTS, STAGES } from '../../api/inbox-types.js'
import type { Channel } from '../../api/publishing-types.js'

interface InboxFiltersProps {
  filter: ConversationFilter
  onChange: (filter: ConversationFilter) => void
  channels: Channel[]
  members: Array<{ value: string; label: string }>
}

export function InboxFilters({ filter, onChange, channels, members }: InboxFiltersProps) {
  const set = <K extends keyof ConversationFilter>(key: K, value: ConversationFilter[K] | null) =>
    onChange({ ...filter, [key]: value ?? undefined })
  return (
    <Group gap="xs" wrap="wrap" align="flex-end">
      <SegmentedControl
        size="xs"
        aria-label="Status"
        value={filter.status}
        onChange={(value) => set('status', value as ConversationFilter['status'])}
        data={[
          { value: 'open', label: 'Open' },
          { value: 'done', label: 'Done' },
          { value: 'all', label: 'All' },
        ]}
      />
      <SegmentedControl
        size="xs"
        aria-label="Order"
        value={filter.sort}
        onChange={(value) => set('sort', value as ConversationFilter['sort'])}
        data={[
          { value: 'recent', label: 'Newest' },
          { value: 'priority', label: 'Most urgent' },
        ]}
      />
      <Select
        size="xs"
        w={150}
        aria-label="Channel"
        placeholder="All channels"
        clearable
        data={channels.map((c) => ({ value: c.id, label: `${c.network}: @${c.handle}` }))}
        value={filter.channel_id ?? null}
        onChange={(value) => set('channel_id', value)}
      />
      <Select
        size="xs"
        w={140}
        aria-label="Assignee"
        placeholder="Anyone"
        clearable
        data={[{ value: 'me', label: 'Me' }, { value: 'none', label: 'Nobody' }, ...members]}
        value={filter.assignee_id ?? null}
        onChange={(value) => set('assignee_id', value)}
      />
      <Select
        size="xs"
        w={120}
        aria-label="Sentiment"
        placeholder="Any tone"
        clearable
        data={SENTIMENTS}
        value={filter.sentiment ?? null}
        onChange={(value) => set('sentiment', value as ConversationFilter['sentiment'])}
      />
      <Select
        size="xs"
        w={130}
        aria-label="Intent"
        placeholder="Any intent"
        clearable
        data={[...INTENTS, { value: 'none', label: 'no intent' }]}
        value={filter.intent ?? null}
        onChange={(value) => set('intent', value as ConversationFilter['intent'])}
      />
      <Select
        size="xs"
        w={120}
        aria-label="Stage"
        placeholder="Any stage"
        clearable
        data={STAGES}
        value={filter.stage ?? null}
        onChange={(value) => set('stage', value as ConversationFilter['stage'])}
      />
    </Group>
  )
}
