import { ActionIcon, Badge, Card, Group, Select, Table, Text, Tooltip } from '@mantine/core'
import { IconDownload } from '@tabler/icons-react'
import { csvFileName, downloadCsv } from '../../lib/csv.js'
import { formatDateTime } from '../../lib/format.js'
import { NETWORKS } from '../../lib/networks.js'
import { METRIC_LABELS, type MetricName, type TopPost, type TopSort } from './attention-api.js'

const COLUMNS: MetricName[] = [
  'impressions',
  'views',
  'likes',
  'reposts',
  'shares',
  'replies',
  'quotes',
]

export const SORT_OPTIONS: Array<{ value: TopSort; label: string }> = [
  { value: 'engagements', label: 'Engagements' },
  { value: 'engagement_rate', label: 'Engagement rate' },
  ...COLUMNS.map((name) => ({ value: name, label: METRIC_LABELS[name] })),
  { value: 'published_at', label: 'Newest' },
]

function cell(post: TopPost, name: MetricName) {
  const value = post.metrics[name]
  if (value !== null) return value.toLocaleString()
  const offered = !post.not_available.includes(name)
  const network = NETWORKS[post.network]?.name ?? post.network
  return (
    <Tooltip label={offered ? 'Not read yet' : `Not available from ${network}`}>
      <Text span c="dimmed" size="sm">
        {offered ? '…' : 'n/a'}
      </Text>
    </Tooltip>
  )
}

export function downloadTopPostsCsv(posts: TopPost[]) {
  downloadCsv(
    csvFileName('top-posts'),
    [
      'Published',
      'Network',
      'Channel',
      'Text',
      'Engagements',
      'Engagement rate',
      'Rate basis',
      ...COLUMNS.map((c) => METRIC_LABELS[c]),
    ],
    posts.map((post) => [
      post.published_at,
      post.network,
      `@${post.handle}`,
      post.text,
      post.engagements,
      post.engagement_rate?.value ?? '',
      post.engagement_rate?.basis ?? '',
      ...COLUMNS.map(
        (c) =>
          post.metrics[c] ??
          (post.not_available.includes(c) ? `not available from ${post.network}` : ''),
      ),
    ]),
  )
}

/** The period's posts, sortable by any metric; "n/a" where the network has no such number. */
export function TopPostsTable(props: {
  posts: TopPost[]
  sort: TopSort
  onSort: (sort: TopSort) => void
}) {
  return (
    <Card withBorder radius="md" padding="sm">
      <Group justify="space-between" mb="xs">
        <Text fw={600} size="sm">
          Top posts
        </Text>
        <Group gap="xs">
          <Select
            size="xs"
            aria-label="Sort top posts by"
            data={SORT_OPTIONS}
            value={props.sort}
            onChange={(value) => value && props.onSort(value as TopSort)}
            allowDeselect={false}
            w={180}
          />
          <Tooltip label="Download CSV">
            <ActionIcon
              variant="subtle"
              onClick={() => downloadTopPostsCsv(props.posts)}
              aria-label="Download top posts as CSV"
              disabled={props.posts.length === 0}
            >
              <IconDownload size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      <Table.ScrollContainer minWidth={800}>
        <Table striped highlightOnHover fz="sm" data-testid="top-posts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Post</Table.Th>
              <Table.Th>Published</Table.Th>
              <Table.Th ta="right">Engagements</Table.Th>
              <Table.Th ta="right">Rate</Table.Th>
              {COLUMNS.map((name) => (
                <Table.Th key={name} ta="right">
                  {METRIC_LABELS[name]}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.posts.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4 + COLUMNS.length}>
                  <Text size="sm" c="dimmed">
                    No post published in this period.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {props.posts.map((post) => (
              <Table.Tr key={post.delivery_id}>
                <Table.Td maw={320}>
                  <Text size="sm" lineClamp={2}>
                    {post.text}
                  </Text>
                  <Group gap={4}>
                    <Badge size="xs" variant="light">
                      {NETWORKS[post.network]?.name ?? post.network} @{post.handle}
                    </Badge>
                    {post.deleted && (
                      <Badge size="xs" color="gray">
                        deleted
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{formatDateTime(post.published_at)}</Table.Td>
                <Table.Td ta="right">{post.engagements.toLocaleString()}</Table.Td>
                <Table.Td ta="right">
                  {post.engagement_rate
                    ? `${(post.engagement_rate.value * 100).toFixed(2)}% ÷ ${post.engagement_rate.basis}`
                    : '—'}
                </Table.Td>
                {COLUMNS.map((name) => (
                  <Table.Td key={name} ta="right">
                    {cell(post, name)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  )
}
