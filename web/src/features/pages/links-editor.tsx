import { ActionIcon, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core'
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react'
import type { PageLinkInput } from '../../api/page-types.js'

interface LinksEditorProps {
  value: PageLinkInput[]
  onChange: (value: PageLinkInput[]) => void
  errors: Record<string, string>
}

/** The link-in-bio buttons, in order; arrows move them (keyboard friendly, unlike dragging). */
export function LinksEditor({ value, onChange, errors }: LinksEditorProps) {
  const update = (index: number, patch: Partial<PageLinkInput>) =>
    onChange(value.map((link, i) => (i === index ? { ...link, ...patch } : link)))
  const move = (index: number, by: -1 | 1) => {
    const next = [...value]
    const [item] = next.splice(index, 1)
    if (item) next.splice(index + by, 0, item)
    onChange(next)
  }

  return (
    <Stack gap="xs">
      {value.length === 0 && (
        <Text size="sm" c="dimmed">
          No links yet. Each link becomes a tracked link, so Links counts its clicks.
        </Text>
      )}
      {value.map((link, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the order is the identity here
        <Paper key={index} withBorder p="xs" radius="md">
          <Group gap="xs" align="flex-start" wrap="nowrap">
            <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
              <TextInput
                label={`Label of link ${index + 1}`}
                value={link.label}
                onChange={(event) => update(index, { label: event.currentTarget.value })}
                error={errors[`links.${index}.label`]}
              />
              <TextInput
                label={`Address of link ${index + 1}`}
                placeholder="https://"
                value={link.url}
                onChange={(event) => update(index, { url: event.currentTarget.value })}
                error={errors[`links.${index}.url`]}
              />
            </Stack>
            <Stack gap={4} pt={24}>
              <ActionIcon
                variant="subtle"
                aria-label={`Move link ${index + 1} up`}
                disabled={index === 0}
                onClick={() => move(index, -1)}
              >
                <IconArrowUp size={16} />
              </ActionIcon>
              <ActionIcon
                variant="subtle"
                aria-label={`Move link ${index + 1} down`}
                disabled={index === value.length - 1}
                onClick={() => move(index, 1)}
              >
                <IconArrowDown size={16} />
              </ActionIcon>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove link ${index + 1}`}
                onClick={() => onChange(value.filter((_, i) => i !== index))}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Stack>
          </Group>
        </Paper>
      ))}
      <Group>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          disabled={value.length >= 30}
          onClick={() => onChange([...value, { label: '', url: '' }])}
        >
          Add a link
        </Button>
      </Group>
    </Stack>
  )
}
