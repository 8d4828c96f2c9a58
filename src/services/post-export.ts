import { csvCell } from '../core/csv-posts/cell.js'
import type { DeliveryState } from '../storage/tables/publishing.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { listChannels } from './channels.js'
import type { PostView } from './post-views.js'
import { listPosts } from './posts.js'

export type ExportFormat = 'csv' | 'json'

/** One channel of an exported post: where it stands and where it is on the network. */
export interface ExportedDelivery {
  channel: string
  network: string
  state: DeliveryState
  scheduled_at: string | null
  published_at: string | null
  url: string | null
  error: string | null
}

/** A post as the export writes it; the import reads the same names back. */
export interface ExportedPost {
  id: string
  text: string
  channels: string[]
  /** When it is scheduled (a re-import schedules it again); null once published or for drafts. */
  time: string | null
  images: string[]
  alt_text: string[]
  labels: string[]
  campaign: string | null
  first_comment: string | null
  state: DeliveryState
  created_at: string
  deliveries: ExportedDelivery[]
}

const CSV_COLUMNS = [
  'id',
  'text',
  'channels',
  'time',
  'images',
  'alt_text',
  'labels',
  'campaign',
  'first_comment',
  'state',
  'deliveries',
  'links',
  'published_at',
  'created_at',
] as const

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

function exported(post: PostView, channelNames: Map<string, string>): ExportedPost {
  const media = post.content.parts.flatMap((part) => part.media)
  const scheduled = post.deliveries
    .filter((d) => d.state === 'scheduled' && d.scheduled_at !== null)
    .map((d) => d.scheduled_at!)
  return {
    id: post.id,
    // A thread's parts, one after the other, separated by a blank line.
    text: post.content.parts.map((part) => part.text).join('\n\n'),
    channels: post.deliveries.map((d) => channelNames.get(d.channel_id) ?? d.channel_id),
    time: scheduled.length > 0 ? iso(Math.min(...scheduled)) : null,
    images: media.map((m) => m.media_id),
    alt_text: media.map((m) => m.alt_text ?? ''),
    labels: post.labels,
    campaign: post.campaign,
    first_comment: post.content.first_comment,
    state: post.state,
    created_at: new Date(post.created_at).toISOString(),
    deliveries: post.deliveries.map((d) => ({
      channel: channelNames.get(d.channel_id) ?? d.channel_id,
      network: d.network,
      state: d.state,
      scheduled_at: iso(d.scheduled_at),
      published_at: iso(d.published_at),
      url: d.url,
      error: d.error?.message ?? null,
    })),
  }
}

function csvLine(post: ExportedPost): string {
  const published = post.deliveries.map((d) => d.published_at).filter((at) => at !== null)
  return [
    post.id,
    post.text,
    post.channels.join(' '),
    post.time,
    post.images.join(' '),
    post.alt_text.some(Boolean) ? post.alt_text.join(' | ') : '',
    post.labels.join('; '),
    post.campaign,
    post.first_comment,
    post.state,
    post.deliveries.map((d) => `${d.channel}=${d.state}`).join(' '),
    post.deliveries.flatMap((d) => (d.url ? [d.url] : [])).join(' '),
    published.sort()[0] ?? null,
    post.created_at,
  ]
    .map((value) => csvCell(value === '' ? null : value))
    .join(',')
}

/**
 * The workspace's posts of a period (by each delivery's time: published, else scheduled, else
 * created), as CSV or JSON, with each channel's state and link. Read page by page; `onProgress`
 * hears the count so far. The file can be imported back (docs/import-export.md).
 */
export async function exportPosts(
  scope: WorkspaceScope,
  input: {
    format: ExportFormat
    from?: number | undefined
    to?: number | undefined
    onProgress?: (done: number) => void
  },
): Promise<string> {
  const channelNames = new Map(
    (await listChannels(scope)).map((c) => [c.id, `${c.network}:${c.handle}`]),
  )
  const posts: ExportedPost[] = []
  let cursor: string | undefined
  do {
    const page = await listPosts(scope, {
      from: input.from,
      to: input.to,
      order: 'asc',
      limit: 200,
      cursor,
    })
    for (const post of page.data) posts.push(exported(post, channelNames))
    input.onProgress?.(posts.length)
    cursor = page.next_cursor ?? undefined
  } while (cursor)
  if (input.format === 'json') {
    return `${JSON.stringify(
      {
        from: iso(input.from ?? null),
        to: iso(input.to ?? null),
        posts,
      },
      null,
      2,
    )}\n`
  }
  return `${[CSV_COLUMNS.join(','), ...posts.map(csvLine)].join('\r\n')}\r\n`
}
