import { Avatar, Box, Card, Group, Stack, Text, useComputedColorScheme } from '@mantine/core'
import { IconDots, IconHeart, IconMessageCircle, IconRepeat, IconShare3 } from '@tabler/icons-react'
import { memo } from 'react'
import type { Channel, NetworkId } from '../../api/publishing-types.js'
import { NETWORKS } from '../../lib/networks.js'
import type { DraftContent } from './compose-model.js'
import { MediaGrid } from './media-grid.js'
import { RichText } from './rich-text.js'

const LINK_COLOR: Record<NetworkId, { light: string; dark: string }> = {
  bluesky: { light: '#0a62d0', dark: '#3d9bff' },
  x: { light: '#1a7ac2', dark: '#1d9bf0' },
  mastodon: { light: '#4b4cd6', dark: '#8c8dff' },
  threads: { light: '#0064c8', dark: '#5aa8ff' },
  facebook: { light: '#0a58ca', dark: '#4599ff' },
  instagram: { light: '#00376b', dark: '#e0f1ff' },
  linkedin: { light: '#0a66c2', dark: '#71b7fb' },
}

interface NetworkPreviewProps {
  channel: Channel
  content: DraftContent
  /** "now", "Tue 9:30": when the post would appear. */
  when: string
}

/** The post as it would look in the network's feed: one block per part, a thread line between. */
export const NetworkPreview = memo(function NetworkPreview({
  channel,
  content,
  when,
}: NetworkPreviewProps) {
  const scheme = useComputedColorScheme('light')
  const network = NETWORKS[channel.network]
  const linkColor = LINK_COLOR[channel.network][scheme]
  const parts = content.parts.filter((part) => part.text.trim() || part.media.length)
  const firstComment = content.firstComment.trim()
  const name = channel.display_name || channel.handle

  return (
    <Card
      withBorder
      radius="md"
      padding={0}
      component="figure"
      m={0}
      aria-label={`Preview on ${network.name} @${channel.handle}`}
    >
      <Group
        gap={6}
        px="sm"
        py={6}
        style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
        component="figcaption"
      >
        <network.icon size={14} color={network.color} aria-hidden />
        <Text size="xs" c="dimmed" fw={500}>
          {network.name} · @{channel.handle}
        </Text>
      </Group>
      <Stack gap={0} p="sm">
        {parts.length === 0 && (
          <Text size="sm" c="dimmed" py="md" ta="center">
            Start writing to see the preview.
          </Text>
        )}
        {parts.map((part, index) => (
          <PostBlock
            key={part.key}
            channel={channel}
            name={name}
            when={when}
            threaded={index < parts.length - 1 || Boolean(firstComment)}
          >
            <Text
              size="sm"
              style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', lineHeight: 1.45 }}
            >
              <RichText text={part.text} linkColor={linkColor} />
            </Text>
            <MediaGrid network={channel.network} items={part.media} />
          </PostBlock>
        ))}
        {firstComment && parts.length > 0 && (
          <PostBlock channel={channel} name={name} when={when} threaded={false}>
            <Text size="xs" c="dimmed" mb={2}>
              First comment
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              <RichText text={firstComment} linkColor={linkColor} />
            </Text>
          </PostBlock>
        )}
      </Stack>
    </Card>
  )
})

function PostBlock({
  channel,
  name,
  when,
  threaded,
  children,
}: {
  channel: Channel
  name: string
  when: string
  threaded: boolean
  children: React.ReactNode
}) {
  const actions = [
    ['reply', IconMessageCircle],
    ['repost', IconRepeat],
    ['like', IconHeart],
    ['share', IconShare3],
  ] as const
  return (
    <Group align="stretch" gap="sm" wrap="nowrap">
      <Stack gap={0} align="center">
        <Avatar
          src={channel.avatar_url ?? undefined}
          alt=""
          radius="xl"
          size={40}
          name={name}
          color="initials"
        />
        {threaded && (
          <Box
            aria-hidden
            style={{
              flex: 1,
              width: 2,
              marginBlock: 4,
              background: 'var(--mantine-color-default-border)',
            }}
          />
        )}
      </Stack>
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }} pb="sm">
        <Group gap={4} wrap="nowrap" miw={0}>
          <Text size="sm" fw={700} truncate="end">
            {name}
          </Text>
          <Text size="sm" c="dimmed" truncate="end" style={{ flexShrink: 1 }}>
            @{channel.handle}
          </Text>
          <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
            · {when}
          </Text>
          <IconDots
            size={14}
            style={{ marginLeft: 'auto', flexShrink: 0 }}
            aria-hidden
            color="gray"
          />
        </Group>
        {children}
        <Group gap="xl" mt={6} c="dimmed" aria-hidden>
          {actions.map(([name, Icon]) => (
            <Icon key={name} size={15} stroke={1.6} />
          ))}
        </Group>
      </Stack>
    </Group>
  )
}
