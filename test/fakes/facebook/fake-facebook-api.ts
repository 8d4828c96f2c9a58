/**
 * The Graph API endpoints Murmur uses for Pages, validated as Facebook documents them: Page tokens
 * and their permissions, the person's tasks on the Page, `appsecret_proof`, unpublished photos
 * attached with `attached_media`, the 63,206-character limit, duplicate posts (506), and usage
 * headers on every answer (Business Use Case for Page tokens, X-App-Usage for user tokens).
 */
import { appSecretProof } from '../../../src/networks/meta/meta-graph-client.js'
import {
  appUsageHeader,
  bucHeader,
  graphError,
  invalidParameter,
  invalidToken,
  missingPermission,
  throttled,
  unsupportedRequest,
} from '../meta/fake-graph-replies.js'
import {
  type FieldSpec,
  type GraphParams,
  graphPage,
  graphToken,
  parseFields,
  readGraphParams,
} from '../meta/fake-graph-request.js'
import {
  type FakeReply,
  type FakeRequest,
  type RateWindows,
  sniffImageType,
} from '../support/fake-http-server.js'
import {
  type FakeComment,
  type FakeFacebookState,
  type FakePost,
  graphTime,
} from './fake-facebook-state.js'

export const FACEBOOK_MAX_MESSAGE = 63_206
const MAX_PHOTO_BYTES = 10_000_000
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/bmp', 'image/tiff'])
const DAY = 24 * 60 * 60_000
const HOUR = 60 * 60_000

export interface FacebookBudgets {
  /** Calls per Page per 24 hours (BUC: 4800 × engaged users; small in tests). */
  pageCalls: number
  /** Calls of the app per hour with user tokens (200 × users). */
  appCalls: number
}

type Actor =
  | { kind: 'user'; userId: string; scopes: string[] }
  | { kind: 'page'; pageId: string; userId: string; scopes: string[] }

interface Call {
  state: FakeFacebookState
  request: FakeRequest
  params: GraphParams
  actor: Actor
  baseUrl: string
}

export async function handleGraph(
  state: FakeFacebookState,
  windows: RateWindows,
  budgets: FacebookBudgets,
  request: FakeRequest,
  baseUrl: string,
): Promise<FakeReply> {
  const path = request.url.pathname.replace(/^\/v\d+\.\d+/, '')
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent)
  const params = await readGraphParams(request)
  const token = graphToken(request, params) ?? ''
  const actor = resolveActor(state, token)
  if ('status' in actor) return actor
  const proof = params.get('appsecret_proof')
  if (proof !== undefined && proof !== appSecretProof(token, state.app.clientSecret)) {
    return invalidParameter('Invalid appsecret_proof provided in the API argument')
  }
  if (proof === undefined && state.app.requireAppSecretProof) {
    return invalidParameter('API calls from the server require an appsecret_proof argument')
  }
  // Usage: Page tokens count against the Page's Business Use Case budget, others the app's.
  const usage =
    actor.kind === 'page'
      ? windows.take(`page:${actor.pageId}`, budgets.pageCalls, DAY)
      : windows.take('app', budgets.appCalls, HOUR)
  const limit = actor.kind === 'page' ? budgets.pageCalls : budgets.appCalls
  const percent = Math.min(100, Math.floor(((limit - usage.remaining) / limit) * 100))
  const regainMinutes = Math.ceil((usage.resetAt - state.now()) / 60_000)
  if (!usage.allowed) {
    return actor.kind === 'page'
      ? throttled({ code: 80001, objectId: actor.pageId, regainMinutes, bucType: 'pages' })
      : throttled({ code: 4 })
  }
  const headers: Record<string, string> =
    actor.kind === 'page'
      ? {
          'x-business-use-case-usage': bucHeader(actor.pageId, {
            type: 'pages',
            percent,
            regainMinutes: 0,
          }),
        }
      : { 'x-app-usage': appUsageHeader(percent) }
  const reply = await route({ state, request, params, actor, baseUrl }, request.method, segments)
  return { ...reply, headers: { ...headers, ...reply.headers } }
}

function resolveActor(state: FakeFacebookState, token: string): Actor | FakeReply {
  const page = state.pageTokens.get(token)
  if (page) {
    if (page.dead) return invalidToken(page.dead)
    return { kind: 'page', pageId: page.pageId, userId: page.userId, scopes: page.scopes }
  }
  const user = state.userTokens.get(token)
  if (!user) return invalidToken('unknown')
  if (user.dead) return invalidToken(user.dead)
  if (user.expiresAt <= state.now()) return invalidToken('expired')
  return { kind: 'user', userId: user.userId, scopes: user.scopes }
}

async function route(call: Call, method: string, segments: string[]): Promise<FakeReply> {
  const [first, edge, ...rest] = segments
  if (!first || rest.length > 0) return invalidParameter('Unknown path components')
  if (first === 'me' && call.actor.kind === 'user') {
    if (!edge && method === 'GET') return me(call)
    if (edge === 'permissions' && method === 'GET') return permissions(call)
    if (edge === 'accounts' && method === 'GET') return accounts(call)
  }
  const id = first === 'me' && call.actor.kind === 'page' ? call.actor.pageId : first
  if (edge === 'photos' && method === 'POST') return uploadPhoto(call, id)
  if (edge === 'feed' && method === 'POST') return createPost(call, id)
  if (edge === 'feed' && method === 'GET') return feed(call, id, 'feed')
  if (edge === 'tagged' && method === 'GET') return feed(call, id, 'tagged')
  if (edge === 'comments' && method === 'POST') return createComment(call, id)
  if (edge === 'comments' && method === 'GET') return listComments(call, id)
  if (edge === 'likes' && method === 'POST') return like(call, id)
  if (edge === 'insights' && method === 'GET') return insights(call, id)
  if (!edge && method === 'GET') return readObject(call, id)
  if (!edge && method === 'DELETE') return deleteObject(call, id)
  return unsupportedRequest(method, id)
}

function me(call: Call): FakeReply {
  const user = call.state.users.get(call.actor.userId)
  return { status: 200, body: { id: user?.id, name: user?.name } }
}

function permissions(call: Call): FakeReply {
  const requested = new Set([...call.actor.scopes])
  const data = [...requested].map((permission) => ({ permission, status: 'granted' }))
  // What the person unticked shows as declined, as Facebook lists it.
  const declined = call.state.declined.get(call.actor.userId) ?? []
  for (const permission of declined) data.push({ permission, status: 'declined' })
  return { status: 200, body: { data } }
}

function accounts(call: Call): FakeReply {
  const { state, actor } = call
  if (!actor.scopes.includes('pages_show_list')) return { status: 200, body: { data: [] } }
  const fields = parseFields(call.params.get('fields') ?? 'id,name,access_token')
  const managed = [...state.pages.values()].filter((page) => page.roles.has(actor.userId))
  const items = managed.map((page) => {
    const all: Record<string, unknown> = {
      id: page.id,
      name: page.name,
      category: page.category,
      tasks: page.roles.get(actor.userId),
      access_token: state.pageTokenFor(page.id, actor.userId, actor.scopes),
    }
    return pick(all, fields)
  })
  const limit = Number(call.params.get('limit') ?? 25)
  return {
    status: 200,
    body: graphPage(`${call.baseUrl}/me/accounts`, items, {
      limit,
      after: call.params.get('after'),
    }),
  }
}

/** The acting Page, or the Graph error Facebook gives a token that may not act for it. */
function pageActor(
  call: Call,
  pageId: string,
  permission: string,
  task = 'CREATE_CONTENT',
): FakeReply | undefined {
  const { actor, state } = call
  const page = state.pages.get(pageId)
  if (!page) return unsupportedRequest(call.request.method, pageId)
  if (actor.kind !== 'page' || actor.pageId !== pageId) {
    return graphError(403, {
      message:
        '(#200) If posting to a page, requires both pages_read_engagement and pages_manage_posts as an admin with sufficient administrative permission',
      code: 200,
    })
  }
  if (!actor.scopes.includes(permission)) return missingPermission(permission)
  const tasks = page.roles.get(actor.userId) ?? []
  if (!tasks.includes(task) && !tasks.includes('MANAGE')) {
    return graphError(403, {
      message: `(#200) The person needs the ${task} task on this Page`,
      code: 200,
    })
  }
  return undefined
}

function uploadPhoto(call: Call, pageId: string): FakeReply {
  const refused = pageActor(call, pageId, 'pages_manage_posts')
  if (refused) return refused
  const source = call.params.files.get('source')
  if (!source) {
    return call.params.get('url')
      ? invalidParameter('The fake Facebook takes photos as `source` uploads only')
      : graphError(400, { message: '(#324) Requires upload file', code: 324 })
  }
  const type =
    sniffImageType(source.bytes) ??
    (source.bytes[0] === 0x42 && source.bytes[1] === 0x4d ? 'image/bmp' : undefined)
  if (!type || !PHOTO_TYPES.has(type)) {
    return graphError(400, { message: '(#324) Missing or invalid image file', code: 324 })
  }
  if (source.bytes.byteLength >= MAX_PHOTO_BYTES) {
    return graphError(400, { message: 'Photo upload failed: the file is too large', code: 1366046 })
  }
  const published = call.params.get('published') !== 'false'
  const id = call.state.nextId()
  const altText = call.params.get('alt_text_custom')
  call.state.photos.set(id, {
    id,
    pageId,
    published,
    mimeType: type,
    size: source.bytes.byteLength,
    ...(altText && { altText }),
  })
  if (!published) return { status: 200, body: { id } }
  const post = storePost(
    call,
    pageId,
    call.params.get('caption') ?? call.params.get('message') ?? '',
    [id],
  )
  return { status: 200, body: { id, post_id: post.id } }
}

function createPost(call: Call, pageId: string): FakeReply {
  const refused = pageActor(call, pageId, 'pages_manage_posts')
  if (refused) return refused
  const message = call.params.get('message') ?? ''
  if ([...message].length > FACEBOOK_MAX_MESSAGE) {
    return invalidParameter(`Message is too long: at most ${FACEBOOK_MAX_MESSAGE} characters`)
  }
  const photoIds: string[] = []
  for (const [key, value] of call.params.values) {
    const match = /^attached_media\[(\d+)\]$/.exec(key)
    if (!match) continue
    let parsed: { media_fbid?: unknown }
    try {
      parsed = JSON.parse(value) as { media_fbid?: unknown }
    } catch {
      return invalidParameter('param attached_media must be an array of objects with media_fbid')
    }
    const photo = call.state.photos.get(String(parsed.media_fbid ?? ''))
    if (!photo || photo.pageId !== pageId) {
      return invalidParameter(`Invalid media_fbid ${String(parsed.media_fbid)}`)
    }
    if (photo.published || photo.attachedTo) {
      return invalidParameter(`Photo ${photo.id} is already published and cannot be attached again`)
    }
    photoIds[Number(match[1])] = photo.id
  }
  const attached = photoIds.filter(Boolean)
  if (message.trim() === '' && attached.length === 0 && !call.params.get('link')) {
    return invalidParameter('The parameter message or attached_media is required')
  }
  const duplicate = [...call.state.posts.values()].some(
    (post) =>
      !post.deleted &&
      post.pageId === pageId &&
      post.from.id === pageId &&
      message.trim() !== '' &&
      post.message === message &&
      call.state.now() - post.createdAt < DAY,
  )
  if (duplicate) return graphError(400, { message: '(#506) Duplicate status message', code: 506 })
  const post = storePost(call, pageId, message, attached)
  return { status: 200, body: { id: post.id } }
}

function storePost(call: Call, pageId: string, message: string, photoIds: string[]): FakePost {
  const page = call.state.pages.get(pageId)!
  const id = `${pageId}_${call.state.nextId()}`
  const post: FakePost = {
    id,
    pageId,
    from: { id: pageId, name: page.name },
    message,
    photoIds,
    createdAt: call.state.now(),
    deleted: false,
    reactions: 0,
    shares: 0,
    views: 0,
    taggedPageIds: [],
  }
  for (const photoId of photoIds) call.state.photos.get(photoId)!.attachedTo = id
  call.state.posts.set(id, post)
  return post
}

function createComment(call: Call, targetId: string): FakeReply {
  const { state, actor } = call
  const post = state.livePost(targetId)
  const parent = post ? undefined : state.liveComment(targetId)
  if (!post && !parent) return unsupportedRequest('POST', targetId)
  if (actor.kind !== 'page') {
    return graphError(403, {
      message: '(#200) Commenting as a Page requires a Page access token',
      code: 200,
    })
  }
  if (!actor.scopes.includes('pages_manage_engagement'))
    return missingPermission('pages_manage_engagement')
  const message = call.params.get('message') ?? ''
  if (message.trim() === '' && !call.params.get('attachment_url')) {
    return invalidParameter('param message must be non-empty')
  }
  const postId = post?.id ?? parent!.postId
  const page = state.pages.get(actor.pageId)!
  const id = `${postId.split('_')[1]}_${state.nextId()}`
  const comment: FakeComment = {
    id,
    postId,
    // An answer to an answer joins the top-level comment: Facebook nests one level only.
    ...(parent && { parentId: parent.parentId ?? parent.id }),
    from: { id: page.id, name: page.name },
    message,
    createdAt: state.now(),
    deleted: false,
  }
  state.comments.set(id, comment)
  return { status: 200, body: { id } }
}

/** The Page likes a post or comment; liking again keeps one like and answers the same. */
function like(call: Call, targetId: string): FakeReply {
  const { state, actor } = call
  if (!state.livePost(targetId) && !state.liveComment(targetId))
    return unsupportedRequest('POST', targetId)
  if (actor.kind !== 'page') {
    return graphError(403, {
      message: '(#200) Liking as a Page requires a Page access token',
      code: 200,
    })
  }
  if (!actor.scopes.includes('pages_manage_engagement'))
    return missingPermission('pages_manage_engagement')
  state.likes.add(`${actor.pageId} ${targetId}`)
  return { status: 200, body: { success: true } }
}

function commentsOf(state: FakeFacebookState, postId: string, stream: boolean): FakeComment[] {
  return [...state.comments.values()].filter(
    (comment) => !comment.deleted && comment.postId === postId && (stream || !comment.parentId),
  )
}

function listComments(call: Call, id: string): FakeReply {
  const post = call.state.livePost(id)
  if (!post) return unsupportedRequest('GET', id)
  const stream = call.params.get('filter') === 'stream'
  const reverse = call.params.get('order') === 'reverse_chronological'
  const comments = sortComments(commentsOf(call.state, id, stream), reverse)
  const fields = parseFields(call.params.get('fields') ?? 'id,message,created_time,from')
  const limit = Number(call.params.get('limit') ?? 25)
  return {
    status: 200,
    body: graphPage(
      `${call.baseUrl}/${id}/comments`,
      comments.map((comment) => renderComment(call, comment, fields)),
      {
        limit,
        after: call.params.get('after'),
      },
    ),
  }
}

function feed(call: Call, pageId: string, edge: 'feed' | 'tagged'): FakeReply {
  const { state, actor } = call
  if (!state.pages.get(pageId)) return unsupportedRequest('GET', pageId)
  if (actor.kind !== 'page' || actor.pageId !== pageId)
    return missingPermission('pages_read_engagement')
  for (const permission of ['pages_read_engagement', 'pages_read_user_content']) {
    if (!actor.scopes.includes(permission)) return missingPermission(permission)
  }
  const posts = [...state.posts.values()]
    .filter((post) => !post.deleted)
    .filter((post) =>
      edge === 'feed' ? post.pageId === pageId : post.taggedPageIds.includes(pageId),
    )
    .sort((left, right) => right.createdAt - left.createdAt)
  const fields = parseFields(call.params.get('fields') ?? 'id,message,created_time')
  const limit = Math.min(Number(call.params.get('limit') ?? 25), 100)
  const rendered = posts.map((post) => renderPost(call, post, fields))
  return {
    status: 200,
    body: graphPage(`${call.baseUrl}/${pageId}/${edge}`, rendered, {
      limit,
      after: call.params.get('after'),
    }),
  }
}

function insights(call: Call, id: string): FakeReply {
  const post = call.state.livePost(id)
  if (!post) return unsupportedRequest('GET', id)
  if (!call.actor.scopes.includes('read_insights')) {
    return graphError(403, { message: '(#10) Requires read_insights permission', code: 10 })
  }
  const metrics = (call.params.get('metric') ?? '').split(',').filter(Boolean)
  const known: Record<string, number> = { post_media_view: post.views }
  const unknown = metrics.filter((metric) => !(metric in known))
  if (unknown.length > 0) {
    return invalidParameter(`The value must be a valid insights metric: ${unknown.join(', ')}`)
  }
  return {
    status: 200,
    body: {
      data: metrics.map((name) => ({
        name,
        period: 'lifetime',
        values: [{ value: known[name] }],
        title: 'Lifetime Post Media Views',
        id: `${id}/insights/${name}/lifetime`,
      })),
    },
  }
}

function readObject(call: Call, id: string): FakeReply {
  const { state } = call
  const fieldsParam = call.params.get('fields')
  const post = state.livePost(id)
  if (post)
    return {
      status: 200,
      body: renderPost(call, post, parseFields(fieldsParam ?? 'id,message,created_time')),
    }
  const comment = state.liveComment(id)
  if (comment) {
    return {
      status: 200,
      body: renderComment(
        call,
        comment,
        parseFields(fieldsParam ?? 'id,message,created_time,from'),
      ),
    }
  }
  const photo = state.photos.get(id)
  if (photo)
    return {
      status: 200,
      body: pick(
        { id: photo.id, alt_text_custom: photo.altText },
        parseFields(fieldsParam ?? 'id'),
      ),
    }
  const page = state.pages.get(id)
  if (page) {
    const fields = parseFields(fieldsParam ?? 'id,name')
    // Audience fields of a Page need its token with pages_read_engagement, as Graph documents.
    const audience = fields.some((field) => ['followers_count', 'fan_count'].includes(field.name))
    if (audience) {
      const refused = pageActor(call, id, 'pages_read_engagement', 'ANALYZE')
      if (refused) return refused
    }
    return {
      status: 200,
      body: pick(
        {
          id: page.id,
          name: page.name,
          category: page.category,
          followers_count: page.followers ?? 0,
          fan_count: page.fans ?? 0,
        },
        fields,
      ),
    }
  }
  return unsupportedRequest('GET', id)
}

function deleteObject(call: Call, id: string): FakeReply {
  const { state, actor } = call
  const post = state.livePost(id)
  if (post) {
    const refused = pageActor(call, post.pageId, 'pages_manage_posts')
    if (refused) return refused
    post.deleted = true
    return { status: 200, body: { success: true } }
  }
  const comment = state.liveComment(id)
  if (comment) {
    const owner = state.posts.get(comment.postId)!.pageId
    if (actor.kind !== 'page' || (actor.pageId !== owner && actor.pageId !== comment.from.id)) {
      return graphError(403, { message: '(#200) Permissions error', code: 200 })
    }
    if (!actor.scopes.includes('pages_manage_engagement'))
      return missingPermission('pages_manage_engagement')
    comment.deleted = true
    return { status: 200, body: { success: true } }
  }
  return unsupportedRequest('DELETE', id)
}

function renderPost(call: Call, post: FakePost, fields: FieldSpec[]): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  for (const field of fields) {
    switch (field.name) {
      case 'id':
        body.id = post.id
        break
      case 'message':
        if (post.message) body.message = post.message
        break
      case 'created_time':
        body.created_time = graphTime(post.createdAt)
        break
      case 'from':
        body.from = post.from
        break
      case 'permalink_url':
        body.permalink_url = `https://www.facebook.com/${post.pageId}/posts/${post.id.split('_')[1]}`
        break
      case 'shares':
        // Facebook leaves the field out of a post nobody shared.
        if (post.shares > 0) body.shares = { count: post.shares }
        break
      case 'reactions':
        body.reactions = edgeWithSummary(field, post.reactions, [])
        break
      case 'comments': {
        const stream = field.modifiers.filter === 'stream'
        const reverse = field.modifiers.order === 'reverse_chronological'
        const comments = sortComments(commentsOf(call.state, post.id, stream), reverse)
        const subfields = parseFields(field.subfields ?? 'id,message,created_time')
        body.comments = edgeWithSummary(
          field,
          commentsOf(call.state, post.id, true).length,
          comments.map((comment) => renderComment(call, comment, subfields)),
        )
        break
      }
      case 'attachments':
        body.attachments = {
          data: post.photoIds.map((photoId) => ({
            type: 'photo',
            target: { id: photoId },
            description: call.state.photos.get(photoId)?.altText,
          })),
        }
        break
      default:
        break
    }
  }
  return body
}

function renderComment(
  call: Call,
  comment: FakeComment,
  fields: FieldSpec[],
): Record<string, unknown> {
  const all: Record<string, unknown> = {
    id: comment.id,
    message: comment.message,
    created_time: graphTime(comment.createdAt),
    from: comment.from,
    ...(comment.parentId && { parent: { id: comment.parentId } }),
    permalink_url: `https://www.facebook.com/${call.state.posts.get(comment.postId)?.pageId}/posts/${comment.postId.split('_')[1]}?comment_id=${comment.id.split('_')[1]}`,
  }
  return pick(all, fields)
}

function edgeWithSummary(
  field: FieldSpec,
  total: number,
  items: unknown[],
): Record<string, unknown> {
  const limit = field.modifiers.limit === undefined ? 25 : Number(field.modifiers.limit)
  return {
    data: items.slice(0, limit),
    ...(field.modifiers.summary !== undefined && { summary: { total_count: total } }),
  }
}

function sortComments(comments: FakeComment[], reverse: boolean): FakeComment[] {
  return comments.sort((left, right) =>
    reverse ? right.createdAt - left.createdAt : left.createdAt - right.createdAt,
  )
}

function pick(all: Record<string, unknown>, fields: FieldSpec[]): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  for (const field of fields) {
    if (all[field.name] !== undefined) body[field.name] = all[field.name]
  }
  return body
}
