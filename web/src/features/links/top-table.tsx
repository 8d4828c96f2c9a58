import { ActionIcon, Card, Group, Table, Text, Tooltip } from '@mantine/core'
import { IconDownload } from '@tabler/icons-react'
import type { TopEntry } from '../../api/link-types.js'

const regionNames = (() => {
  try {
    return new Intl.DisplayNames(undefined, { type: 'region' })
  } catch {
    return null
  }
})()

/** "FR" → "France"; the API says "unknown" when the country could not be told. */
export function countryName(code: string): string {
  if (code === 'unknown' || !/^[A-Z]{2}$/i.test(code)) return code === 'unknown' ? 'Unknown' : code
  try {
    return regionNames?.of(code.toUpperCase()) ?? code
  } catch {
    return code
  }
}

const DEVICE_NAMES: Record<string, string> = {
  desktop: 'Desktop',
  mobile: 'Phone',
  tablet: 'Tablet',
  other: 'Other (TV, console…)',
  unknown: 'Unknown',
}

export const deviceName = (value: string) => DEVICE_NAMES[value] ?? value
export const referrerName = (value: string) =>
  value === 'direct' ? 'Direct (no referrer)' : value === 'unknown' ? 'Unknown' : value

interface TopTableProps {
  title: string
  /** Column heading for the values, e.g. "Country". */
  label: string
  rows: TopEntry[]
  display?: (value: string) => string
  onDownload: () => void
}

/** A top list (referrers, countries, devices) with its share of clicks. */
export function TopTable({ title, label, rows, display = (v) => v, onDownload }: TopTableProps) {
  const total = rows.reduce((sum, row) => sum + row.clicks, 0)
  return (
    <Card withBorder radius="md" padding="sm">
      <Group justify="space-between" mb={4} wrap="nowrap">
        <Text fw={600} size="sm">
          {title}
        </Text>
        <Tooltip label="Download CSV">
          <ActionIcon
            variant="subtle"
            size="sm"
            onClick={onDownload}
            aria-label={`Download ${title.toLowerCase()} as CSV`}
            disabled={rows.length === 0}
          >
            <IconDownload size={14} aria-hidden />
          </ActionIcon>
        </Tooltip>
      </Group>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed" py="xs">
          No clicks in this period.
        </Text>
      ) : (
        <Table verticalSpacing={4} horizontalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{label}</Table.Th>
              <Table.Th ta="right">Clicks</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.value}>
                <Table.Td style={{ wordBreak: 'break-word' }}>{display(row.value)}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {row.clicks.toLocaleString()}
                  <Text span size="xs" c="dimmed">
                    {' '}
                    ({total ? Math.round((row.clicks / total) * 100) : 0}%)
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  )
}
