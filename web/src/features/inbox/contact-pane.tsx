import { ActionIcon, Anchor, Badge, Group, Select, Stack, Text, Title } from '@mantine/core'
import { IconArrowLeft } from '@tabler/icons-react'
import { Link } from 'react-router'
import { useContact, useMoveStage } from '../../api/contacts.js'
import { useContactConversations } from '../../api/inbox.js'
import { type ContactStage, STAGES } from '../../api/inbox-types.js'
import { workspaceHref } from '../../app/workspace-context.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { formatDateTime } from '../../lib/format.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'
import { NetworkIcon } from './network-icon.js'

interface ContactPaneProps {
  workspaceId: string
  contactId: string
  canWrite: boolean
  onBack?: () => void
}

export function ContactPane({ workspaceId, contactId, canWrite, onBack }: ContactPaneProps) {
  const contact = useContact(workspaceId, contactId)
  const conversations = useContactConversations(workspaceId, contactId)
  const move = useMoveStage(workspaceId)

  if (contact.isPending) return <SectionLoader label="Loading the contact" />
  if (contact.isError) return <ErrorState error={contact.error} onRetry={() => contact.refetch()} />
  const data = contact.data

  return (
    <Stack gap="sm" aria-label="Contact">
      <Group gap="xs" wrap="nowrap">
        {onBack && (
          <ActionIcon variant="subtle" onClick={onBack} aria-label="Back to the conversation">
            <IconArrowLeft size={18} aria-hidden />
          </ActionIcon>
        )}
        <Title order={2} size="h4">
          <Anchor component={Link} to={workspaceHref(workspaceId, `contacts/${contactId}`)} inherit>
            {data.display_name}
          </Anchor>
        </Title>
      </Group>
      <Stack gap={4}>
        {data.identities.map((identity) => (
          <Group key={identity.id} gap={6} wrap="nowrap">
            <NetworkIcon network={identity.network} size={14} />
            <Text size="sm" truncate>
              @{identity.handle}
            </Text>
          </Group>
        ))}
        {data.email && (
          <Text size="sm" c="dimmed">
            {data.email}
          </Text>
        )}
      </Stack>
      <Select
        label="Stage"
        size="xs"
        data={STAGES}
        value={data.stage}
        allowDeselect={false}
        disabled={!canWrite}
        onChange={(value) =>
          value &&
          value !== data.stage &&
          move.mutate(
            { contactId, stage: value as ContactStage, reason: 'Changed from the inbox' },
            {
              onSuccess: () => notifySuccess(`${data.display_name} is now ${value}.`),
              onError: (error) => notifyError(error),
            },
          )
        }
      />
      {data.tags.length > 0 && (
        <Group gap={4}>
          {data.tags.map((tag) => (
            <Badge key={tag} size="sm" variant="outline">
              {tag}
            </Badge>
          ))}
        </Group>
      )}
      <Text size="xs" c="dimmed">
        {data.message_count} {data.message_count === 1 ? 'message' : 'messages'} · score{' '}
        {data.engagement_score.toFixed(1)} · last seen {formatDateTime(data.last_seen_at)}
      </Text>
      <Stack gap={4}>
        <Text size="xs" fw={600} c="dimmed">
          Last interactions
        </Text>
        {(conversations.data ?? []).map((conversation) => (
          <Group key={conversation.id} gap={6} wrap="nowrap">
            <NetworkIcon network={conversation.network} size={14} />
            <Text size="xs" lineClamp={1} style={{ flex: 1 }}>
              {conversation.last_message?.text || '—'}
            </Text>
            <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
              {formatDateTime(conversation.last_activity_at)}
            </Text>
          </Group>
        ))}
      </Stack>
    </Stack>
  )
}
