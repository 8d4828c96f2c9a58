import { Badge, Group, List, ScrollArea, Table, Text } from '@mantine/core'
import type { ImportRow, ImportRowStatus, PostImport } from './import-api.js'

const STATUS: Record<ImportRowStatus, { label: string; color: string }> = {
  good: { label: 'Ready', color: 'teal' },
  bad: { label: 'Problem', color: 'red' },
  duplicate: { label: 'Already imported', color: 'gray' },
  imported: { label: 'Imported', color: 'green' },
  failed: { label: 'Refused', color: 'orange' },
}

/** At most this many rows are drawn; the counts above still cover the whole file. */
const SHOWN_ROWS = 300

function when(row: ImportRow): string {
  if (row.time === null) return 'Draft'
  if (row.time === 'queue') return 'Next queue slot'
  return new Date(row.time).toLocaleString()
}

/** Counts, then one line per row: bad rows first, with every reason to fix. */
export function ImportPreview({ preview }: { preview: PostImport }) {
  const order: ImportRowStatus[] = ['bad', 'failed', 'good', 'imported', 'duplicate']
  const rows = [...preview.rows].sort(
    (a, b) => order.indexOf(a.status) - order.indexOf(b.status) || a.row - b.row,
  )
  return (
    <>
      <Group gap="xs">
        <Badge color="gray" variant="light">
          {preview.total_rows} rows
        </Badge>
        <Badge color="teal" variant="light">
          {preview.good_rows} ready
        </Badge>
        <Badge color={preview.bad_rows > 0 ? 'red' : 'gray'} variant="light">
          {preview.bad_rows} with problems
        </Badge>
        {preview.duplicate_rows > 0 && (
          <Badge color="gray" variant="light">
            {preview.duplicate_rows} already imported
          </Badge>
        )}
      </Group>
      <ScrollArea.Autosize mah={480}>
        <Table striped verticalSpacing="xs" aria-label="Rows of the file">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Row</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Post</Table.Th>
              <Table.Th>Channels</Table.Th>
              <Table.Th>When</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.slice(0, SHOWN_ROWS).map((row) => (
              <Table.Tr key={row.row} data-status={row.status}>
                <Table.Td>{row.row}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS[row.status].color} variant="light">
                    {STATUS[row.status].label}
                  </Badge>
                </Table.Td>
                <Table.Td maw={420}>
                  <Text size="sm" lineClamp={2}>
                    {row.text || <em>(no text)</em>}
                  </Text>
                  {row.problems.length > 0 && (
                    <List size="xs" c="red.7" mt={4}>
                      {row.problems.map((problem) => (
                        <List.Item key={problem}>{problem}</List.Item>
                      ))}
                    </List>
                  )}
                  {row.warnings.length > 0 && (
                    <List size="xs" c="yellow.8" mt={4}>
                      {row.warnings.map((warning) => (
                        <List.Item key={warning}>{warning}</List.Item>
                      ))}
                    </List>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{row.channels.join(', ') || '—'}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{when(row)}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {rows.length > SHOWN_ROWS && (
        <Text size="xs" c="dimmed">
          The first {SHOWN_ROWS} rows are shown (rows with problems first).
        </Text>
      )}
    </>
  )
}
