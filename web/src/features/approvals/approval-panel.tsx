import { Alert, Badge, Button, Group, Stack, Text, Textarea, Timeline } from '@mantine/core'
import { IconCheck, IconMessageCircle, IconUserCheck, IconX } from '@tabler/icons-react'
import { useState } from 'react'
import type { Post } from '../../api/publishing-types.js'
import { useCurrentWorkspace } from '../../app/workspace-context.js'
import { formatDateTime } from '../../lib/format.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'
import { toInstant } from '../../lib/zoned-time.js'
import {
  type ApprovalRequest,
  useApprovalHistory,
  useApprovalSettings,
  useDecide,
} from './approvals-api.js'
import { ReviewLinksPanel } from './review-links-panel.js'

const STATUS_LOOK: Record<ApprovalRequest['status'], { label: string; color: string }> = {
  pending: { label: 'Waiting for approval', color: 'grape' },
  approved: { label: 'Approved', color: 'green' },
  rejected: { label: 'Changes asked', color: 'red' },
  withdrawn: { label: 'Withdrawn', color: 'gray' },
}

/** Whether a waiting post's time has passed: approving it then needs a new time. */
export function isLate(post: Post, now = Date.now()): boolean {
  return post.deliveries.some(
    (d) =>
      d.state === 'needs_approval' && (toInstant(d.scheduled_at) ?? Number.POSITIVE_INFINITY) < now,
  )
}

/** Approve or ask for changes, with a comment (approvers only). */
export function DecisionForm({ post }: { post: Post }) {
  const workspace = useCurrentWorkspace()
  const decide = useDecide(workspace.id)
  const [comment, setComment] = useState('')
  const late = isLate(post)

  function run(decision: 'approve' | 'reject') {
    decide.mutate(
      {
        postId: post.id,
        decision,
        comment: comment.trim(),
        ...(decision === 'approve' && late && { when: { type: 'now' as const } }),
      },
      {
        onSuccess: () => {
          setComment('')
          notifySuccess(
            decision === 'approve'
              ? late
                ? 'Approved: it goes out now.'
                : 'Approved: it goes out at its time.'
              : 'Sent back to its author with your comment.',
            decision === 'approve' ? 'Approved' : 'Changes asked',
          )
        },
        onError: (error) => notifyError(error, 'That did not work'),
      },
    )
  }

  return (
    <Stack gap="xs">
      {late && (
        <Alert color="yellow" variant="light" title="Its time passed while it waited">
          It was not published. Approving it now publishes it right away; to pick another time, ask
          for changes and let its author reschedule.
        </Alert>
      )}
      <Textarea
        label="Comment"
        description="Required to ask for changes: say what to change."
        autosize
        minRows={2}
        maxLength={2000}
        value={comment}
        onChange={(event) => setComment(event.currentTarget.value)}
      />
      <Group gap="xs">
        <Button
          size="xs"
          color="green"
          leftSection={<IconCheck size={14} aria-hidden />}
          loading={decide.isPending && decide.variables?.decision === 'approve'}
          onClick={() => run('approve')}
        >
          {late ? 'Approve and publish now' : 'Approve'}
        </Button>
        <Button
          size="xs"
          color="red"
          variant="light"
          leftSection={<IconX size={14} aria-hidden />}
          disabled={!comment.trim()}
          loading={decide.isPending && decide.variables?.decision === 'reject'}
          onClick={() => run('reject')}
        >
          Ask for changes
        </Button>
      </Group>
    </Stack>
  )
}

/** A post's approval status, its decision history with comments, and (for approvers) the decision. */
export function ApprovalPanel({ post }: { post: Post }) {
  const workspace = useCurrentWorkspace()
  const history = useApprovalHistory(workspace.id, post.id)
  const settings = useApprovalSettings(workspace.id)
  const requests = history.data?.data ?? []
  const waiting = post.deliveries.some((d) => d.state === 'needs_approval')
  const approver = settings.data?.approver_roles.includes(workspace.role) ?? false
  if (requests.length === 0 && !waiting) return <ReviewLinksPanel postId={post.id} />
  const latest = requests.at(-1)

  return (
    <Stack gap="sm" aria-label="Approval">
      <Group gap="xs">
        <IconUserCheck size={18} aria-hidden />
        <Text fw={600} size="sm">
          Approval
        </Text>
        {latest && (
          <Badge color={STATUS_LOOK[latest.status].color} variant="light">
            {STATUS_LOOK[latest.status].label}
          </Badge>
        )}
      </Group>
      {latest?.status === 'rejected' && latest.comment && (
        <Alert
          color="red"
          variant="light"
          icon={<IconMessageCircle size={18} aria-hidden />}
          title={`${latest.decided_by_name ?? 'An approver'} asks for changes`}
        >
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {latest.comment}
          </Text>
          <Text size="xs" c="dimmed" mt={4}>
            Edit the post, then schedule it again to resubmit it.
          </Text>
        </Alert>
      )}
      {latest?.overdue_at && latest.status === 'pending' && (
        <Alert color="yellow" variant="light" title="Its time passed while it waited">
          It was not published.
        </Alert>
      )}
      {waiting && approver && <DecisionForm post={post} />}
      {requests.length > 0 && (
        <Timeline bulletSize={14} lineWidth={2} active={requests.length}>
          {requests.map((request) => (
            <Timeline.Item key={request.id} title={STATUS_LOOK[request.status].label}>
              <Text size="xs" c="dimmed">
                Submitted by {request.submitted_by_name} on {formatDateTime(request.submitted_at)}
                {request.decided_at &&
                  ` · ${request.decided_by_name ?? 'someone'} on ${formatDateTime(request.decided_at)}`}
              </Text>
              {request.comment && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  “{request.comment}”
                </Text>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      <ReviewLinksPanel postId={post.id} />
    </Stack>
  )
}
