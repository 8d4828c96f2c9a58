import { Button, Group, Menu, Paper, Stack, Text, Textarea } from '@mantine/core'
import { IconChevronDown, IconSend } from '@tabler/icons-react'
import { type Ref, useState } from 'react'
import { useReply, useSavedReplies } from '../../api/inbox.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'

interface ReplyBoxProps {
  workspaceId: string
  conversationId: string
  /** The message answered; the latest received one by default. */
  messageId?: string
  replyingTo: string | null
  textareaRef: Ref<HTMLTextAreaElement>
}

export function ReplyBox({
  workspaceId,
  conversationId,
  messageId,
  replyingTo,
  textareaRef,
}: ReplyBoxProps) {
  const [text, setText] = useState('')
  const saved = useSavedReplies(workspaceId)
  const reply = useReply(workspaceId)

  const send = (markDone: boolean) => {
    if (!text.trim()) return
    reply.mutate(
      { conversationId, text, message_id: messageId, mark_done: markDone },
      {
        onSuccess: () => {
          setText('')
          notifySuccess(markDone ? 'Reply sent; conversation done.' : 'Reply sent.')
        },
        onError: (error) => notifyError(error, 'The reply was not sent'),
      },
    )
  }

  const insert = (snippet: string) =>
    setText((current) => (current ? `${current} ${snippet}` : snippet))

  return (
    <Paper withBorder p="sm" radius="md">
      <Stack gap="xs">
        <Textarea
          ref={textareaRef}
          label={replyingTo ? `Reply to ${replyingTo}` : 'Reply'}
          placeholder="Write a reply… (Ctrl+Enter sends)"
          autosize
          minRows={2}
          maxRows={8}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault()
              send(false)
            }
            if (event.key === 'Escape') event.currentTarget.blur()
          }}
        />
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Group gap="xs">
            <Menu position="top-start" withinPortal>
              <Menu.Target>
                <Button
                  variant="default"
                  size="xs"
                  rightSection={<IconChevronDown size={14} aria-hidden />}
                >
                  Saved replies
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {(saved.data?.data ?? []).length === 0 && (
                  <Menu.Label>None yet: add them in the Settings tab</Menu.Label>
                )}
                {saved.data?.data.map((item) => (
                  <Menu.Item key={item.id} onClick={() => setText(item.body)}>
                    <Text size="sm" fw={500}>
                      {item.name}
                    </Text>
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {item.body}
                    </Text>
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
            <Menu position="top-start" withinPortal>
              <Menu.Target>
                <Button
                  variant="default"
                  size="xs"
                  rightSection={<IconChevronDown size={14} aria-hidden />}
                >
                  Placeholder
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>Filled in for the person you answer</Menu.Label>
                {(saved.data?.placeholders ?? ['{first_name}', '{name}', '{handle}']).map((p) => (
                  <Menu.Item key={p} onClick={() => insert(p)}>
                    {p}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          </Group>
          <Group gap="xs">
            <Button
              size="xs"
              variant="default"
              disabled={!text.trim()}
              loading={reply.isPending}
              onClick={() => send(true)}
            >
              Reply and mark done
            </Button>
            <Button
              size="xs"
              leftSection={<IconSend size={14} aria-hidden />}
              disabled={!text.trim()}
              loading={reply.isPending}
              onClick={() => send(false)}
            >
              Reply
            </Button>
          </Group>
        </Group>
      </Stack>
    </Paper>
  )
}
