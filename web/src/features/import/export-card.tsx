import { Button, Card, Group, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core'
import { IconDownload } from '@tabler/icons-react'
import { useState } from 'react'
import { exportHref } from './import-api.js'

/** A date field's value as the start of that day, here, with its offset (what the API takes). */
const startOfDay = (date: string) => (date ? new Date(`${date}T00:00:00`).toISOString() : null)

/** Downloads the posts of a period, with each channel's state and link. */
export function ExportCard({ workspaceId }: { workspaceId: string }) {
  const [format, setFormat] = useState<'csv' | 'json'>('csv')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const backwards = Boolean(from && to && to <= from)
  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Export posts
        </Title>
        <Text size="sm" c="dimmed">
          Every post of the period (by its publishing time, else its scheduled time, else when it
          was written), with each channel’s state and link. The file can be imported again.
        </Text>
        <Group align="flex-end">
          <TextInput
            type="date"
            label="From"
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
          />
          <TextInput
            type="date"
            label="Until (not included)"
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            error={backwards ? 'Pick a day after “From”' : undefined}
          />
          <SegmentedControl
            aria-label="Format"
            value={format}
            onChange={(value) => setFormat(value as 'csv' | 'json')}
            data={[
              { value: 'csv', label: 'CSV' },
              { value: 'json', label: 'JSON' },
            ]}
          />
          <Button
            component="a"
            href={exportHref(workspaceId, { format, from: startOfDay(from), to: startOfDay(to) })}
            download
            leftSection={<IconDownload size={16} />}
            disabled={backwards}
          >
            Export
          </Button>
        </Group>
      </Stack>
    </Card>
  )
}
