import { setTimeout as sleep } from 'node:timers/promises'
import type { DraftMedia } from '../spec/network-draft.js'
import { NetworkError } from '../spec/network-error.js'
import type { MastodonClient } from './mastodon-client.js'

export interface MediaPolling {
  intervalMs: number
  timeoutMs: number
}

interface MediaAttachment {
  id?: unknown
  url?: unknown
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'video/quicktime': 'mov',
}

/**
 * Uploads one attachment with its alt text (`POST /api/v2/media`, `file` + `description`). Small
 * images come back processed (200); videos and large images come back 202 with `url: null`, and
 * `GET /api/v1/media/:id` answers 206 until processing is done. Safe to repeat: media that never
 * get attached are removed by the server.
 */
export async function uploadMastodonMedia(
  client: MastodonClient,
  media: DraftMedia,
  label: string,
  polling: MediaPolling,
): Promise<string> {
  const form = new FormData()
  const name = `media.${EXTENSIONS[media.mimeType] ?? 'bin'}`
  form.append(
    'file',
    new Blob([media.data as Uint8Array<ArrayBuffer>], { type: media.mimeType }),
    name,
  )
  const description = media.altText?.trim()
  if (description) form.append('description', description)
  const uploaded = await client.request<MediaAttachment>({
    method: 'POST',
    path: '/api/v2/media',
    form,
    action: 'image',
    idempotent: true,
  })
  const id = uploaded.body.id
  if (typeof id !== 'string' || id === '') {
    throw new NetworkError({
      network: 'mastodon',
      kind: 'retryable',
      status: uploaded.status,
      message: `Mastodon: ${label} was uploaded but the server returned no media id`,
    })
  }
  if (uploaded.status === 200 && typeof uploaded.body.url === 'string') return id
  const deadline = client.now() + polling.timeoutMs
  while (client.now() < deadline) {
    await sleep(polling.intervalMs)
    const state = await client.request<MediaAttachment>({
      method: 'GET',
      path: `/api/v1/media/${encodeURIComponent(id)}`,
      action: 'image',
      idempotent: true,
    })
    if (state.status === 200 && typeof state.body.url === 'string') return id
  }
  throw new NetworkError({
    network: 'mastodon',
    kind: 'retryable',
    message: `Mastodon: the server is still processing ${label}; try again in a few minutes`,
  })
}
