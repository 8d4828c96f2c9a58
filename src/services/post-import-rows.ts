import { createHash } from 'node:crypto'
import type { RawRow } from '../core/csv-posts/read-file.js'
import { splitList } from '../core/csv-posts/row-key.js'
import { parseRowTime, type RowTime } from '../core/csv-posts/time.js'
import { isMurmurError } from '../core/errors.js'
import type { Murmur } from '../murmur.js'
import {
  isSafeFetchError,
  murmurUserAgent,
  type SafeFetchOptions,
  safeFetch,
} from '../net/safe-fetch/index.js'
import { NETWORK_NAMES } from '../networks/spec/index.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { type Channel, channelLabel } from './channels.js'
import { uploadMedia } from './media.js'
import type { PostContent } from './post-content.js'
import { checkChannels } from './post-validation.js'

/** What a good row becomes: the post `createPost` is given. */
export interface ResolvedRow {
  content: PostContent
  channel_ids: string[]
  time: RowTime
  labels: string[]
  campaign: string | null
}

export type ImportRowStatus = 'good' | 'bad' | 'duplicate' | 'imported' | 'failed'

export interface ImportRow {
  row: number
  key: string
  status: ImportRowStatus
  text: string
  channels: string[]
  /** ISO instant, "queue", or null for a draft. */
  time: string | null
  images: number
  labels: string[]
  campaign: string | null
  /** Why the row cannot be imported (errors), each a sentence naming what to fix. */
  problems: string[]
  warnings: string[]
  post_id: string | null
  resolved: ResolvedRow | null
}

/** What resolving rows needs once per file: the channels, the zone, fetched images. */
export interface RowContext {
  channels: Channel[]
  timeZone: string
  now: number
  createdBy: string | null
  fetch: Partial<SafeFetchOptions>
  /** Image URL → media id or the reason it could not be used (one fetch per URL per file). */
  images: Map<string, Promise<{ mediaId: string } | { problem: string }>>
  /** Media this file added to the library (removed again if the import is thrown away). */
  createdMedia: string[]
}

/** Past this, a time is "in the past" (a file prepared a minute ago is fine). */
const PAST_TOLERANCE_MS = 60_000

/**
 * Finds a channel by what a person writes in a spreadsheet: its id, "network:handle",
 * "@handle", or the network alone when the workspace has one channel there.
 */
export function findChannel(channels: Channel[], token: string): Channel | string {
  const lower = token.toLowerCase()
  const byId = channels.find((channel) => channel.id === token)
  if (byId) return byId
  const networkOf = (name: string) =>
    Object.entries(NETWORK_NAMES).find(
      ([id, label]) =>
        id === name || label.toLowerCase() === name || (name === 'twitter' && id === 'x'),
    )?.[0]
  const colon = lower.indexOf(':')
  if (colon > 0) {
    const network = networkOf(lower.slice(0, colon))
    const handle = lower.slice(colon + 1).replace(/^@/, '')
    const match = channels.find((c) => c.network === network && c.handle.toLowerCase() === handle)
    if (match) return match
  } else {
    const network = networkOf(lower)
    if (network) {
      const onNetwork = channels.filter((channel) => channel.network === network)
      if (onNetwork.length === 1) return onNetwork[0]!
      if (onNetwork.length > 1) {
        return `"${token}" could be ${onNetwork.map(channelLabel).join(' or ')}: write network:handle, like ${onNetwork[0]!.network}:${onNetwork[0]!.handle}.`
      }
    }
    const handle = lower.replace(/^@/, '')
    const matches = channels.filter((channel) => channel.handle.toLowerCase() === handle)
    if (matches.length === 1) return matches[0]!
    if (matches.length > 1) {
      return `"${token}" is a handle on several networks: write network:handle, like ${matches[0]!.network}:${matches[0]!.handle}.`
    }
  }
  const known = channels.map((c) => `${c.network}:${c.handle}`).join(', ')
  return `Channel "${token}" is not one of this workspace's channels${known ? ` (${known})` : ' (connect one first)'}.`
}

async function fetchImage(
  murmur: Murmur,
  scope: WorkspaceScope,
  context: RowContext,
  url: string,
): Promise<{ mediaId: string } | { problem: string }> {
  try {
    const response = await safeFetch(url, {
      maxBytes: murmur.config.mediaMaxBytes,
      timeoutMs: 20_000,
      userAgent: murmurUserAgent(murmur.config.publicUrl),
      headers: { accept: 'image/*,video/*;q=0.8' },
      ...context.fetch,
    })
    if (!response.ok) return { problem: `Image ${url} answered HTTP ${response.status}.` }
    const bytes = new Uint8Array(response.body)
    // The same picture already in the library is used again, not stored twice.
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    const known = await scope
      .selectFrom('media')
      .select('id')
      .where('sha256', '=', sha256)
      .executeTakeFirst()
    if (known) return { mediaId: known.id }
    const fileName = decodeURIComponent(new URL(response.url).pathname.split('/').pop() ?? '')
    const media = await uploadMedia(murmur, scope, {
      bytes,
      fileName: fileName || undefined,
      createdBy: context.createdBy,
    })
    context.createdMedia.push(media.id)
    return { mediaId: media.id }
  } catch (error) {
    if (isSafeFetchError(error)) {
      const tooLarge = error.code === 'too_large'
      return {
        problem: tooLarge
          ? `Image ${url} is larger than the upload limit (MURMUR_MEDIA_MAX_BYTES).`
          : `Image ${url} could not be fetched: ${error.message}`,
      }
    }
    if (isMurmurError(error)) return { problem: `Image ${url}: ${error.message}` }
    throw error
  }
}

async function mediaOf(
  murmur: Murmur,
  scope: WorkspaceScope,
  context: RowContext,
  tokens: string[],
  problems: string[],
): Promise<string[]> {
  const ids: string[] = []
  for (const token of tokens) {
    if (/^https?:\/\//i.test(token)) {
      let pending = context.images.get(token)
      if (!pending) {
        pending = fetchImage(murmur, scope, context, token)
        context.images.set(token, pending)
      }
      const result = await pending
      if ('problem' in result) problems.push(result.problem)
      else ids.push(result.mediaId)
      continue
    }
    const known = await scope
      .selectFrom('media')
      .select('id')
      .where('id', '=', token)
      .executeTakeFirst()
    if (known) ids.push(known.id)
    else
      problems.push(
        `Image "${token}" is neither a web address (https://…) nor the id of media in this workspace's library.`,
      )
  }
  return ids
}

const timeLabel = (time: RowTime | undefined) =>
  time === undefined || time.type === 'draft'
    ? null
    : time.type === 'queue'
      ? 'queue'
      : new Date(time.at).toISOString()

/**
 * Reads one row into the post it would create, and checks it against the rules of every network
 * it targets. Problems are sentences for the person who wrote the file; nothing is created
 * except the images its URLs point at (kept in the media library).
 */
export async function resolveRow(
  murmur: Murmur,
  scope: WorkspaceScope,
  context: RowContext,
  raw: RawRow,
  key: string,
): Promise<ImportRow> {
  const { cells } = raw
  const problems: string[] = []
  const warnings: string[] = []
  if (raw.extraCells) {
    problems.push(
      'This row has more cells than the file has columns: a comma outside quotes? Put the text in double quotes.',
    )
  }
  const text = cells.text.trim()

  const channels: Channel[] = []
  const channelTokens = splitList(cells.channels, /[\s,;]+/)
  if (channelTokens.length === 0) {
    problems.push('No channel: name at least one, like bluesky:yourname.bsky.social.')
  }
  for (const token of channelTokens) {
    const found = findChannel(context.channels, token)
    if (typeof found === 'string') problems.push(found)
    else if (!channels.includes(found)) channels.push(found)
  }

  let time: RowTime | undefined
  try {
    time = parseRowTime(cells.time, context.timeZone)
    if (time.type === 'at' && time.at < context.now - PAST_TOLERANCE_MS) {
      problems.push(
        `Time ${cells.time.trim()} is in the past. Pick a later time, "queue", or leave it empty for a draft.`,
      )
    }
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error))
  }

  const imageTokens = splitList(cells.images, /\s+/)
  const mediaIds = await mediaOf(murmur, scope, context, imageTokens, problems)
  // Positions matter ("a | | c": the second image keeps its own alt text), so blanks stay.
  const altTexts = cells.alt_text.trim() ? cells.alt_text.split('|').map((alt) => alt.trim()) : []
  if (altTexts.length > imageTokens.length) {
    problems.push(
      `${altTexts.length} alt texts for ${imageTokens.length} image${imageTokens.length === 1 ? '' : 's'}: give one per image, separated by "|".`,
    )
  }
  if (!text && imageTokens.length === 0) problems.push('The row has no text and no image.')

  const content: PostContent = {
    parts: [
      {
        text,
        media: mediaIds.map((media_id, index) => ({
          media_id,
          alt_text: altTexts[index] || null,
        })),
      },
    ],
    first_comment: cells.first_comment.trim() || null,
  }
  // Network rules only mean something once the row's channels and images are known.
  if (problems.length === 0) {
    const checks = await checkChannels(
      murmur,
      scope,
      channels.map((channel) => ({ channel, content })),
    )
    for (const check of checks) {
      for (const problem of check.problems) {
        if (problem.severity === 'error') problems.push(problem.message)
        else warnings.push(problem.message)
      }
    }
  }
  const labels = splitList(cells.labels, /[;,]/)
  const campaign = cells.campaign.trim() || null
  return {
    row: raw.row,
    key,
    status: problems.length > 0 ? 'bad' : 'good',
    text,
    channels: channels.map(channelLabel),
    time: timeLabel(time),
    images: imageTokens.length,
    labels,
    campaign,
    problems,
    warnings,
    post_id: null,
    resolved:
      problems.length > 0 || !time
        ? null
        : { content, channel_ids: channels.map((c) => c.id), time, labels, campaign },
  }
}
