/**
 * X's chunked media upload, for GIFs and video (docs.x.com "Chunked media upload" and the v2
 * OpenAPI): `POST /2/media/upload/initialize` with the type, category and total size, then
 * `POST /2/media/upload/{id}/append` one multipart segment at a time (`segment_index` 0–999, each
 * at most 5 MB), `POST /2/media/upload/{id}/finalize` when every byte arrived, and while
 * `processing_info` is present, `GET /2/media/upload?command=STATUS&media_id=` until `succeeded`
 * or `failed`. A post may only name media that finished processing.
 */
import type { FakeReply, FakeRequest } from '../support/fake-http-server.js'
import { invalidRequest, problem } from './fake-x-replies.js'
import type { FakeXMedia, FakeXState, FakeXUpload, FakeXUser } from './fake-x-state.js'

export const MAX_SEGMENT_BYTES = 5 * 1024 * 1024
const MAX_SEGMENTS = 1000
const DAY_MS = 86_400_000

/** What each chunked category takes (X's media best practices). */
const CATEGORIES: Record<string, { types: string[]; maxBytes: number }> = {
  tweet_gif: { types: ['image/gif'], maxBytes: 15 * 1024 * 1024 },
  tweet_video: { types: ['video/mp4', 'video/quicktime'], maxBytes: 512 * 1024 * 1024 },
  tweet_image: {
    types: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'],
    maxBytes: 5 * 1024 * 1024,
  },
}

interface Context {
  state: FakeXState
  request: FakeRequest
  user: FakeXUser
}

export function initializeUpload({ state, request, user }: Context): FakeReply {
  const body = request.json() as
    | { media_type?: unknown; total_bytes?: unknown; media_category?: unknown }
    | undefined
  const mediaType = typeof body?.media_type === 'string' ? body.media_type : ''
  const category = typeof body?.media_category === 'string' ? body.media_category : ''
  const totalBytes = body?.total_bytes
  const rules = CATEGORIES[category]
  if (!rules) {
    return invalidRequest(
      'media_category',
      category,
      `The \`media_category\` value [${category}] is not one of [${Object.keys(CATEGORIES).join(',')}].`,
    )
  }
  if (!rules.types.includes(mediaType)) {
    return invalidRequest(
      'media_type',
      mediaType,
      `The \`media_type\` value [${mediaType}] is not supported for ${category}.`,
    )
  }
  if (typeof totalBytes !== 'number' || !Number.isInteger(totalBytes) || totalBytes < 1) {
    return invalidRequest(
      'total_bytes',
      String(totalBytes),
      '`total_bytes` must be a positive integer.',
    )
  }
  if (totalBytes > rules.maxBytes) {
    return problem(
      400,
      'Bad Request',
      `InvalidMedia: ${category} files must be at most ${rules.maxBytes} bytes.`,
    )
  }
  const id = state.nextId()
  state.uploads.set(id, {
    id,
    ownerId: user.id,
    mediaType,
    category,
    totalBytes,
    segments: new Map(),
    expiresAt: state.now() + DAY_MS,
  })
  return {
    status: 200,
    body: { data: { id, media_key: `7_${id}`, expires_after_secs: DAY_MS / 1000 } },
  }
}

function openUpload(state: FakeXState, user: FakeXUser, id: string): FakeXUpload | undefined {
  const upload = state.uploads.get(id)
  if (!upload || upload.ownerId !== user.id || upload.expiresAt <= state.now()) return undefined
  return upload
}

export async function appendUpload(
  { state, request, user }: Context,
  match: RegExpExecArray,
): Promise<FakeReply> {
  const id = match[1] ?? ''
  const upload = openUpload(state, user, id)
  if (!upload) {
    return invalidRequest('id', id, `The media id [${id}] does not exist or was finalized.`)
  }
  if (!(request.header('content-type') ?? '').startsWith('multipart/form-data')) {
    return invalidRequest('media', '', 'The request must be multipart/form-data.')
  }
  const form = await request.formData()
  const file = form.get('media')
  const indexText = String(form.get('segment_index') ?? '')
  const index = /^\d+$/.test(indexText) ? Number(indexText) : Number.NaN
  if (!(file instanceof Blob)) return invalidRequest('media', '', 'The `media` field is required.')
  if (!Number.isInteger(index) || index < 0 || index >= MAX_SEGMENTS) {
    return invalidRequest('segment_index', indexText, '`segment_index` must be between 0 and 999.')
  }
  if (file.size > MAX_SEGMENT_BYTES) {
    return problem(
      400,
      'Bad Request',
      `InvalidMedia: a segment must be at most ${MAX_SEGMENT_BYTES} bytes; this one has ${file.size}.`,
    )
  }
  if (file.size === 0) return invalidRequest('media', '', 'The segment is empty.')
  upload.segments.set(index, new Uint8Array(await file.arrayBuffer()))
  return { status: 200, body: { data: { expires_at: Math.floor(upload.expiresAt / 1000) } } }
}

export function finalizeUpload({ state, user }: Context, match: RegExpExecArray): FakeReply {
  const id = match[1] ?? ''
  const upload = openUpload(state, user, id)
  if (!upload) {
    return invalidRequest('id', id, `The media id [${id}] does not exist or was finalized.`)
  }
  const indexes = [...upload.segments.keys()].sort((a, b) => a - b)
  if (indexes.some((index, position) => index !== position)) {
    return problem(
      400,
      'Bad Request',
      `InvalidMedia: segments must be numbered from 0 without gaps; received [${indexes.join(',')}].`,
    )
  }
  const received = [...upload.segments.values()].reduce((sum, part) => sum + part.byteLength, 0)
  if (received !== upload.totalBytes) {
    return problem(
      400,
      'Bad Request',
      `InvalidMedia: File size mismatch: total_bytes was ${upload.totalBytes}, received ${received}.`,
    )
  }
  state.uploads.delete(id)
  const needsProcessing = upload.category !== 'tweet_image'
  const media: FakeXMedia = {
    id,
    ownerId: user.id,
    mimeType: upload.mediaType,
    size: received,
    expiresAt: state.now() + DAY_MS,
    ...(needsProcessing && {
      processing: {
        state: 'pending' as const,
        pollsLeft: state.mediaProcessing.polls,
        outcome: state.mediaProcessing.outcome,
      },
    }),
  }
  state.media.set(id, media)
  return {
    status: 200,
    body: {
      data: {
        id,
        media_key: `7_${id}`,
        size: received,
        expires_after_secs: DAY_MS / 1000,
        ...(media.processing && { processing_info: processingInfo(media) }),
      },
    },
  }
}

export function uploadStatus({ state, request, user }: Context): FakeReply {
  const command = request.url.searchParams.get('command')
  const id = request.url.searchParams.get('media_id') ?? ''
  if (command !== 'STATUS') {
    return invalidRequest('command', command ?? '', 'The `command` value must be STATUS.')
  }
  const media = state.media.get(id)
  if (!media || media.ownerId !== user.id || media.expiresAt <= state.now()) {
    return invalidRequest('media_id', id, `The media id [${id}] does not exist.`)
  }
  const processing = media.processing
  if (processing && processing.state !== 'succeeded' && processing.state !== 'failed') {
    if (processing.pollsLeft <= 0) processing.state = processing.outcome
    else {
      processing.pollsLeft--
      processing.state = 'in_progress'
    }
  }
  return {
    status: 200,
    body: {
      data: {
        id,
        media_key: `7_${id}`,
        ...(processing && { processing_info: processingInfo(media) }),
      },
    },
  }
}

function processingInfo(media: FakeXMedia) {
  const processing = media.processing
  if (!processing) return undefined
  switch (processing.state) {
    case 'succeeded':
      return { state: 'succeeded', progress_percent: 100 }
    case 'failed':
      return {
        state: 'failed',
        progress_percent: 100,
        error: { code: 1, name: 'InvalidMedia', message: 'Unsupported video format' },
      }
    default:
      return {
        state: processing.state,
        check_after_secs: 1,
        progress_percent: processing.state === 'pending' ? 0 : 50,
      }
  }
}

/** A post may name a GIF or video only once it processed; X says the ids are invalid otherwise. */
export function isReadyForPost(media: FakeXMedia): boolean {
  return !media.processing || media.processing.state === 'succeeded'
}
