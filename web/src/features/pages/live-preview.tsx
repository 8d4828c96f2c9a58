import { Alert, Box, Group, Loader, Paper, SegmentedControl, Text } from '@mantine/core'
import { useEffect, useState } from 'react'
import { errorMessage } from '../../lib/notify.js'

interface LivePreviewProps {
  title: string
  html: string | undefined
  loading: boolean
  error: unknown
}

const WIDTHS = { phone: 375, desktop: 1024 } as const

/**
 * A public page rendered by the server with unsaved settings, shown in a sandboxed iframe. Its
 * stylesheet is same-origin (/p/assets/…), so srcdoc needs no base URL; scripts stay off.
 */
export function LivePreview({ title, html, loading, error }: LivePreviewProps) {
  const [device, setDevice] = useState<keyof typeof WIDTHS>('phone')
  // A refused draft has no page: keep showing the last one that rendered.
  const [shown, setShown] = useState(html ?? '')
  useEffect(() => {
    if (html) setShown(html)
  }, [html])
  const problem = error ? errorMessage(error) : null
  return (
    <Paper withBorder radius="md" p="sm">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Group gap="xs">
          <Text fw={600} size="sm">
            Live preview
          </Text>
          {loading && <Loader size="xs" aria-label="Updating the preview" />}
        </Group>
        <SegmentedControl
          size="xs"
          aria-label="Preview width"
          value={device}
          onChange={(value) => setDevice(value as keyof typeof WIDTHS)}
          data={[
            { value: 'phone', label: 'Phone' },
            { value: 'desktop', label: 'Computer' },
          ]}
        />
      </Group>
      {problem && (
        <Alert color="yellow" variant="light" mb="xs" p="xs">
          <Text size="xs">The preview shows the last valid version: {problem}</Text>
        </Alert>
      )}
      <Box style={{ overflowX: 'auto' }}>
        <iframe
          title={title}
          srcDoc={shown}
          sandbox="allow-same-origin"
          data-testid="live-preview"
          style={{
            display: 'block',
            width: WIDTHS[device],
            maxWidth: device === 'phone' ? '100%' : undefined,
            height: 640,
            margin: '0 auto',
            border: '1px solid var(--mantine-color-default-border)',
            borderRadius: 8,
            background: 'white',
          }}
        />
      </Box>
    </Paper>
  )
}
