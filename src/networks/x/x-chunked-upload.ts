/**
 * X's chunked upload for GIFs and video (docs.x.com "Chunked media upload"): INITIALIZE with the
 * type, category and size; APPEND the bytes in numbered segments (at most 5 MB each, indexes 0 to
 * 999); FINALIZE; then, while the answer has `processing_info`, read STATUS after
 * `check_after_secs` until `succeeded` (or `failed`, which X explains in `error.message`).
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { DraftMedia } from '../spec/network-draft.js'
import { NetworkError } from '../spec/network-error.js'
import type { XClient } from './x-client.js'

/** X takes segments up to 5 MB; 4 MiB leaves room for the multipart envelope. */
export const X_SEGMENT_BYTES = 4 * 1024 * 1024
const MAX_SEGMENTS = 1000

export interface XChunkedUploadOptions {
  /** Bytes per APPEND. Default 4 MiB; tests use small ones to see several segments. */
  segmentBytes?: number
  /** Wait between STATUS reads instead of X's `check_after_secs` (tests). */
  pollIntervalMs?: number
  /** Longest wait for X to process the file. Default 5 minutes. */
  processingTimeoutMs?: number
  signal?: AbortSignal
}

interface ProcessingInfo {
  state?: unknown
  check_after_secs?: unknown
  error?: { message?: unknown; name?: unknown }
}

interface UploadAnswer {
  data?: { id?: unknown; processing_info?: ProcessingInfo }
}

/** `tweet_gif` for GIFs, `tweet_video` for MP4 and MOV. */
export function chunkedCategory(mimeType: string): 'tweet_gif' | 'tweet_video' | undefined {
  if (mimeType === 'image/gif') return 'tweet_gif'
  if (mimeType === 'video/mp4' || mimeType === 'video/quicktime') return 'tweet_video'
  return undefined
}

export async function uploadXChunked(
  client: XClient,
  media: DraftMedia,
  label: string,
  options: XChunkedUploadOptions = {},
): Promise<string> {
  const category = chunkedCategory(media.mimeType)
  const action = media.mimeType === 'image/gif' ? 'GIF' : 'video'
  if (!category) throw new Error(`${media.mimeType} does not use the chunked upload`)
  const segmentBytes = Math.max(1, options.segmentBytes ?? X_SEGMENT_BYTES)
  const segments = Math.ceil(media.data.byteLength / segmentBytes)
  if (segments > MAX_SEGMENTS) {
    throw new NetworkError({
      network: 'x',
      kind: 'content_rejected',
      message: `X: ${label} is too large to upload in ${MAX_SEGMENTS} segments`,
    })
  }
  const initialized = await client.request<UploadAnswer>({
    method: 'POST',
    path: '/2/media/upload/initialize',
    json: {
      media_type: media.mimeType,
      total_bytes: media.data.byteLength,
      media_category: category,
    },
    action,
    idempotent: true,
  })
  const id = mediaIdOf(initialized.body, label)
  for (let index = 0; index < segments; index++) {
    const part = media.data.subarray(index * segmentBytes, (index + 1) * segmentBytes)
    const form = new FormData()
    form.append('media', new Blob([part as Uint8Array<ArrayBuffer>], { type: media.mimeType }))
    form.append('segment_index', String(index))
    // A segment sent twice replaces itself: safe to repeat.
    await client.request({
      method: 'POST',
      path: `/2/media/upload/${id}/append`,
      form,
      action,
      idempotent: true,
    })
  }
  const finalized = await client.request<UploadAnswer>({
    method: 'POST',
    path: `/2/media/upload/${id}/finalize`,
    action,
    idempotent: true,
  })
  await waitUntilProcessed(client, id, finalized.body.data?.processing_info, label, options)
  return id
}

async function waitUntilProcessed(
  client: XClient,
  id: string,
  first: ProcessingInfo | undefined,
  label: string,
  options: XChunkedUploadOptions,
): Promise<void> {
  const deadline = Date.now() + (options.processingTimeoutMs ?? 5 * 60_000)
  let info = first
  while (info) {
    const state = String(info.state ?? '')
    if (state === 'succeeded') return
    if (state === 'failed') {
      const why = typeof info.error?.message === 'string' ? info.error.message : 'no reason given'
      throw new NetworkError({
        network: 'x',
        kind: 'content_rejected',
        reason: 'media processing failed',
        message: `X could not process ${label}: ${why}`,
      })
    }
    const afterSecs = typeof info.check_after_secs === 'number' ? info.check_after_secs : 1
    const waitMs = options.pollIntervalMs ?? Math.max(1, afterSecs) * 1000
    if (Date.now() + waitMs > deadline) {
      throw new NetworkError({
        network: 'x',
        kind: 'retryable',
        reason: 'media processing timed out',
        message: `X: ${label} was still processing after ${Math.round((options.processingTimeoutMs ?? 300_000) / 1000)} s`,
      })
    }
    await sleep(waitMs, undefined, options.signal ? { signal: options.signal } : undefined)
    const status = await client.request<UploadAnswer>({
      method: 'GET',
      path: '/2/media/upload',
      query: { command: 'STATUS', media_id: id },
      action: 'request',
      idempotent: true,
    })
    info = status.body.data?.processing_info
  }
}

function mediaIdOf(body: UploadAnswer, label: string): string {
  const id = body.data?.id
  if (typeof id !== 'string' || !/^\d{1,19}$/.test(id)) {
    throw new NetworkError({
      network: 'x',
      kind: 'retryable',
      message: `X: ${label} was started but X returned no media id`,
    })
  }
  return id
}
