/**
 * graph.threads.net/v1.0 endpoints Murmur uses, validated as the Threads documentation says:
 * tokens and permissions, containers (TEXT, IMAGE from a public URL, CAROUSEL of 2–20 items),
 * 500 characters with emoji counted in UTF-8 bytes, at most 5 links, replies by `reply_to_id`,
 * publishing only FINISHED containers, 100 deletions a day, usage headers on every answer.
 */
import {
  appUsageHeader,
  graphError,
  invalidParameter,
  invalidToken,
  throttled,
  unsupportedRequest,
} from '../meta/fake-graph-replies.js'
import {
  type GraphParams,
  graphPage,
  graphToken,
  parseFields,
  readGraphParams,
} from '../meta/fake-graph-request.js'
import type { FakeInternet } from '../meta/fake-internet.js'
import { threadsLength, threadsLinkCount } from '../meta/fake-meta-text.js'
import {
  type FakeReply,
  type FakeRequest,
  type RateWindows,
  sniffImageType,
} from '../support/fake-http-server.js'
import type { FakeThreadsPost, FakeThreadsState, FakeThreadsUser } from './fake-threads-state.js'

const DAY = 24 * 60 * 60_000
const MAX_IMAGE_BYTES = 8 * 1024 * 1024

interface Call {
  state: FakeThreadsState
  internet: FakeInternet
  params: GraphParams
  user: FakeThreadsUser
  scopes: string[]
  baseUrl: string
}

export async function handleThreadsApi(
  state: FakeThreadsState,
  internet: FakeInternet,
  windows: RateWindows,
  callBudget: number,
  request: FakeRequest,
  baseUrl: string,
): Promise<FakeReply> {
  const params = await readGraphParams(request)
  const token = state.tokens.get(graphToken(request, params) ?? '')
  if (!token) return invalidToken('unknown')
  if (token.revoked) return invalidToken('app removed')
  if (token.expiresAt <= state.now()) return invalidToken('expired')
  const user = state.users.get(token.userId)
  if (!user) return invalidToken('unknown')
  // Calls count per app-and-profile pair over 24 hours (4800 × impressions; small in tests).
  const window = windows.take(`threads:${user.id}`, callBudget, DAY)
  const percent = Math.min(100, Math.floor(((callBudget - window.remaining) / callBudget) * 100))
  if (!window.allowed) return throttled({ code: 17 })
  const segments = request.url.pathname
    .replace(/^\/v1\.0/, '')
    .split('/')
    .filter(Boolean)
  const call: Call = { state, internet, params, user, scopes: token.scopes, baseUrl }
  const reply = await route(call, request.method, segments)
  return { ...reply, headers: { 'x-app-usage': appUsageHeader(percent), ...reply.headers } }
}

async function route(
  call: Call,
  method: string,
  [first, edge, ...rest]: string[],
): Promise<FakeReply> {
  if (!first || rest.length > 0) return invalidParameter('Unknown path components')
  const id = first === 'me' ? call.user.id : first
  if (id === call.user.id) {
    if (!edge && method === 'GET') return profile(call)
    if (edge === 'threads' && method === 'POST') return createContainer(call)
    if (edge === 'threads' && method === 'GET') return ownPosts(call)
    if (edge === 'threads_publish' && method === 'POST') return publish(call)
    if (edge === 'mentions' && method === 'GET') return mentions(call)
    if (edge === 'threads_insights' && method === 'GET') return userInsights(call)
  }
  if (edge === 'insights' && method === 'GET') return insights(call, id)
  if (edge === 'conversation' && method === 'GET') return conversation(call, id)
  if (!edge && method === 'GET') return readObject(call, id)
  if (!edge && method === 'DELETE') return deletePost(call, id)
  return unsupportedRequest(method, id)
}

function need(call: Call, permission: string): FakeReply | undefined {
  if (call.scopes.includes(permission)) return undefined
  return graphError(403, {
    message: `(#10) Application does not have permission for this action (${permission})`,
    code: 10,
  })
}

function profile(call: Call): FakeReply {
  const fields = parseFields(call.params.get('fields') ?? 'id')
  const all: Record<string, unknown> = {
    id: call.user.id,
    username: call.user.username,
    name: call.user.name,
  }
  return {
    status: 200,
    body: Object.fromEntries(
      fields
        .filter((field) => all[field.name] !== undefined)
        .map((field) => [field.name, all[field.name]]),
    ),
  }
}

async function createContainer(call: Call): Promise<FakeReply> {
  const refused = need(call, 'threads_content_publish')
  if (refused) return refused
  const { params, state } = call
  const mediaType = params.get('media_type')
  const text = params.get('text') ?? ''
  const isCarouselItem = params.get('is_carousel_item') === 'true'
  if (!mediaType || !['TEXT', 'IMAGE', 'VIDEO', 'CAROUSEL'].includes(mediaType)) {
    return invalidParameter('Param media_type must be one of {TEXT, IMAGE, VIDEO, CAROUSEL}')
  }
  if (threadsLength(text) > 500) {
    return graphError(400, {
      message: 'Param text must be at most 500 characters long.',
      code: 100,
      userTitle: 'Text too long',
      userMessage: 'The post text is longer than 500 characters.',
    })
  }
  if (threadsLinkCount(text) > 5) {
    return graphError(400, {
      message: 'THREADS_API__LINK_LIMIT_EXCEEDED',
      code: 100,
      userTitle: 'Too many links',
      userMessage: 'Posts can contain at most 5 links.',
    })
  }
  if (mediaType === 'TEXT' && text.trim() === '')
    return invalidParameter('Param text is required for TEXT posts')
  const replyTo = params.get('reply_to_id')
  if (replyTo) {
    if (!call.scopes.includes('threads_manage_replies'))
      return need(call, 'threads_manage_replies')!
    if (!state.livePost(replyTo))
      return invalidParameter('Param reply_to_id must be a valid Threads media id')
  }
  const images: Array<{ bytes: Uint8Array; altText?: string }> = []
  let failure: string | undefined
  if (mediaType === 'IMAGE') {
    const imageUrl = params.get('image_url')
    if (!imageUrl) return invalidParameter('Param image_url is required for IMAGE posts')
    const download = await call.internet.download(imageUrl)
    const altText = params.get('alt_text')
    if (!download.ok) failure = 'FAILED_DOWNLOADING_IMAGE'
    else {
      const type = sniffImageType(download.file.bytes)
      if (type !== 'image/jpeg' && type !== 'image/png') failure = 'UNSUPPORTED_IMAGE_FORMAT'
      else if (download.file.bytes.byteLength > MAX_IMAGE_BYTES) failure = 'IMAGE_TOO_LARGE'
      else images.push({ bytes: download.file.bytes, ...(altText && { altText }) })
    }
  }
  if (mediaType === 'VIDEO') return invalidParameter('The fake Threads takes no video')
  const children = (params.get('children') ?? '').split(',').filter(Boolean)
  if (mediaType === 'CAROUSEL') {
    if (children.length < 2 || children.length > 20)
      return invalidParameter('A carousel takes 2 to 20 children')
    for (const childId of children) {
      const child = state.containers.get(childId)
      if (
        !child ||
        child.ownerId !== call.user.id ||
        !child.isCarouselItem ||
        child.status !== 'FINISHED'
      ) {
        return invalidParameter(`Param children contains an invalid or unfinished item: ${childId}`)
      }
      images.push(...child.images)
    }
  }
  const container = state.containers.add({
    id: state.nextId(),
    ownerId: call.user.id,
    mediaType,
    params: Object.fromEntries(params.values),
    images,
    children,
    isCarouselItem,
  })
  if (failure) state.containers.fail(container.id, failure)
  return { status: 200, body: { id: container.id } }
}

function publish(call: Call): FakeReply {
  const refused = need(call, 'threads_content_publish')
  if (refused) return refused
  const { state } = call
  const containerId = call.params.get('creation_id') ?? ''
  const container = state.containers.get(containerId)
  if (!container || container.ownerId !== call.user.id || container.isCarouselItem) {
    return invalidParameter('Param creation_id must be a valid media container id')
  }
  if (container.status === 'PUBLISHED')
    return invalidParameter('The media container has already been published')
  if (container.status !== 'FINISHED') {
    return graphError(400, {
      message: 'The media is not ready for publishing, please wait for a moment',
      code: 9007,
      subcode: 2207027,
      type: 'THApiException',
    })
  }
  const replyTo = container.params.reply_to_id
  const parent = replyTo ? state.livePost(replyTo) : undefined
  const id = state.nextId()
  const post: FakeThreadsPost = {
    id,
    ownerId: call.user.id,
    text: container.params.text ?? '',
    mediaType:
      container.mediaType === 'TEXT'
        ? 'TEXT_POST'
        : container.mediaType === 'CAROUSEL'
          ? 'CAROUSEL_ALBUM'
          : 'IMAGE',
    images: container.images,
    ...(parent && { replyToId: parent.id, rootId: parent.rootId ?? parent.id }),
    shortcode: Buffer.from(id).toString('base64url').slice(0, 11),
    createdAt: state.now(),
    deleted: false,
    metrics: { views: 0, likes: 0, replies: 0, reposts: 0, quotes: 0, shares: 0 },
  }
  state.posts.set(id, post)
  container.status = 'PUBLISHED'
  container.publishedAs = id
  return { status: 200, body: { id } }
}

function readObject(call: Call, id: string): FakeReply {
  const container = call.state.containers.get(id)
  if (container && container.ownerId === call.user.id) {
    const read = call.state.containers.read(id)!
    const fields = parseFields(call.params.get('fields') ?? 'id')
    const all: Record<string, unknown> = {
      id,
      status: read.status,
      error_message: read.errorMessage,
    }
    return {
      status: 200,
      body: pickFields(
        all,
        fields.map((field) => field.name),
      ),
    }
  }
  const post = call.state.livePost(id)
  if (!post) return unsupportedRequest('GET', id)
  return { status: 200, body: renderPost(call, post, call.params.get('fields') ?? 'id') }
}

function renderPost(call: Call, post: FakeThreadsPost, fields: string): Record<string, unknown> {
  const owner = call.state.users.get(post.ownerId)
  const all: Record<string, unknown> = {
    id: post.id,
    text: post.text || undefined,
    timestamp: new Date(post.createdAt).toISOString().replace(/\.\d{3}Z$/, '+0000'),
    permalink: `https://www.threads.net/@${owner?.username}/post/${post.shortcode}`,
    username: owner?.username,
    media_type: post.mediaType,
    is_reply: post.replyToId !== undefined,
    replied_to: post.replyToId ? { id: post.replyToId } : undefined,
    root_post: { id: post.rootId ?? post.id },
    is_reply_owned_by_me: post.replyToId ? post.ownerId === call.user.id : undefined,
    alt_text: post.images[0]?.altText,
    ...(post.ownerId === call.user.id && { owner: { id: post.ownerId } }),
  }
  return pickFields(
    all,
    parseFields(fields).map((field) => field.name),
  )
}

function ownPosts(call: Call): FakeReply {
  const posts = [...call.state.posts.values()]
    .filter((post) => !post.deleted && post.ownerId === call.user.id && !post.replyToId)
    .sort((left, right) => right.createdAt - left.createdAt)
  return listPage(call, `${call.baseUrl}/${call.user.id}/threads`, posts)
}

function mentions(call: Call): FakeReply {
  const refused = need(call, 'threads_manage_mentions')
  if (refused) return refused
  const handle = `@${call.user.username.toLowerCase()}`
  const posts = [...call.state.posts.values()]
    .filter(
      (post) =>
        !post.deleted && post.ownerId !== call.user.id && post.text.toLowerCase().includes(handle),
    )
    .sort((left, right) => right.createdAt - left.createdAt)
  return listPage(call, `${call.baseUrl}/${call.user.id}/mentions`, posts)
}

function conversation(call: Call, id: string): FakeReply {
  const refused = need(call, 'threads_read_replies')
  if (refused) return refused
  const root = call.state.livePost(id)
  if (!root) return unsupportedRequest('GET', id)
  const reverse = call.params.get('reverse') !== 'false'
  const replies = [...call.state.posts.values()]
    .filter((post) => !post.deleted && post.rootId === root.id)
    .sort((left, right) =>
      reverse ? right.createdAt - left.createdAt : left.createdAt - right.createdAt,
    )
  return listPage(call, `${call.baseUrl}/${id}/conversation`, replies)
}

function listPage(call: Call, url: string, posts: FakeThreadsPost[]): FakeReply {
  const fields = call.params.get('fields') ?? 'id'
  const limit = Math.min(Number(call.params.get('limit') ?? 25), 100)
  const rendered = posts.map((post) => renderPost(call, post, fields))
  return { status: 200, body: graphPage(url, rendered, { limit, after: call.params.get('after') }) }
}

function insights(call: Call, id: string): FakeReply {
  const refused = need(call, 'threads_manage_insights')
  if (refused) return refused
  const post = call.state.livePost(id)
  if (!post || post.ownerId !== call.user.id) return unsupportedRequest('GET', id)
  const metrics = (call.params.get('metric') ?? '').split(',').filter(Boolean)
  const unknown = metrics.filter((metric) => !(metric in post.metrics))
  if (unknown.length > 0 || metrics.length === 0)
    return invalidParameter(`metric must be one of views, likes, replies, reposts, quotes, shares`)
  return {
    status: 200,
    body: {
      data: metrics.map((name) => ({
        name,
        period: 'lifetime',
        values: [{ value: post.metrics[name as keyof FakeThreadsPost['metrics']] }],
        title: name,
        description: `Number of ${name}`,
        id: `${id}/insights/${name}/lifetime`,
      })),
    },
  }
}

const USER_METRICS = new Set([
  'views',
  'likes',
  'replies',
  'reposts',
  'quotes',
  'clicks',
  'followers_count',
  'follower_demographics',
])

/**
 * User insights. Only `followers_count` carries a number here (a `total_value`, no since/until);
 * the other documented metrics are accepted and left out, as Meta leaves out what it lacks.
 */
function userInsights(call: Call): FakeReply {
  const refused = need(call, 'threads_manage_insights')
  if (refused) return refused
  const metrics = (call.params.get('metric') ?? '').split(',').filter(Boolean)
  if (metrics.length === 0 || metrics.some((metric) => !USER_METRICS.has(metric)))
    return invalidParameter(`metric must be one of ${[...USER_METRICS].join(', ')}`)
  const data = metrics
    .filter((name) => name === 'followers_count')
    .map((name) => ({
      name,
      period: 'day',
      title: name,
      description: 'Your total number of followers on Threads.',
      total_value: { value: call.user.followers ?? 0 },
      id: `${call.user.id}/insights/${name}/day`,
    }))
  return { status: 200, body: { data } }
}

function deletePost(call: Call, id: string): FakeReply {
  const refused = need(call, 'threads_delete')
  if (refused) return refused
  const post = call.state.livePost(id)
  if (!post) return unsupportedRequest('DELETE', id)
  if (post.ownerId !== call.user.id)
    return graphError(403, { message: '(#200) Permissions error', code: 200 })
  const now = call.state.now()
  const recent = (call.state.deletions.get(call.user.id) ?? []).filter((at) => now - at < DAY)
  if (recent.length >= 100) {
    return graphError(400, {
      message: 'You have reached the limit of 100 deletions per day',
      code: 17,
      isTransient: true,
    })
  }
  recent.push(now)
  call.state.deletions.set(call.user.id, recent)
  post.deleted = true
  return { status: 200, body: { success: true, deleted_id: id } }
}

function pickFields(all: Record<string, unknown>, names: string[]): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  for (const name of names) if (all[name] !== undefined) body[name] = all[name]
  return body
}
