import { Avatar, Chip, Group, Text, Tooltip } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import type { Channel } from '../../api/publishing-types.js'
import { NETWORKS } from '../../lib/networks.js'

interface ChannelPickerProps {
  channels: Channel[]
  selected: string[]
  onChange: (selected: string[]) => void
  disabled?: boolean
}

/** Which channels the post goes to: one chip per connected account. */
export function ChannelPicker({ channels, selected, onChange, disabled }: ChannelPickerProps) {
  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
      <Text component="legend" size="sm" fw={500} mb={6} p={0}>
        Post to
      </Text>
      <Chip.Group multiple value={selected} onChange={onChange}>
        <Group gap="xs">
          {channels.map((channel) => {
            const network = NETWORKS[channel.network]
            const broken = channel.status === 'needs_reconnect'
            const chip = (
              <Chip
                key={channel.id}
                value={channel.id}
                variant="light"
                disabled={disabled}
                color={broken ? 'red' : undefined}
                styles={{ label: { paddingInline: 10 } }}
              >
                <Group gap={6} wrap="nowrap">
                  <network.icon size={14} aria-hidden />
                  <Avatar
                    src={channel.avatar_url ?? undefined}
                    alt=""
                    size={18}
                    radius="xl"
                    name={channel.display_name || channel.handle}
                    color="initials"
                  />
                  <span>
                    {network.name} @{channel.handle}
                  </span>
                  {broken && (
                    <IconAlertTriangle
                      size={14}
                      color="var(--mantine-color-red-6)"
                      aria-label="needs reconnecting"
                    />
                  )}
                </Group>
              </Chip>
            )
            return broken ? (
              <Tooltip
                key={channel.id}
                label="Needs reconnecting: nothing is published here until then"
                multiline
                w={240}
              >
                <span>{chip}</span>
              </Tooltip>
            ) : (
              chip
            )
          })}
        </Group>
      </Chip.Group>
    </fieldset>
  )
}
