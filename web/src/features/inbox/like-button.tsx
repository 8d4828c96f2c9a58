import { Button, Text, Tooltip } from '@mantine/core'
import { IconHeart, IconHeartFilled } from '@tabler/icons-react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { post, seg } from '../../api/client.js'
import { inboxKey } from '../../api/inbox.js'
import type { Message } from '../../api/inbox-types.js'
import { notifyError } from '../../lib/notify.js'

/** The fields the API adds to a message once a member liked it from Murmur. */
export type LikedMessage = Message & { liked_at?: string | null; liked_by?: string | null }

/** Likes a received message on its network (as the channel), or says who already did. */
export function LikeButton({
  workspaceId,
  conversationId,
  message,
  likedByName,
  readOnly,
}: {
  workspaceId: string
  conversationId: string
  message: LikedMessage
  likedByName: string | null
  /** Viewers see who liked, not the button. */
  readOnly: boolean
}) {
  const queryClient = useQueryClient()
  const like = useMutation({
    mutationFn: () =>
      post<LikedMessage>(
        `/api/v1/workspaces/${seg(workspaceId)}/conversations/${seg(conversationId)}/like`,
        { message_id: message.id },
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: inboxKey(workspaceId) }),
    onError: (error) => notifyError(error, 'Not liked'),
  })
  if (message.liked_at)
    return (
      <Text size="xs" c="pink" span>
        <IconHeartFilled size={12} aria-hidden /> Liked
        {likedByName ? ` by ${likedByName}` : ''}
      </Text>
    )
  if (readOnly) return null
  return (
    <Tooltip label="Like it on the network, as this channel">
      <Button
        size="compact-xs"
        variant="subtle"
        color="pink"
        leftSection={<IconHeart size={12} aria-hidden />}
        loading={like.isPending}
        onClick={() => like.mutate()}
      >
        Like
      </Button>
    </Tooltip>
  )
}
