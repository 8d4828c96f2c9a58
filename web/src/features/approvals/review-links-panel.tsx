import { Button, Group, Stack, Text } from '@mantine/core'
import { IconLink } from '@tabler/icons-react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { get, post, seg } from '../../api/client.js'
import type { Timestamp } from '../../api/types.js'
import { useCan, useCurrentWorkspace } from '../../app/workspace-context.js'
import { CopyField } from '../../components/copy-field.js'
import { formatDateTime } from '../../lib/format.js'
import { notifyError } from '../../lib/notify.js'
import { approvalsKey } from './approvals-api.js'

interface ReviewAnswers {
  data: Array<{ id: string; expires_at: Timestamp; revoked_at: Timestamp | null }>
  responses: Array<{
    id: string
    reviewer_name: string
    decision: 'approved' | 'changes_requested'
    comment: string | null
    created_at: Timestamp
  }>
}

/** Make a client review link for a post, and read what clients answered through its links. */
export function ReviewLinksPanel({ postId }: { postId: string }) {
  const workspace = useCurrentWorkspace()
  const canWrite = useCan('content.write')
  const queryClient = useQueryClient()
  const path = `/api/v1/workspaces/${seg(workspace.id)}/posts/${seg(postId)}/review-links`
  const key = [...approvalsKey(workspace.id), 'review-links', postId]
  const links = useQuery({ queryKey: key, queryFn: () => get<ReviewAnswers>(path) })
  const [url, setUrl] = useState<string | null>(null)
  const make = useMutation({
    mutationFn: () => post<{ url: string }>(path, { days: 7 }),
    onSuccess: (created) => setUrl(created.url),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: key })
    },
  })
  const answers = links.data?.responses ?? []

  return (
    <Stack gap="xs" aria-label="Client review">
      <Group justify="space-between">
        <Text fw={600} size="sm">
          Client review
        </Text>
        {canWrite && (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconLink size={14} aria-hidden />}
            loading={make.isPending}
            onClick={() =>
              make.mutate(undefined, { onError: (error) => notifyError(error, 'No link made') })
            }
          >
            Make a review link
          </Button>
        )}
      </Group>
      {url && (
        <CopyField
          label="Review link"
          value={url}
          description="Valid 7 days. Anyone with it can see this post and answer, without an account."
        />
      )}
      {answers.map((answer) => (
        <Text size="sm" key={answer.id}>
          <b>{answer.reviewer_name}</b>{' '}
          {answer.decision === 'approved' ? 'approved' : 'asked for changes'} on{' '}
          {formatDateTime(answer.created_at)}
          {answer.comment && `: “${answer.comment}”`}
        </Text>
      ))}
    </Stack>
  )
}
