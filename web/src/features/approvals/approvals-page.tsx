import { Anchor, Badge, Card, EmptyState, Group, Stack, Text } from '@mantine/core'
import { IconUserCheck } from '@tabler/icons-react'
import { Link } from 'react-router'
import { useCurrentWorkspace, workspaceHref } from '../../app/workspace-context.js'
import { PageHeader, useDocumentTitle } from '../../components/page-header.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { formatDateTime } from '../../lib/format.js'
import { DecisionForm, isLate } from './approval-panel.js'
import { ApprovalSettingsCard } from './approval-settings-card.js'
import { useApprovalQueue, useApprovalSettings } from './approvals-api.js'

/** The approval queue: every post waiting for a decision, soonest first. */
export default function ApprovalsPage() {
  useDocumentTitle('Approvals')
  const workspace = useCurrentWorkspace()
  const queue = useApprovalQueue(workspace.id)
  const settings = useApprovalSettings(workspace.id)
  const approver = settings.data?.approver_roles.includes(workspace.role) ?? false

  return (
    <Stack gap="md">
      <PageHeader
        title="Approvals"
        description="Posts waiting for a decision. Approve them, or ask their author for changes."
      />
      {queue.isPending ? (
        <SectionLoader label="Loading the approval queue" />
      ) : queue.isError ? (
        <ErrorState error={queue.error} onRetry={() => queue.refetch()} />
      ) : queue.data.data.length === 0 ? (
        <Card withBorder radius="md" padding="xl">
          <EmptyState
            variant="light"
            icon={<IconUserCheck size={28} aria-hidden />}
            title="Nothing waits for approval"
            description="When someone whose posts need approval schedules one, it appears here."
          />
        </Card>
      ) : (
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {queue.data.data.map(({ request, post }) => (
            <Card
              key={request.id}
              component="li"
              withBorder
              radius="md"
              padding="md"
              aria-label={`Post by ${request.submitted_by_name}`}
            >
              <Stack gap="xs">
                <Group justify="space-between" wrap="wrap">
                  <Text size="sm" c="dimmed">
                    {request.submitted_by_name} · for {formatDateTime(request.due_at)}
                  </Text>
                  {(request.overdue_at || isLate(post)) && (
                    <Badge color="yellow" variant="light">
                      Time passed
                    </Badge>
                  )}
                </Group>
                <Text style={{ whiteSpace: 'pre-wrap' }}>
                  {post.content.parts.map((part) => part.text).join('\n\n')}
                </Text>
                <Anchor
                  size="sm"
                  component={Link}
                  to={`${workspaceHref(workspace.id, 'compose')}?post=${encodeURIComponent(post.id)}`}
                >
                  Open in the composer (previews per network)
                </Anchor>
                {approver && <DecisionForm post={post} />}
              </Stack>
            </Card>
          ))}
        </Stack>
      )}
      <ApprovalSettingsCard />
    </Stack>
  )
}
