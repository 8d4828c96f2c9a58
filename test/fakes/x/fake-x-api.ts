/**
 * X API v2 endpoints Murmur uses, validated the way X documents them: bearer user tokens with
 * scopes, rate-limit headers on every answer, weighted text length with X's own twitter-text,
 * media ids that must exist and belong to the account, alt text up to 1,000 characters.
 */
import twitterText from 'twitter-text'
import {
  type FakeReply,
  type FakeRequest,
  type RateWindows,
  sniffImageType,
} from '../support/fake-http-server.js'
import {
  appendUpload,
  finalizeUpload,
  initializeUpload,
  isReadyForPost,
  uploadStatus,
} from './fake-x-chunked-media.js'
import { renderTweet, renderUser, TWEET_FIELDS, USER_FIELDS } from './fake-x-render.js'
import {
  invalidRequest,
  notFoundProblem,
  problem,
  rateLimited,
  unauthorized,
} from './fake-x-replies.js'
import { compareIds, type FakeXState, type FakeXTweet, type FakeXUser } from './fake-x-state.js'

const FIFTEEN_MINUTES = 15 * 60_000
const MAX_IMAGE_BYTES = 5 * 1024 * 1024
const ONE_SHOT_CATEGORIES = new Set(['tweet_image', 'dm_image', 'subtitles'])
const ONE_SHOT_TYPES = new Set([
  'image/jpeg',
  'image/bmp',
  'image/png',
  'image/webp',
  'image/pjpeg',
  'image/tiff',
  'text/srt',
  'text/vtt',
])

interface Endpoint {
  method: string
  pattern: RegExp
  /** Per-user requests per 15 minutes (X's rate-limits page). */
  limit: number
  scopes: string[]
  handle: (context: CallContext, match: RegExpExecArray) => FakeReply | Promise<FakeReply>
}

interface CallContext {
  state: FakeXState
  request: FakeRequest
  user: FakeXUser
}

const ENDPOINTS: Endpoint[] = [
  {
    method: 'GET',
    pattern: /^\/2\/users\/me$/,
    limit: 75,
    scopes: ['tweet.read', 'users.read'],
    handle: me,
  },
  {
    method: 'POST',
    pattern: /^\/2\/media\/upload$/,
    limit: 500,
    scopes: ['media.write'],
    handle: uploadMedia,
  },
  {
    method: 'POST',
    pattern: /^\/2\/media\/upload\/initialize$/,
    limit: 500,
    scopes: ['media.write'],
    handle: initializeUpload,
  },
  {
    method: 'POST',
    pattern: /^\/2\/media\/upload\/(\d{1,19})\/append$/,
    limit: 500,
    scopes: ['media.write'],
    handle: appendUpload,
  },
  {
    method: 'POST',
    pattern: /^\/2\/media\/upload\/(\d{1,19})\/finalize$/,
    limit: 500,
    scopes: ['media.write'],
    handle: finalizeUpload,
  },
  {
    method: 'GET',
    pattern: /^\/2\/media\/upload$/,
    limit: 500,
    scopes: ['media.write'],
    handle: uploadStatus,
  },
  {
    method: 'POST',
    pattern: /^\/2\/media\/metadata$/,
    limit: 500,
    scopes: ['media.write'],
    handle: mediaMetadata,
  },
  {
    method: 'POST',
    pattern: /^\/2\/tweets$/,
    limit: 100,
    scopes: ['tweet.read', 'tweet.write', 'users.read'],
    handle: createTweet,
  },
  {
    method: 'DELETE',
    pattern: /^\/2\/tweets\/(\d+)$/,
    limit: 50,
    scopes: ['tweet.read', 'tweet.write', 'users.read'],
    handle: deleteTweet,
  },
  {
    method: 'GET',
    pattern: /^\/2\/tweets\/(\d+)$/,
    limit: 900,
    scopes: ['tweet.read', 'users.read'],
    handle: getTweet,
  },
  {
    method: 'GET',
    pattern: /^\/2\/tweets$/,
    limit: 900,
    scopes: ['tweet.read', 'users.read'],
    handle: getTweets,
  },
  {
    method: 'POST',
    pattern: /^\/2\/users\/(\d+)\/likes$/,
    limit: 50,
    scopes: ['tweet.read', 'users.read', 'like.write'],
    handle: likeTweet,
  },
  {
    method: 'GET',
    pattern: /^\/2\/users\/(\d+)\/mentions$/,
    limit: 300,
    scopes: ['tweet.read', 'users.read'],
    handle: mentions,
  },
]

export async function handleApi(
  state: FakeXState,
  windows: RateWindows,
  request: FakeRequest,
): Promise<FakeReply> {
  for (const endpoint of ENDPOINTS) {
    if (endpoint.method !== request.method) continue
    const match = endpoint.pattern.exec(request.url.pathname)
    if (!match) continue
    const token = state.accessTokens.get(request.bearer() ?? '')
    if (!token || token.revoked || token.expiresAt <= state.now()) return unauthorized()
    const user = state.users.get(token.userId)
    if (!user) return unauthorized()
    const missing = endpoint.scopes.filter((scope) => !token.scopes.includes(scope))
    if (missing.length > 0) {
      return problem(403, 'Forbidden', `Missing required OAuth 2.0 scopes: ${missing.join(', ')}`)
    }
    const window = windows.take(
      `${user.id} ${endpoint.method} ${endpoint.pattern.source}`,
      endpoint.limit,
      FIFTEEN_MINUTES,
    )
    const headers = {
      'x-rate-limit-limit': String(endpoint.limit),
      'x-rate-limit-remaining': String(window.remaining),
      'x-rate-limit-reset': String(Math.ceil(window.resetAt / 1000)),
    }
    if (!window.allowed) {
      return rateLimited({ resetAtMs: window.resetAt, limit: endpoint.limit, shape: 'problem' })
    }
    const reply = await endpoint.handle({ state, request, user }, match)
    return { ...reply, headers: { ...headers, ...reply.headers } }
  }
  return problem(404, 'Not Found Error', `No route for ${request.method} ${request.url.pathname}`)
}

function me({ user, request }: CallContext): FakeReply {
  return { status: 200, body: { data: renderUser(user, fieldList(request, 'user.fields')) } }
}

async function uploadMedia({ state, request, user }: CallContext): Promise<FakeReply> {
  if (!(request.header('content-type') ?? '').startsWith('multipart/form-data')) {
    return invalidRequest(
      'media',
      '',
      'The request must be multipart/form-data (or JSON with base64 media).',
    )
  }
  const form = await request.formData()
  const file = form.get('media')
  const category = String(form.get('media_category') ?? '')
  const declaredType = form.get('media_type')
  if (!(file instanceof Blob)) return invalidRequest('media', '', 'The `media` field is required.')
  if (!ONE_SHOT_CATEGORIES.has(category)) {
    return invalidRequest(
      'media_category',
      category,
      `The \`media_category\` value [${category}] is not one of [tweet_image,dm_image,subtitles].`,
    )
  }
  if (typeof declaredType === 'string' && !ONE_SHOT_TYPES.has(declaredType)) {
    return invalidRequest(
      'media_type',
      declaredType,
      `The \`media_type\` value [${declaredType}] is not supported.`,
    )
  }
  const bytes = new Uint8Array(await file.arrayBuffer())
  const sniffed = sniffImageType(bytes)
  if (!sniffed || (typeof declaredType === 'string' && declaredType !== sniffed)) {
    return problem(400, 'Bad Request', 'InvalidMedia: the uploaded file is not a supported image.')
  }
  if (bytes.byteLength > MAX_IMAGE_BYTES) {
    return problem(
      400,
      'Bad Request',
      `InvalidMedia: images must be at most ${MAX_IMAGE_BYTES} bytes.`,
    )
  }
  const id = state.nextId()
  state.media.set(id, {
    id,
    ownerId: user.id,
    mimeType: sniffed,
    size: bytes.byteLength,
    expiresAt: state.now() + 86_400_000,
  })
  return {
    status: 200,
    body: { data: { id, media_key: `3_${id}`, size: bytes.byteLength, expires_after_secs: 86400 } },
  }
}

function mediaMetadata({ state, request, user }: CallContext): FakeReply {
  const body = request.json() as
    | { id?: unknown; metadata?: { alt_text?: { text?: unknown } } }
    | undefined
  const id = typeof body?.id === 'string' ? body.id : ''
  const text = body?.metadata?.alt_text?.text
  const media = state.media.get(id)
  if (!media || media.ownerId !== user.id || media.expiresAt <= state.now()) {
    return invalidRequest(
      'id',
      id,
      `The media id [${id}] does not exist or does not belong to you.`,
    )
  }
  if (typeof text !== 'string')
    return invalidRequest('metadata.alt_text.text', '', 'alt_text.text is required.')
  if ([...text].length > 1000) {
    return invalidRequest(
      'metadata.alt_text.text',
      text.slice(0, 20),
      'alt_text.text must be at most 1000 characters.',
    )
  }
  media.altText = text
  return { status: 200, body: { data: { id, associated_metadata: { alt_text: { text } } } } }
}

function createTweet({ state, request, user }: CallContext): FakeReply {
  if (!(request.header('content-type') ?? '').startsWith('application/json')) {
    return problem(415, 'Unsupported Media Type', 'Content-Type must be application/json.')
  }
  const body = request.json() as
    | {
        text?: unknown
        media?: { media_ids?: unknown }
        reply?: { in_reply_to_tweet_id?: unknown }
        quote_tweet_id?: unknown
      }
    | undefined
  if (typeof body !== 'object' || body === null)
    return invalidRequest('body', '', 'The request body must be a JSON object.')
  const text = typeof body.text === 'string' ? body.text.normalize('NFC') : ''
  const mediaIds = body.media?.media_ids
  if (
    mediaIds !== undefined &&
    (!Array.isArray(mediaIds) ||
      mediaIds.length < 1 ||
      mediaIds.length > 4 ||
      mediaIds.some((id) => typeof id !== 'string'))
  ) {
    return invalidRequest(
      'media.media_ids',
      JSON.stringify(mediaIds),
      'media.media_ids must hold 1 to 4 media id strings.',
    )
  }
  const ids = (mediaIds ?? []) as string[]
  if (text === '' && ids.length === 0) {
    return invalidRequest('text', '', 'Your request must include text or media.')
  }
  if (twitterText.parseTweet(text).weightedLength > 280) {
    return problem(
      403,
      'Forbidden',
      'Your Tweet text is too long. For more information on how Twitter determines text length see https://github.com/twitter/twitter-text.',
    )
  }
  for (const id of ids) {
    const media = state.media.get(id)
    if (
      !media ||
      media.ownerId !== user.id ||
      media.expiresAt <= state.now() ||
      !isReadyForPost(media)
    ) {
      return invalidRequest('media.media_ids', id, 'Your media IDs are invalid.')
    }
  }
  const moving = ids.filter((id) => state.media.get(id)?.processing)
  if (moving.length > 0 && ids.length > 1) {
    return invalidRequest(
      'media.media_ids',
      JSON.stringify(ids),
      'A post can have up to 4 photos, or 1 GIF, or 1 video.',
    )
  }
  const replyTo = body.reply?.in_reply_to_tweet_id
  const parent = typeof replyTo === 'string' ? state.liveTweet(replyTo) : undefined
  if (replyTo !== undefined && !parent) {
    return problem(
      403,
      'Forbidden',
      'You attempted to reply to a Tweet that is deleted or not visible to you.',
    )
  }
  const duplicate =
    text !== '' &&
    [...state.tweets.values()].some(
      (tweet) => !tweet.deleted && tweet.authorId === user.id && tweet.text === text,
    )
  if (duplicate)
    return problem(
      403,
      'Forbidden',
      'You are not allowed to create a Tweet with duplicate content.',
    )
  const quoted =
    typeof body.quote_tweet_id === 'string' ? state.liveTweet(body.quote_tweet_id) : undefined
  const id = state.nextId()
  const tweet: FakeXTweet = {
    id,
    authorId: user.id,
    text,
    createdAt: new Date(state.now()).toISOString(),
    conversationId: parent?.conversationId ?? id,
    mediaIds: ids,
    metrics: {
      retweet_count: 0,
      reply_count: 0,
      like_count: 0,
      quote_count: 0,
      bookmark_count: 0,
      impression_count: 0,
    },
    deleted: false,
    ...(parent && { inReplyToId: parent.id, inReplyToUserId: parent.authorId }),
    ...(quoted && { quotedId: quoted.id }),
  }
  state.tweets.set(id, tweet)
  if (parent) parent.metrics.reply_count++
  if (quoted) quoted.metrics.quote_count++
  const rendered = renderTweet(state, tweet, new Set())
  return { status: 201, body: { data: { id, text: rendered.text, edit_history_tweet_ids: [id] } } }
}

function deleteTweet({ state, user }: CallContext, match: RegExpExecArray): FakeReply {
  const tweet = state.liveTweet(match[1] ?? '')
  if (!tweet) return { status: 200, body: { data: { deleted: false } } }
  if (tweet.authorId !== user.id)
    return problem(403, 'Forbidden', 'You are not allowed to delete this Tweet.')
  tweet.deleted = true
  return { status: 200, body: { data: { deleted: true } } }
}

/** Likes as the token's own user only; liking twice keeps one like and answers the same. */
function likeTweet({ state, request, user }: CallContext, match: RegExpExecArray): FakeReply {
  if (match[1] !== user.id)
    return problem(403, 'Forbidden', 'You are not permitted to perform this action.')
  const body = request.json() as { tweet_id?: unknown } | undefined
  const id = typeof body?.tweet_id === 'string' ? body.tweet_id : ''
  if (!/^\d{1,19}$/.test(id))
    return problem(400, 'Invalid Request', 'One or more parameters to your request was invalid.')
  if (!state.liveTweet(id)) return { status: 200, body: { errors: [notFoundProblem(id)] } }
  state.likes.add(`${user.id} ${id}`)
  return { status: 200, body: { data: { liked: true } } }
}

function getTweet({ state, request }: CallContext, match: RegExpExecArray): FakeReply {
  const fields = checkedFields(request)
  if ('status' in fields) return fields
  const id = match[1] ?? ''
  const tweet = state.liveTweet(id)
  // A missing post is not a 404: X answers 200 with a problem in `errors`.
  if (!tweet) return { status: 200, body: { errors: [notFoundProblem(id)] } }
  return {
    status: 200,
    body: { data: renderTweet(state, tweet, fields.tweet), ...includesFor(state, [tweet], fields) },
  }
}

function getTweets({ state, request }: CallContext): FakeReply {
  const fields = checkedFields(request)
  if ('status' in fields) return fields
  const raw = request.url.searchParams.get('ids') ?? ''
  const ids = raw.split(',')
  if (raw === '' || ids.length > 100 || ids.some((id) => !/^\d{1,19}$/.test(id))) {
    return invalidRequest(
      'ids',
      raw,
      'The `ids` query parameter value must be 1 to 100 comma-separated post ids.',
    )
  }
  const found = ids.flatMap((id) => {
    const tweet = state.liveTweet(id)
    return tweet ? [tweet] : []
  })
  const missing = ids.filter((id) => !state.liveTweet(id))
  return {
    status: 200,
    body: {
      ...(found.length > 0 && {
        data: found.map((tweet) => renderTweet(state, tweet, fields.tweet)),
      }),
      ...includesFor(state, found, fields),
      ...(missing.length > 0 && { errors: missing.map((id) => notFoundProblem(id, 'ids')) }),
    },
  }
}

function mentions({ state, request }: CallContext, match: RegExpExecArray): FakeReply {
  const fields = checkedFields(request)
  if ('status' in fields) return fields
  const target = state.users.get(match[1] ?? '')
  if (!target)
    return {
      status: 200,
      body: { errors: [{ ...notFoundProblem(match[1] ?? ''), resource_type: 'user' }] },
    }
  const query = request.url.searchParams
  const maxResults = Number(query.get('max_results') ?? '10')
  if (!Number.isInteger(maxResults) || maxResults < 5 || maxResults > 100) {
    return invalidRequest(
      'max_results',
      String(query.get('max_results')),
      `The \`max_results\` query parameter value [${query.get('max_results')}] is not between 5 and 100`,
    )
  }
  const sinceId = query.get('since_id')
  const untilId = query.get('until_id')
  const token = query.get('pagination_token')
  const before = token ? Buffer.from(token, 'base64url').toString('utf8') : undefined
  if (token && !/^\d+$/.test(before ?? ''))
    return invalidRequest(
      'pagination_token',
      token,
      'The `pagination_token` query parameter value is not valid.',
    )
  const all = [...state.tweets.values()]
    .filter(
      (tweet) => !tweet.deleted && tweet.authorId !== target.id && mentionsUser(tweet, target),
    )
    .filter(
      (tweet) =>
        (!sinceId || compareIds(tweet.id, sinceId) > 0) &&
        (!untilId || compareIds(tweet.id, untilId) < 0),
    )
    .sort((left, right) => compareIds(right.id, left.id))
  const remaining = before ? all.filter((tweet) => compareIds(tweet.id, before) < 0) : all
  const page = remaining.slice(0, maxResults)
  const last = page.at(-1)
  const hasMore = remaining.length > page.length
  return {
    status: 200,
    body: {
      ...(page.length > 0 && {
        data: page.map((tweet) => renderTweet(state, tweet, fields.tweet)),
      }),
      ...includesFor(state, page, fields),
      meta: {
        result_count: page.length,
        ...(page[0] && { newest_id: page[0].id }),
        ...(last && { oldest_id: last.id }),
        ...(hasMore && last && { next_token: Buffer.from(last.id).toString('base64url') }),
      },
    },
  }
}

/** Replies carry the leading @handle on X, so they reach the mentions timeline too. */
function mentionsUser(tweet: FakeXTweet, user: FakeXUser): boolean {
  if (tweet.inReplyToUserId === user.id) return true
  const wanted = user.username.toLowerCase()
  return twitterText.extractMentions(tweet.text).some((name) => name.toLowerCase() === wanted)
}

interface Fields {
  tweet: Set<string>
  user: Set<string>
  expansions: Set<string>
}

/** X refuses unknown field names with a 400 naming the parameter. */
function checkedFields(request: FakeRequest): Fields | FakeReply {
  const tweet = fieldList(request, 'tweet.fields')
  const user = fieldList(request, 'user.fields')
  const expansions = fieldList(request, 'expansions')
  const wrong = [...tweet].find((field) => !TWEET_FIELDS.has(field))
  if (wrong)
    return invalidRequest(
      'tweet.fields',
      wrong,
      `The \`tweet.fields\` query parameter value [${wrong}] is not one of [${[...TWEET_FIELDS].join(',')}]`,
    )
  const wrongUser = [...user].find((field) => !USER_FIELDS.has(field))
  if (wrongUser)
    return invalidRequest(
      'user.fields',
      wrongUser,
      `The \`user.fields\` query parameter value [${wrongUser}] is not one of [${[...USER_FIELDS].join(',')}]`,
    )
  const known = new Set([
    'author_id',
    'referenced_tweets.id',
    'in_reply_to_user_id',
    'attachments.media_keys',
    'entities.mentions.username',
  ])
  const wrongExpansion = [...expansions].find((expansion) => !known.has(expansion))
  if (wrongExpansion)
    return invalidRequest(
      'expansions',
      wrongExpansion,
      `The \`expansions\` query parameter value [${wrongExpansion}] is not valid`,
    )
  return { tweet, user, expansions }
}

function fieldList(request: FakeRequest, name: string): Set<string> {
  return new Set((request.url.searchParams.get(name) ?? '').split(',').filter(Boolean))
}

function includesFor(
  state: FakeXState,
  tweets: FakeXTweet[],
  fields: Fields,
): Record<string, unknown> {
  if (!fields.expansions.has('author_id') || tweets.length === 0) return {}
  const users = [...new Set(tweets.map((tweet) => tweet.authorId))].flatMap((id) => {
    const user = state.users.get(id)
    return user ? [renderUser(user, fields.user)] : []
  })
  return { includes: { users } }
}
