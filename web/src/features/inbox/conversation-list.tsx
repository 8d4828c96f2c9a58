import { Group, Stack, Text, UnstyledButton } from '@mantine/core'
import { memo } from 'react'
import type { Conversation } from '../../api/inbox-types.js'
import { formatDateTime } from '../../lib/format.js'
import { MessageLabels } from './labels.js'
import { NetworkIcon } from './network-icon.js'

interface ConversationListProps {
  conversations: Conversation[]
  selectedId: string | null
  onSelect: (id: string) => void
  memberName: (id: string | null) => string | null
}

export const ConversationList = memo(function ConversationList({
  conversations,
  selectedId,
  onSelect,
  memberName,
}: ConversationListProps) {
  return (
    <Stack gap={0} role="listbox" aria-label="Conversations">
      {conversations.map((conversation) => {
        const selected = conversation.id === selectedId
        const who = conversation.contact?.display_name ?? conversation.last_message?.author?.name
        const assignee = memberName(conversation.assignee_id)
        return (
          <UnstyledButton
            key={conversation.id}
            role="option"
            aria-selected={selected}
            data-conversation-id={conversation.id}
            data-unread={conversation.unread || undefined}
            onClick={() => onSelect(conversation.id)}
            px="sm"
            py={8}
            style={{
              borderBottom: '1px solid var(--mantine-color-default-border)',
              borderLeft: `3px solid ${selected ? 'var(--mantine-primary-color-filled)' : 'transparent'}`,
              background: selected ? 'var(--mantine-primary-color-light)' : undefined,
            }}
          >
            <Group gap="xs" wrap="nowrap" justify="space-between">
              <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                <NetworkIcon network={conversation.network} />
                <Text size="sm" fw={conversation.unread ? 700 : 400} truncate>
                  {who ?? 'Unknown'}
                </Text>
              </Group>
              <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                {formatDateTime(conversation.last_activity_at)}
              </Text>
            </Group>
            <Text
              size="sm"
              c={conversation.unread ? undefined : 'dimmed'}
              fw={conversation.unread ? 600 : 400}
              lineClamp={2}
            >
              {conversation.last_message?.deleted_at
                ? '(deleted by its author)'
                : conversation.last_message?.text || '—'}
            </Text>
            <Group gap={6} mt={4} wrap="nowrap">
              <MessageLabels
                sentiment={conversation.sentiment}
                intent={conversation.intent}
                labels={conversation.last_message?.labels}
              />
              {conversation.status === 'done' && (
                <Text size="xs" c="dimmed">
                  Done
                </Text>
              )}
              {assignee && (
                <Text size="xs" c="dimmed" truncate>
                  → {assignee}
                </Text>
              )}
            </Group>
          </UnstyledButton>
        )
      })}
    </Stack>
  )
})
