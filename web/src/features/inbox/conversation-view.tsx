import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core'
import {
  IconArrowLeft,
  IconCheck,
  IconExternalLink,
  IconRefresh,
  IconUser,
} from '@tabler/icons-react'
import { type ReactNode, type Ref, useEffect } from 'react'
import { useConversation, useMarkRead, useUpdateConversation } from '../../api/inbox.js'
import type { Message } from '../../api/inbox-types.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { formatDateTime } from '../../lib/format.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'
import { MessageLabels } from './labels.js'
import { LikeButton, type LikedMessage } from './like-button.js'
import { NetworkIcon } from './network-icon.js'
import { ReplyBox } from './reply-box.js'

interface ConversationViewProps {
  workspaceId: string
  conversationId: string
  canWrite: boolean
  members: Array<{ value: string; label: string }>
  replyRef: Ref<HTMLTextAreaElement>
  assignRef: Ref<HTMLInputElement>
  /** Shown on narrow screens, where one pane shows at a time. */
  onBack?: () => void
  onShowContact?: () => void
}

export function ConversationView({
  workspaceId,
  conversationId,
  canWrite,
  members,
  replyRef,
  assignRef,
  onBack,
  onShowContact,
}: ConversationViewProps) {
  const conversation = useConversation(workspaceId, conversationId)
  const update = useUpdateConversation(workspaceId)
  const markRead = useMarkRead(workspaceId)
  const unread = conversation.data?.unread
  const { mutate: markReadMutate } = markRead

  // Opening a conversation reads it; only when it was unread, so no needless writes.
  useEffect(() => {
    if (unread) markReadMutate(conversationId)
  }, [unread, conversationId, markReadMutate])

  if (conversation.isPending) return <SectionLoader label="Loading the conversation" />
  if (conversation.isError)
    return <ErrorState error={conversation.error} onRetry={() => conversation.refetch()} />
  const data = conversation.data
  const lastIn = [...data.messages].reverse().find((m) => m.direction === 'in')

  const setStatus = (status: 'open' | 'done') =>
    update.mutate(
      { conversationId, status },
      {
        onSuccess: () => notifySuccess(status === 'done' ? 'Marked done.' : 'Reopened.'),
        onError: (error) => notifyError(error),
      },
    )

  return (
    <Stack gap="sm" h="100%">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          {onBack && (
            <ActionIcon variant="subtle" onClick={onBack} aria-label="Back to the list">
              <IconArrowLeft size={18} aria-hidden />
            </ActionIcon>
          )}
          <NetworkIcon network={data.network} size={18} />
          <Text fw={600} truncate>
            {data.contact?.display_name ?? 'Conversation'}
          </Text>
          <Badge size="sm" variant="outline" color={data.status === 'done' ? 'gray' : 'blue'}>
            {data.status}
          </Badge>
        </Group>
        <Group gap="xs" wrap="nowrap">
          {onShowContact && data.contact && (
            <Tooltip label="Show the contact">
              <ActionIcon variant="default" onClick={onShowContact} aria-label="Show the contact">
                <IconUser size={16} aria-hidden />
              </ActionIcon>
            </Tooltip>
          )}
          <Select
            ref={assignRef}
            aria-label="Assignee (a)"
            placeholder="Unassigned"
            size="xs"
            w={150}
            clearable
            searchable
            disabled={!canWrite}
            data={members}
            value={data.assignee_id}
            onChange={(value) =>
              update.mutate(
                { conversationId, assignee_id: value },
                {
                  onSuccess: () =>
                    notifySuccess(
                      value
                        ? `Assigned to ${members.find((m) => m.value === value)?.label ?? 'them'}.`
                        : 'Unassigned.',
                    ),
                  onError: (error) => notifyError(error),
                },
              )
            }
          />
          {data.status === 'open' ? (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconCheck size={14} aria-hidden />}
              disabled={!canWrite}
              onClick={() => setStatus('done')}
            >
              Done (e)
            </Button>
          ) : (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconRefresh size={14} aria-hidden />}
              disabled={!canWrite}
              onClick={() => setStatus('open')}
            >
              Reopen
            </Button>
          )}
        </Group>
      </Group>

      <Stack gap="xs" style={{ flex: 1, overflowY: 'auto' }} aria-label="Thread">
        {data.kind === 'post' && (
          <Paper withBorder p="sm" radius="md" bg="var(--mantine-color-default-hover)">
            <Group justify="space-between" gap="xs">
              <Text size="xs" c="dimmed" fw={600}>
                Your post
              </Text>
              {data.root_url && (
                <Anchor href={data.root_url} target="_blank" rel="noreferrer" size="xs">
                  Open on the network <IconExternalLink size={12} aria-hidden />
                </Anchor>
              )}
            </Group>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {data.root_text ?? '(the post’s text is not available)'}
            </Text>
          </Paper>
        )}
        {data.kind === 'thread' && (
          <Text size="xs" c="dimmed">
            A thread your business was mentioned in.
            {data.root_url && (
              <>
                {' '}
                <Anchor href={data.root_url} target="_blank" rel="noreferrer" size="xs">
                  Open the thread
                </Anchor>
              </>
            )}
          </Text>
        )}
        {data.messages.map((message) => (
          <MessageBubble
            key={message.id}
            message={message}
            like={
              // The API adds can_like to the detail and liked_at to messages (docs/inbox.md).
              message.direction === 'in' &&
              !message.deleted_at &&
              ((data as { can_like?: boolean }).can_like === true ||
                Boolean((message as LikedMessage).liked_at)) ? (
                <LikeButton
                  workspaceId={workspaceId}
                  conversationId={conversationId}
                  message={message}
                  likedByName={
                    members.find((m) => m.value === (message as LikedMessage).liked_by)?.label ??
                    null
                  }
                  readOnly={!canWrite}
                />
              ) : null
            }
          />
        ))}
        {data.more_messages && (
          <Text size="xs" c="dimmed">
            Only the first 200 messages are shown.
          </Text>
        )}
        {data.notes.length > 0 && (
          <Stack gap={4}>
            <Text size="xs" fw={600} c="dimmed">
              Team notes
            </Text>
            {data.notes.map((note) => (
              <Paper key={note.id} p="xs" radius="sm" bg="var(--mantine-color-yellow-light)">
                <Text size="sm">{note.body}</Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(note.created_at)}
                </Text>
              </Paper>
            ))}
          </Stack>
        )}
      </Stack>

      {canWrite && data.kind !== 'logged' ? (
        <ReplyBox
          key={conversationId}
          workspaceId={workspaceId}
          conversationId={conversationId}
          messageId={lastIn?.id}
          replyingTo={lastIn?.author?.handle ? `@${lastIn.author.handle}` : null}
          textareaRef={replyRef}
        />
      ) : (
        !canWrite && (
          <Text size="sm" c="dimmed">
            Viewers read the inbox; an editor can reply.
          </Text>
        )
      )}
    </Stack>
  )
}

function MessageBubble({ message, like }: { message: Message; like?: ReactNode }) {
  const mine = message.direction === 'out'
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      ml={mine ? 'xl' : 0}
      mr={mine ? 0 : 'xl'}
      bg={mine ? 'var(--mantine-primary-color-light)' : undefined}
      data-direction={message.direction}
    >
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="xs" fw={600} truncate>
          {mine
            ? 'You'
            : `${message.author?.name ?? 'Someone'}${message.author?.handle ? ` @${message.author.handle}` : ''}`}
          <Text span size="xs" c="dimmed" fw={400}>
            {' '}
            · {message.kind}
          </Text>
        </Text>
        {message.url ? (
          <Anchor href={message.url} target="_blank" rel="noreferrer" size="xs" c="dimmed">
            {formatDateTime(message.created_at)}
          </Anchor>
        ) : (
          <Text size="xs" c="dimmed">
            {formatDateTime(message.created_at)}
          </Text>
        )}
      </Group>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {message.deleted_at ? <em>Deleted by its author.</em> : message.text}
      </Text>
      <MessageLabels
        sentiment={message.sentiment}
        intent={message.intent}
        labels={message.labels}
      />
      {message.edited_at && (
        <Text size="xs" c="dimmed">
          Edited
        </Text>
      )}
      {like}
    </Paper>
  )
}
