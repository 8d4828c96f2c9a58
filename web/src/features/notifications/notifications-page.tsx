import { Anchor, Badge, Button, Card, EmptyState, Group, Stack, Text } from '@mantine/core'
import { IconBell } from '@tabler/icons-react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Link } from 'react-router'
import { get, post, seg } from '../../api/client.js'
import type { Timestamp } from '../../api/types.js'
import { workspaceKey } from '../../api/workspaces.js'
import { useCurrentWorkspace, workspaceHref } from '../../app/workspace-context.js'
import { PageHeader, useDocumentTitle } from '../../components/page-header.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { formatDateTime } from '../../lib/format.js'
import { notifyError } from '../../lib/notify.js'

interface Notification {
  id: string
  kind: string
  post_id: string | null
  title: string
  body: string | null
  created_at: Timestamp
  read_at: Timestamp | null
}

const notificationsKey = (workspaceId: string) =>
  [...workspaceKey(workspaceId), 'notifications'] as const

export function useNotifications(workspaceId: string) {
  return useQuery({
    queryKey: notificationsKey(workspaceId),
    queryFn: () =>
      get<{ data: Notification[]; unread: number }>(
        `/api/v1/workspaces/${seg(workspaceId)}/notifications`,
      ),
    refetchInterval: 60_000,
  })
}

/** Your notifications here: approvals asked and decided, late posts, review answers. */
export default function NotificationsPage() {
  useDocumentTitle('Notifications')
  const workspace = useCurrentWorkspace()
  const list = useNotifications(workspace.id)
  const queryClient = useQueryClient()
  const markAll = useMutation({
    mutationFn: () =>
      post(`/api/v1/workspaces/${seg(workspace.id)}/notifications/read`, { all: true }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationsKey(workspace.id) }),
  })

  return (
    <Stack gap="md">
      <PageHeader
        title="Notifications"
        description="Approvals asked of you or decided for you, posts whose time passed, and client reviews."
        actions={
          (list.data?.unread ?? 0) > 0 && (
            <Button
              variant="default"
              loading={markAll.isPending}
              onClick={() =>
                markAll.mutate(undefined, { onError: (e) => notifyError(e, 'Could not mark read') })
              }
            >
              Mark all read
            </Button>
          )
        }
      />
      {list.isPending ? (
        <SectionLoader label="Loading notifications" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.data.length === 0 ? (
        <Card withBorder radius="md" padding="xl">
          <EmptyState
            variant="light"
            icon={<IconBell size={28} aria-hidden />}
            title="No notifications"
            description="You will hear here when a post waits for your approval or gets a decision."
          />
        </Card>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {list.data.data.map((item) => (
            <Card key={item.id} component="li" withBorder radius="md" padding="sm">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Stack gap={2}>
                  <Text fw={item.read_at ? 400 : 600}>{item.title}</Text>
                  {item.body && (
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                      {item.body}
                    </Text>
                  )}
                  <Group gap="xs">
                    <Text size="xs" c="dimmed">
                      {formatDateTime(item.created_at)}
                    </Text>
                    {item.post_id && (
                      <Anchor
                        size="xs"
                        component={Link}
                        to={`${workspaceHref(workspace.id, 'compose')}?post=${encodeURIComponent(item.post_id)}`}
                      >
                        Open the post
                      </Anchor>
                    )}
                  </Group>
                </Stack>
                {!item.read_at && (
                  <Badge color="blue" variant="light">
                    New
                  </Badge>
                )}
              </Group>
            </Card>
          ))}
        </Stack>
      )}
    </Stack>
  )
}
