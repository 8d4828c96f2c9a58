import {
  ActionIcon,
  Anchor,
  Badge,
  Card,
  Group,
  List,
  Modal,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core'
import {
  IconListDetails,
  IconPlayerPause,
  IconPlayerPlay,
  IconRefresh,
  IconTrash,
} from '@tabler/icons-react'
import { useState } from 'react'
import { useCan, useCurrentWorkspace } from '../../app/workspace-context.js'
import { PageHeader } from '../../components/page-header.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'
import { FeedForm } from './feed-form.js'
import {
  type Feed,
  type FeedItem,
  useCheckFeed,
  useDeleteFeed,
  useFeedItems,
  useFeeds,
  useUpdateFeed,
} from './feeds-api.js'

const OUTCOMES: Record<FeedItem['outcome'], string> = {
  posted: 'Queued',
  draft: 'Draft',
  skipped_old: 'Older than the feed: skipped',
  skipped_limit: 'Skipped: too many at once',
}

const when = (value: string | null) => (value ? new Date(value).toLocaleString() : '—')

/** RSS and Atom feeds whose new items become drafts or queued posts. */
export default function FeedsPage() {
  const workspace = useCurrentWorkspace()
  const canWrite = useCan('content.write')
  const feeds = useFeeds(workspace.id)
  const [showing, setShowing] = useState<Feed | null>(null)
  return (
    <Stack gap="lg">
      <PageHeader
        title="Feeds"
        description="Follow your blog’s RSS or Atom feed: each new article becomes a post, once."
      />
      {feeds.isPending ? (
        <SectionLoader />
      ) : feeds.error ? (
        <ErrorState error={feeds.error} onRetry={() => feeds.refetch()} />
      ) : feeds.data.length === 0 ? (
        <Text c="dimmed">No feed yet.</Text>
      ) : (
        <Table verticalSpacing="sm" aria-label="Feeds">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Feed</Table.Th>
              <Table.Th>Becomes</Table.Th>
              <Table.Th>Last read</Table.Th>
              <Table.Th>Posts</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {feeds.data.map((feed) => (
              <FeedRow
                key={feed.id}
                feed={feed}
                canWrite={canWrite}
                onShow={() => setShowing(feed)}
              />
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canWrite && (
        <Card withBorder padding="lg">
          <Title order={2} size="h4" mb="sm">
            Follow a feed
          </Title>
          <FeedForm workspaceId={workspace.id} />
        </Card>
      )}
      {showing && (
        <FeedItemsModal
          workspaceId={workspace.id}
          feed={showing}
          onClose={() => setShowing(null)}
        />
      )}
    </Stack>
  )
}

function FeedRow({
  feed,
  canWrite,
  onShow,
}: {
  feed: Feed
  canWrite: boolean
  onShow: () => void
}) {
  const workspace = useCurrentWorkspace()
  const update = useUpdateFeed(workspace.id)
  const check = useCheckFeed(workspace.id)
  const remove = useDeleteFeed(workspace.id)
  return (
    <Table.Tr>
      <Table.Td maw={360}>
        <Text size="sm" fw={500} truncate>
          {feed.title ?? feed.url}
        </Text>
        <Anchor href={feed.url} target="_blank" rel="noreferrer" size="xs" c="dimmed">
          {feed.url}
        </Anchor>
        {feed.last_error && (
          <Text size="xs" c="red.7">
            {feed.last_error} ({feed.failures} failed in a row; next try {when(feed.next_poll_at)})
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          <Badge variant="light">{feed.mode === 'queue' ? 'Queued posts' : 'Drafts'}</Badge>
          {feed.paused && (
            <Badge color="gray" variant="light">
              Paused
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="xs">{when(feed.last_polled_at)}</Text>
      </Table.Td>
      <Table.Td>{feed.items_posted}</Table.Td>
      <Table.Td>
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Tooltip label="What became of its items">
            <ActionIcon variant="subtle" aria-label="Items" onClick={onShow}>
              <IconListDetails size={16} />
            </ActionIcon>
          </Tooltip>
          {canWrite && (
            <>
              <Tooltip label="Check now">
                <ActionIcon
                  variant="subtle"
                  aria-label="Check now"
                  loading={check.isPending}
                  onClick={() =>
                    check.mutate(feed.id, {
                      onSuccess: (result) =>
                        result.error
                          ? notifyError(new Error(result.error), 'The feed could not be read')
                          : notifySuccess(
                              `${result.post_ids.length} new post${result.post_ids.length === 1 ? '' : 's'}.`,
                              'Feed checked',
                            ),
                      onError: (error) => notifyError(error),
                    })
                  }
                >
                  <IconRefresh size={16} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label={feed.paused ? 'Resume' : 'Pause'}>
                <ActionIcon
                  variant="subtle"
                  aria-label={feed.paused ? 'Resume' : 'Pause'}
                  onClick={() =>
                    update.mutate(
                      { id: feed.id, paused: !feed.paused },
                      { onError: (e) => notifyError(e) },
                    )
                  }
                >
                  {feed.paused ? <IconPlayerPlay size={16} /> : <IconPlayerPause size={16} />}
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Stop following (its posts stay)">
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label="Stop following"
                  onClick={() => remove.mutate(feed.id, { onError: (e) => notifyError(e) })}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            </>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  )
}

function FeedItemsModal({
  workspaceId,
  feed,
  onClose,
}: {
  workspaceId: string
  feed: Feed
  onClose: () => void
}) {
  const items = useFeedItems(workspaceId, feed.id)
  return (
    <Modal opened onClose={onClose} title={feed.title ?? feed.url} size="lg">
      {items.isPending ? (
        <SectionLoader />
      ) : items.error ? (
        <ErrorState error={items.error} onRetry={() => items.refetch()} />
      ) : items.data.length === 0 ? (
        <Text c="dimmed" size="sm">
          Nothing read yet. Items published before {when(feed.connected_at)} are never posted.
        </Text>
      ) : (
        <List spacing="xs" size="sm">
          {items.data.map((item) => (
            <List.Item key={`${item.seen_at}-${item.title}-${item.link}`}>
              {item.link ? (
                <Anchor href={item.link} target="_blank" rel="noreferrer">
                  {item.title || item.link}
                </Anchor>
              ) : (
                item.title
              )}{' '}
              <Badge size="xs" variant="light" color={item.post_id ? 'teal' : 'gray'}>
                {OUTCOMES[item.outcome]}
              </Badge>
              {item.problem && (
                <Text size="xs" c="orange.8">
                  {item.problem}
                </Text>
              )}
            </List.Item>
          ))}
        </List>
      )}
    </Modal>
  )
}
