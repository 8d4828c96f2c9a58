/**
 * The Mastodon REST endpoints Murmur uses, validated as Mastodon does: bearer tokens and scopes,
 * 300 requests per 5 minutes per account (media 30 per 30 minutes) with ISO 8601 reset headers,
 * status length counted with the instance's rules, media that must exist, belong to the account
 * and be processed, `Idempotency-Key` kept an hour, Link-header pagination of notifications.
 */
import { countMastodonText } from '../../../src/networks/mastodon/index.js'
import {
  type FakeReply,
  type FakeRequest,
  type RateWindows,
  sniffImageType,
} from '../support/fake-http-server.js'
import { readParams, scopesCover } from './fake-mastodon-oauth.js'
import {
  renderAccount,
  renderMedia,
  renderNotification,
  renderStatus,
} from './fake-mastodon-render.js'
import {
  compareIds,
  type FakeMastodonAccount,
  type FakeMastodonState,
  type FakeMastodonStatus,
} from './fake-mastodon-state.js'

const FIVE_MINUTES = 5 * 60_000
const THIRTY_MINUTES = 30 * 60_000
const HOUR = 60 * 60_000
const VISIBILITIES = new Set(['public', 'unlisted', 'private', 'direct'])

interface Endpoint {
  method: string
  pattern: RegExp
  /** Needed scope (granular; the coarse `read`/`write` covers it). `null`: public. */
  scope: string | null
  /** Stricter per-endpoint limit, on top of 300 per 5 minutes. */
  limit?: { key: string; count: number; windowMs: number }
  handle: (context: CallContext, match: RegExpExecArray) => FakeReply | Promise<FakeReply>
}

interface CallContext {
  state: FakeMastodonState
  request: FakeRequest
  baseUrl: string
  account: FakeMastodonAccount | undefined
  /** Media that need this many 206 polls; set by the test. */
  processingPolls: () => number
}

const ENDPOINTS: Endpoint[] = [
  { method: 'GET', pattern: /^\/api\/v2\/instance$/, scope: null, handle: instance },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/accounts\/verify_credentials$/,
    scope: 'read:accounts',
    handle: verifyCredentials,
  },
  {
    method: 'POST',
    pattern: /^\/api\/v2\/media$/,
    scope: 'write:media',
    limit: { key: 'media', count: 30, windowMs: THIRTY_MINUTES },
    handle: uploadMedia,
  },
  { method: 'GET', pattern: /^\/api\/v1\/media\/(\w+)$/, scope: 'write:media', handle: getMedia },
  {
    method: 'POST',
    pattern: /^\/api\/v1\/statuses$/,
    scope: 'write:statuses',
    handle: createStatus,
  },
  { method: 'GET', pattern: /^\/api\/v1\/statuses\/(\w+)$/, scope: null, handle: getStatus },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/statuses\/(\w+)\/reblogged_by$/,
    scope: null,
    handle: rebloggedBy,
  },
  {
    method: 'DELETE',
    pattern: /^\/api\/v1\/statuses\/(\w+)$/,
    scope: 'write:statuses',
    limit: { key: 'delete', count: 30, windowMs: THIRTY_MINUTES },
    handle: deleteStatus,
  },
  {
    method: 'POST',
    pattern: /^\/api\/v1\/statuses\/(\w+)\/favourite$/,
    scope: 'write:favourites',
    handle: favourite,
  },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/notifications$/,
    scope: 'read:notifications',
    handle: notifications,
  },
]

const error = (status: number, message: string): FakeReply => ({ status, body: { error: message } })
const notFound = () => error(404, 'Record not found')

/** Mastodon writes reset times as ISO 8601 with microseconds. */
export function isoWithMicroseconds(milliseconds: number): string {
  return new Date(milliseconds).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z')
}

export async function handleApi(
  state: FakeMastodonState,
  windows: RateWindows,
  request: FakeRequest,
  baseUrl: string,
  processingPolls: () => number,
): Promise<FakeReply> {
  for (const endpoint of ENDPOINTS) {
    if (endpoint.method !== request.method) continue
    const match = endpoint.pattern.exec(request.url.pathname)
    if (!match) continue
    const bearer = request.bearer()
    const token = bearer ? state.tokens.get(bearer) : undefined
    if ((bearer || endpoint.scope) && (!token || token.revoked))
      return error(401, 'The access token is invalid')
    if (endpoint.scope && token && !scopesCover(token.scopes, endpoint.scope)) {
      return error(403, 'This action is outside the authorized scopes')
    }
    const account = token ? state.accounts.get(token.accountId) : undefined
    const who = account?.id ?? 'anonymous'
    const general = windows.take(`${who} all`, 300, FIVE_MINUTES)
    const specific = endpoint.limit
      ? windows.take(`${who} ${endpoint.limit.key}`, endpoint.limit.count, endpoint.limit.windowMs)
      : undefined
    const binding =
      specific && (!specific.allowed || specific.remaining < general.remaining)
        ? { ...specific, limit: endpoint.limit?.count ?? 300 }
        : { ...general, limit: 300 }
    const headers = {
      'x-ratelimit-limit': String(binding.limit),
      'x-ratelimit-remaining': String(binding.remaining),
      'x-ratelimit-reset': isoWithMicroseconds(binding.resetAt),
    }
    if (!general.allowed || (specific && !specific.allowed)) {
      return { status: 429, headers, body: { error: 'Too many requests' } }
    }
    const reply = await endpoint.handle(
      { state, request, baseUrl, account, processingPolls },
      match,
    )
    return { ...reply, headers: { ...headers, ...reply.headers } }
  }
  return notFound()
}

function instance({ state, baseUrl }: CallContext): FakeReply {
  const { limits } = state
  const host = new URL(baseUrl).host
  return {
    status: 200,
    body: {
      domain: host,
      title: 'Mastodon fake',
      version: '4.4.0',
      source_url: 'https://github.com/mastodon/mastodon',
      description: 'A fake Mastodon server for Murmur tests, built from the documented API.',
      usage: { users: { active_month: state.accounts.size } },
      thumbnail: { url: `${baseUrl}/packs/media/images/preview.png` },
      languages: ['en'],
      configuration: {
        urls: { streaming: `ws://${host}` },
        vapid: {
          public_key:
            'BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0_OH5mMlI4UkkDTpaZwozy0TzdZ2M=',
        },
        accounts: { max_featured_tags: 10, max_pinned_statuses: 5 },
        statuses: {
          max_characters: limits.maxCharacters,
          max_media_attachments: limits.maxMediaAttachments,
          characters_reserved_per_url: limits.charactersReservedPerUrl,
        },
        media_attachments: {
          supported_mime_types: limits.supportedMimeTypes,
          description_limit: limits.descriptionLimit,
          image_size_limit: limits.imageSizeLimit,
          image_matrix_limit: 33177600,
          video_size_limit: limits.videoSizeLimit,
          video_frame_rate_limit: 120,
          video_matrix_limit: 8294400,
        },
        polls: {
          max_options: 4,
          max_characters_per_option: 50,
          min_expiration: 300,
          max_expiration: 2629746,
        },
        translation: { enabled: false },
      },
      registrations: { enabled: false, approval_required: false, message: null },
      contact: { email: 'admin@example.invalid', account: null },
      rules: [],
    },
  }
}

function verifyCredentials({ account, baseUrl }: CallContext): FakeReply {
  if (!account) return error(401, 'The access token is invalid')
  return {
    status: 200,
    body: {
      ...renderAccount(baseUrl, account),
      source: { privacy: 'public', sensitive: false, language: null, note: '', fields: [] },
    },
  }
}

async function uploadMedia({
  state,
  request,
  account,
  baseUrl,
  processingPolls,
}: CallContext): Promise<FakeReply> {
  if (!account) return error(401, 'The access token is invalid')
  if (!(request.header('content-type') ?? '').startsWith('multipart/form-data')) {
    return error(422, "Validation failed: File can't be blank")
  }
  const form = await request.formData()
  const file = form.get('file')
  if (!(file instanceof Blob)) return error(422, "Validation failed: File can't be blank")
  const description = form.get('description')
  const descriptionText = typeof description === 'string' ? description : null
  if (descriptionText !== null && [...descriptionText].length > state.limits.descriptionLimit) {
    return error(
      422,
      `Validation failed: Description is too long (maximum is ${state.limits.descriptionLimit} characters)`,
    )
  }
  const bytes = new Uint8Array(await file.arrayBuffer())
  const isVideo = file.type.startsWith('video/')
  const type = isVideo ? file.type : sniffImageType(bytes)
  if (!type || !state.limits.supportedMimeTypes.includes(type)) {
    return error(422, 'Validation failed: File content type is invalid, File is invalid')
  }
  const limit = isVideo ? state.limits.videoSizeLimit : state.limits.imageSizeLimit
  if (bytes.byteLength > limit) {
    return error(
      422,
      `Validation failed: File file size must be less than ${Math.round(limit / 1024 / 1024)} MB`,
    )
  }
  // Videos always process asynchronously; images when the test asks for it.
  const pollsLeft = isVideo ? Math.max(1, processingPolls()) : processingPolls()
  const media = {
    id: state.nextId(),
    accountId: account.id,
    mimeType: type,
    size: bytes.byteLength,
    description: descriptionText,
    pollsLeft,
  }
  state.media.set(media.id, media)
  return { status: pollsLeft > 0 ? 202 : 200, body: renderMedia(baseUrl, media) }
}

function getMedia({ state, account, baseUrl }: CallContext, match: RegExpExecArray): FakeReply {
  const media = state.media.get(match[1] ?? '')
  if (!media || media.accountId !== account?.id) return notFound()
  if (media.pollsLeft > 0) {
    media.pollsLeft--
    // 206 Partial Content while processing, with `url: null`.
    return { status: 206, body: { ...renderMedia(baseUrl, media), url: null } }
  }
  return { status: 200, body: renderMedia(baseUrl, media) }
}

async function createStatus({ state, request, account, baseUrl }: CallContext): Promise<FakeReply> {
  if (!account) return error(401, 'The access token is invalid')
  const key = request.header('idempotency-key')
  if (key) {
    const known = state.idempotency.get(`${account.id} ${key}`)
    const status =
      known && known.until > state.now() ? state.statuses.get(known.statusId) : undefined
    if (status) return { status: 200, body: renderStatus(state, baseUrl, status) }
  }
  const params = await readParams(request)
  const text = params.get('status')?.[0] ?? ''
  const mediaIds = params.get('media_ids') ?? []
  const visibility = params.get('visibility')?.[0] ?? 'public'
  if (text.trim() === '' && mediaIds.length === 0)
    return error(422, "Validation failed: Text can't be blank")
  if (!VISIBILITIES.has(visibility))
    return error(422, 'Validation failed: Visibility is not included in the list')
  const { limits } = state
  if (countMastodonText(text, limits.charactersReservedPerUrl) > limits.maxCharacters) {
    return error(422, `Validation failed: Text character limit of ${limits.maxCharacters} exceeded`)
  }
  if (mediaIds.length > limits.maxMediaAttachments) {
    return error(422, `Cannot attach more than ${limits.maxMediaAttachments} files`)
  }
  const missing = mediaIds.filter((id) => {
    const media = state.media.get(id)
    return !media || media.accountId !== account.id || media.statusId !== undefined
  })
  if (missing.length > 0)
    return error(422, `Media ${missing.join(', ')} not found or already attached to another post`)
  if (mediaIds.some((id) => (state.media.get(id)?.pollsLeft ?? 0) > 0)) {
    return error(
      422,
      'Cannot attach files that have not finished processing. Try again in a moment!',
    )
  }
  const inReplyToId = params.get('in_reply_to_id')?.[0]
  const parent = inReplyToId ? state.liveStatus(inReplyToId) : undefined
  if (inReplyToId && !parent) return notFound()
  const status: FakeMastodonStatus = {
    id: state.nextId(),
    accountId: account.id,
    text,
    createdAt: new Date(state.now()).toISOString(),
    visibility,
    language: params.get('language')?.[0] ?? null,
    mediaIds,
    repliesCount: 0,
    reblogsCount: 0,
    favouritesCount: 0,
    quotesCount: 0,
    deleted: false,
    ...(parent && { inReplyToId: parent.id, inReplyToAccountId: parent.accountId }),
  }
  state.statuses.set(status.id, status)
  for (const id of mediaIds) {
    const media = state.media.get(id)
    if (media) media.statusId = status.id
  }
  if (parent) parent.repliesCount++
  if (key)
    state.idempotency.set(`${account.id} ${key}`, {
      statusId: status.id,
      until: state.now() + HOUR,
    })
  return { status: 200, body: renderStatus(state, baseUrl, status) }
}

function getStatus({ state, baseUrl }: CallContext, match: RegExpExecArray): FakeReply {
  const status = state.liveStatus(match[1] ?? '')
  return status ? { status: 200, body: renderStatus(state, baseUrl, status) } : notFound()
}

function deleteStatus({ state, account, baseUrl }: CallContext, match: RegExpExecArray): FakeReply {
  const status = state.liveStatus(match[1] ?? '')
  if (!status) return notFound()
  if (status.accountId !== account?.id) return error(403, 'This action is not allowed')
  status.deleted = true
  // The deleted status comes back with its source, for "delete and redraft".
  return {
    status: 200,
    body: { ...renderStatus(state, baseUrl, status), text: status.text, spoiler_text: '' },
  }
}

/** Favourites a status once per account (again: 200, no second favourite), as Mastodon does. */
function favourite({ state, account, baseUrl }: CallContext, match: RegExpExecArray): FakeReply {
  const status = state.liveStatus(match[1] ?? '')
  if (!status || !account) return notFound()
  const key = `${account.id} ${status.id}`
  if (!state.favourites.has(key)) {
    state.favourites.add(key)
    status.favouritesCount++
  }
  return { status: 200, body: { ...renderStatus(state, baseUrl, status), favourited: true } }
}

/**
 * Accounts that boosted a status, newest boost first, 40 a page (at most 80), Link-header
 * pagination by the boosts' own ids as Mastodon does; 404 for an unknown or deleted status.
 */
function rebloggedBy({ state, request, baseUrl }: CallContext, match: RegExpExecArray): FakeReply {
  const statusId = match[1] ?? ''
  if (!state.liveStatus(statusId)) return notFound()
  const query = request.url.searchParams
  const limit = Math.min(Math.max(Number(query.get('limit') ?? '40') || 40, 1), 80)
  const maxId = query.get('max_id')
  const page = state.reblogs
    .filter((reblog) => reblog.statusId === statusId)
    .filter((reblog) => !maxId || compareIds(reblog.id, maxId) < 0)
    .sort((left, right) => compareIds(right.id, left.id))
    .slice(0, limit)
  const headers: Record<string, string> = {}
  const last = page.at(-1)
  if (last) {
    const next = new URL(`${baseUrl}/api/v1/statuses/${statusId}/reblogged_by`)
    next.searchParams.set('limit', String(limit))
    next.searchParams.set('max_id', last.id)
    headers.link = `<${next}>; rel="next"`
  }
  const accounts = page.flatMap((reblog) => {
    const account = state.accounts.get(reblog.accountId)
    return account ? [renderAccount(baseUrl, account)] : []
  })
  return { status: 200, headers, body: accounts }
}

function notifications({ state, request, account, baseUrl }: CallContext): FakeReply {
  if (!account) return error(401, 'The access token is invalid')
  const query = request.url.searchParams
  const types = query.getAll('types[]')
  const excluded = query.getAll('exclude_types[]')
  const limit = Math.min(Math.max(Number(query.get('limit') ?? '40') || 40, 1), 80)
  const maxId = query.get('max_id')
  const sinceId = query.get('since_id')
  const minId = query.get('min_id')
  let items = state.notifications
    .filter((notification) => notification.recipientId === account.id)
    .filter(
      (notification) =>
        (types.length === 0 || types.includes(notification.type)) &&
        !excluded.includes(notification.type),
    )
    .filter((notification) => !notification.statusId || state.liveStatus(notification.statusId))
    .filter((notification) => !maxId || compareIds(notification.id, maxId) < 0)
    .filter((notification) => !sinceId || compareIds(notification.id, sinceId) > 0)
    .sort((left, right) => compareIds(right.id, left.id))
  if (minId) {
    // The page right after min_id: the oldest newer items, still returned newest first.
    items = items.filter((notification) => compareIds(notification.id, minId) > 0).slice(-limit)
  } else {
    items = items.slice(0, limit)
  }
  const headers: Record<string, string> = {}
  const first = items[0]
  const last = items.at(-1)
  if (first && last) {
    const link = (name: string, value: string) => {
      const url = new URL(`${baseUrl}/api/v1/notifications`)
      for (const type of types) url.searchParams.append('types[]', type)
      url.searchParams.set('limit', String(limit))
      url.searchParams.set(name, value)
      return url.toString()
    }
    headers.link = `<${link('max_id', last.id)}>; rel="next", <${link('min_id', first.id)}>; rel="prev"`
  }
  return {
    status: 200,
    headers,
    body: items.map((notification) => renderNotification(state, baseUrl, notification)),
  }
}
