import { Group, Text, ThemeIcon } from '@mantine/core'
import { IconMessageCircle2 } from '@tabler/icons-react'

export function Logo({ withName = true }: { withName?: boolean }) {
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon radius="md" size="md" aria-hidden>
        <IconMessageCircle2 size={18} />
      </ThemeIcon>
      {withName && (
        <Text fw={700} size="lg">
          Murmur
        </Text>
      )}
    </Group>
  )
}
