import { Badge, Box, Center } from '@mantine/core'
import { IconMovie } from '@tabler/icons-react'
import type { CSSProperties } from 'react'
import type { NetworkId } from '../../api/publishing-types.js'
import { NETWORKS } from '../../lib/networks.js'
import type { DraftMedia } from './compose-model.js'

interface Layout {
  /** Width / height of the whole block. */
  aspect: number
  columns: string
  rows: string
  /** grid-area of each item, by count. */
  areas?: string[]
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value))

/**
 * How each network crops attachments in the feed: one image keeps its shape on Bluesky (within
 * limits) but is cut to 16:9 on X and Mastodon; two sit side by side; three are one tall and two
 * stacked; four make a grid.
 */
function layoutFor(network: NetworkId, items: DraftMedia[]): Layout {
  const count = items.length
  if (count === 1) {
    const first = items[0]?.media
    const natural = first?.width && first.height ? first.width / first.height : 4 / 3
    const fixed = NETWORKS[network].singleImageAspect
    return { aspect: fixed || clamp(natural, 3 / 4, 2), columns: '1fr', rows: '1fr' }
  }
  const wide = network === 'bluesky' ? 2 : 16 / 9
  if (count === 2) return { aspect: wide, columns: '1fr 1fr', rows: '1fr' }
  if (count === 3) {
    return {
      aspect: network === 'bluesky' ? 3 / 2 : 16 / 9,
      columns: '1fr 1fr',
      rows: '1fr 1fr',
      areas: ['1 / 1 / 3 / 2', '1 / 2 / 2 / 3', '2 / 2 / 3 / 3'],
    }
  }
  return { aspect: network === 'bluesky' ? 3 / 2 : 16 / 9, columns: '1fr 1fr', rows: '1fr 1fr' }
}

export function MediaGrid({ network, items }: { network: NetworkId; items: DraftMedia[] }) {
  const shown = items.slice(0, 4)
  if (shown.length === 0) return null
  const layout = layoutFor(network, shown)
  const style: CSSProperties = {
    display: 'grid',
    gridTemplateColumns: layout.columns,
    gridTemplateRows: layout.rows,
    gap: 4,
    aspectRatio: String(layout.aspect),
    borderRadius: network === 'x' ? 16 : 10,
    overflow: 'hidden',
    border: '1px solid var(--mantine-color-default-border)',
    marginTop: 8,
  }
  return (
    <div style={style}>
      {shown.map((item, index) => (
        <Box
          key={item.key}
          pos="relative"
          style={{ gridArea: layout.areas?.[index], minHeight: 0, minWidth: 0 }}
          bg="var(--mantine-color-default-hover)"
        >
          {item.media.mime_type.startsWith('video/') ? (
            <Center h="100%" c="dimmed">
              <IconMovie size={28} aria-label="Video" role="img" />
            </Center>
          ) : (
            <img
              src={item.media.thumbnail_url ?? item.media.url}
              alt={item.altText}
              style={{ width: '100%', height: '100%', objectFit: 'cover', display: 'block' }}
              loading="lazy"
            />
          )}
          {item.altText.trim() && (
            <Badge
              size="xs"
              color="dark"
              variant="filled"
              pos="absolute"
              bottom={6}
              left={6}
              style={{ opacity: 0.85 }}
              aria-hidden
            >
              ALT
            </Badge>
          )}
        </Box>
      ))}
    </div>
  )
}
