import { ActionIcon, Anchor, Card, Group, Table, Text, Tooltip } from '@mantine/core'
import { IconDownload } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { revenueText } from '../attention/outcome-cards.js'
import type { Outcome, TopLinkRow, TopPostRow } from './traffic-api.js'
import { downloadTopLinksCsv, downloadTopPostsCsv } from './traffic-csv.js'

interface Ranked extends Outcome {
  id: string
  clicks: number
  unique_clicks: number
}

/** A ranked table with the same numeric columns for links and posts, and its CSV download. */
function RankedTable<T extends Ranked>(props: {
  title: string
  testId: string
  label: string
  rows: T[]
  empty: string
  name: (row: T) => ReactNode
  onDownload: () => void
}) {
  return (
    <Card withBorder radius="md" padding="sm" data-testid={props.testId}>
      <Group justify="space-between" mb={4} wrap="nowrap">
        <Text fw={600} size="sm">
          {props.title}
        </Text>
        <Tooltip label="Download CSV">
          <ActionIcon
            variant="subtle"
            size="sm"
            onClick={props.onDownload}
            aria-label={`Download ${props.title.toLowerCase()} as CSV`}
            disabled={props.rows.length === 0}
          >
            <IconDownload size={14} aria-hidden />
          </ActionIcon>
        </Tooltip>
      </Group>
      {props.rows.length === 0 ? (
        <Text size="sm" c="dimmed" py="xs">
          {props.empty}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing={4} horizontalSpacing={6} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{props.label}</Table.Th>
                <Table.Th ta="right">Clicks</Table.Th>
                <Table.Th ta="right">Unique</Table.Th>
                <Table.Th ta="right">Leads</Table.Th>
                <Table.Th ta="right">Sales</Table.Th>
                <Table.Th ta="right">Revenue</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {props.rows.map((row) => (
                <Table.Tr key={row.id}>
                  <Table.Td style={{ wordBreak: 'break-word' }}>{props.name(row)}</Table.Td>
                  <Table.Td ta="right">{row.clicks.toLocaleString()}</Table.Td>
                  <Table.Td ta="right">{row.unique_clicks.toLocaleString()}</Table.Td>
                  <Table.Td ta="right">{row.leads.toLocaleString()}</Table.Td>
                  <Table.Td ta="right">{row.sales.toLocaleString()}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {revenueText(row.revenue)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  )
}

export function TopLinksTable({
  rows,
  onPick,
}: {
  rows: TopLinkRow[]
  onPick: (linkId: string) => void
}) {
  return (
    <RankedTable
      title="Top links"
      testId="top-links"
      label="Link"
      rows={rows}
      empty="No clicks on a tracked link in this period."
      onDownload={() => downloadTopLinksCsv(rows)}
      name={(row) => (
        <>
          <Anchor component="button" type="button" size="sm" onClick={() => onPick(row.id)}>
            /{row.code}
          </Anchor>
          <Text size="xs" c="dimmed" lineClamp={1}>
            {row.destination}
          </Text>
        </>
      )}
    />
  )
}

export function TopPostsTable({
  rows,
  onPick,
}: {
  rows: TopPostRow[]
  onPick: (postId: string) => void
}) {
  return (
    <RankedTable
      title="Top posts"
      testId="top-posts"
      label="Post"
      rows={rows}
      empty="No clicks on links made for a post in this period."
      onDownload={() => downloadTopPostsCsv(rows)}
      name={(row) => (
        <Anchor component="button" type="button" size="sm" ta="left" onClick={() => onPick(row.id)}>
          <Text span size="sm" lineClamp={2}>
            {row.text || '(no text)'}
          </Text>
        </Anchor>
      )}
    />
  )
}
