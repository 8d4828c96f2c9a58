/**
 * The versioned REST API (api.linkedin.com/rest) endpoints Murmur uses, validated as LinkedIn
 * documents them: `LinkedIn-Version` (missing: 400, inactive: 426) and
 * `X-Restli-Protocol-Version: 2.0.0` on every call, bearer tokens and scopes, the Posts payload
 * (author, commentary in little text, visibility, distribution, lifecycleState, media with
 * altText), images uploaded before they are posted, comments, reactions (like and take back),
 * 3,000 characters, daily limits that reset at midnight UTC (429 without headers).
 */
import { type FakeReply, type FakeRequest, sniffImageType } from '../support/fake-http-server.js'
import { readLittle } from './fake-linkedin-little.js'
import {
  type FakeLinkedInComment,
  type FakeLinkedInPost,
  type FakeLinkedInReaction,
  type FakeLinkedInState,
  memberUrn,
  randomToken,
} from './fake-linkedin-state.js'

const MONTH_MS = 31 * 24 * 60 * 60_000

export interface LinkedInLimits {
  /** Calls per member per UTC day, per endpoint family. */
  daily: number
  /** How many status reads an uploaded image answers PROCESSING. */
  imageProcessingPolls: number
}

interface Call {
  state: FakeLinkedInState
  request: FakeRequest
  member: string
  scopes: string[]
  baseUrl: string
}

function restError(
  status: number,
  code: string,
  message: string,
  serviceErrorCode?: number,
): FakeReply {
  return {
    status,
    body: { status, ...(serviceErrorCode !== undefined && { serviceErrorCode }), code, message },
  }
}

const accessDenied = (what: string) =>
  restError(403, 'ACCESS_DENIED', `Not enough permissions to access: ${what}`, 100)
const notFound = () => restError(404, 'NOT_FOUND', 'Not Found', 0)
const validation = (message: string) => ({
  status: 422,
  body: { message: `ERROR :: ${message}\n`, status: 422 },
})

/** Versions are YYYYMM; LinkedIn keeps each active for about a year. */
export function versionProblem(version: string | undefined, now: number): FakeReply | undefined {
  if (!version) {
    return restError(
      400,
      'VERSION_MISSING',
      'A version must be present. Please specify a version by adding the LinkedIn-Version header.',
    )
  }
  const match = /^(\d{4})(\d{2})$/.exec(version)
  const start = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, 1) : Number.NaN
  if (!Number.isFinite(start) || start > now || now - start > 12 * MONTH_MS) {
    return restError(426, 'NONEXISTENT_VERSION', `Requested version ${version} is not active`)
  }
  return undefined
}

export async function handleRest(
  state: FakeLinkedInState,
  limits: LinkedInLimits,
  request: FakeRequest,
  baseUrl: string,
): Promise<FakeReply> {
  const bad = versionProblem(request.header('linkedin-version'), state.now())
  if (bad) return bad
  if (request.header('x-restli-protocol-version') !== '2.0.0') {
    return restError(
      400,
      'ILLEGAL_ARGUMENT',
      'X-Restli-Protocol-Version 2.0.0 is required by this resource',
    )
  }
  const token = state.tokens.get(request.bearer() ?? '')
  if (!token) return restError(401, 'INVALID_ACCESS_TOKEN', 'Invalid access token', 65600)
  if (token.revoked)
    return restError(
      401,
      'REVOKED_ACCESS_TOKEN',
      'The token used in the request has been revoked by the user',
      65601,
    )
  if (token.expiresAt <= state.now())
    return restError(
      401,
      'EXPIRED_ACCESS_TOKEN',
      'The token used in the request has expired',
      65602,
    )
  const path = request.url.pathname.replace(/^\/rest/, '')
  const family = path.split('/')[1] ?? ''
  const day = new Date(state.now()).toISOString().slice(0, 10)
  const key = `${token.sub} ${request.method} ${family} ${day}`
  const used = (state.dailyCalls.get(key) ?? 0) + 1
  state.dailyCalls.set(key, used)
  if (used > limits.daily) {
    return restError(
      429,
      'TOO_MANY_REQUESTS',
      'Resource level throttle MEMBER DAY limit for calls to this resource is reached.',
      101,
    )
  }
  const call: Call = { state, request, member: memberUrn(token.sub), scopes: token.scopes, baseUrl }
  return route(call, limits, path)
}

function need(call: Call, scope: string, what: string): FakeReply | undefined {
  return call.scopes.includes(scope) ? undefined : accessDenied(what)
}

function route(call: Call, limits: LinkedInLimits, path: string): FakeReply {
  const { method } = call.request
  // A reaction's key is a Rest.li compound key: read it before the segments are decoded.
  if (path === '/reactions' && method === 'POST') return createReaction(call)
  const reactionKey = /^\/reactions\/(.+)$/.exec(path)?.[1]
  if (reactionKey && method === 'DELETE') return deleteReaction(call, reactionKey)
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent)
  const [resource, id, edge, subId] = segments
  if (resource === 'posts' && !id && method === 'POST') return createPost(call)
  if (resource === 'posts' && !id && method === 'GET') return listPosts(call)
  if (resource === 'posts' && id && method === 'GET') return readPost(call, id)
  if (resource === 'posts' && id && method === 'DELETE') return deletePost(call, id)
  if (resource === 'images' && !id && method === 'POST') return initializeUpload(call)
  if (resource === 'images' && id && method === 'GET') return readImage(call, limits, id)
  if (resource === 'socialActions' && id && edge === 'comments' && !subId && method === 'POST')
    return createComment(call, id)
  if (resource === 'socialActions' && id && edge === 'comments' && !subId && method === 'GET')
    return listComments(call, id)
  if (resource === 'socialActions' && id && edge === 'comments' && subId && method === 'GET')
    return readComment(call, id, subId)
  if (resource === 'socialActions' && id && edge === 'comments' && subId && method === 'DELETE')
    return deleteComment(call, id, subId)
  if (resource === 'socialMetadata' && id && method === 'GET') return socialMetadata(call, id)
  if (resource === 'networkSizes' && id && method === 'GET') return networkSize(call, id)
  return notFound()
}

/**
 * `GET /rest/networkSizes/{organization urn}?edgeType=COMPANY_FOLLOWED_BY_MEMBER`: the Page's
 * follower count as `firstDegreeSize`, for an administrator with the Community Management scope.
 */
function networkSize(call: Call, urn: string): FakeReply {
  const refused = need(call, 'r_organization_social', 'organizationalEntityNetworkSizes.GET')
  if (refused) return refused
  const edgeType = call.request.url.searchParams.get('edgeType')
  if (edgeType !== 'COMPANY_FOLLOWED_BY_MEMBER') {
    return restError(400, 'ILLEGAL_ARGUMENT', `Invalid edgeType: ${edgeType ?? '(missing)'}`)
  }
  const organization = call.state.organizations.get(urn)
  if (!organization) return notFound()
  if (!organization.admins.has(call.member.replace('urn:li:person:', ''))) {
    return accessDenied('organizationalEntityNetworkSizes.GET (not an administrator)')
  }
  return { status: 200, body: { firstDegreeSize: organization.followers } }
}

function createPost(call: Call): FakeReply {
  const refused = need(call, 'w_member_social', 'partnerApiPostsExternal.CREATE')
  if (refused) return refused
  const body = call.request.json()
  if (typeof body !== 'object' || body === null) {
    return restError(400, 'ILLEGAL_ARGUMENT', 'Request body could not be converted to data map')
  }
  const post = body as Record<string, unknown>
  const missing = ['author', 'commentary', 'visibility', 'distribution', 'lifecycleState'].filter(
    (field) => post[field] === undefined,
  )
  if (missing.length > 0) {
    return validation(
      missing
        .map((field) => `/${field} :: field is required but not found and has no default value`)
        .join('\nERROR :: '),
    )
  }
  if (post.author !== call.member)
    return accessDenied('partnerApiPostsExternal.CREATE (author is not the member)')
  if (typeof post.commentary !== 'string') return validation('/commentary :: not a string')
  if (!['PUBLIC', 'CONNECTIONS', 'LOGGED_IN'].includes(String(post.visibility)))
    return validation(`/visibility :: "${String(post.visibility)}" is not an enum symbol`)
  if (!['PUBLISHED', 'DRAFT'].includes(String(post.lifecycleState)))
    return validation('/lifecycleState :: not an enum symbol')
  const distribution = post.distribution as { feedDistribution?: unknown } | undefined
  if (!distribution || !['MAIN_FEED', 'NONE'].includes(String(distribution.feedDistribution))) {
    return validation('/distribution/feedDistribution :: field is required')
  }
  const length = Array.from(post.commentary).length
  if (length > 3000)
    return validation(`/commentary :: length ${length} exceeds maximum length 3000`)
  const images: Array<{ urn: string; altText?: string }> = []
  const content = post.content as
    | { media?: { id?: unknown; altText?: unknown }; multiImage?: { images?: unknown } }
    | undefined
  const items = content?.media
    ? [content.media]
    : Array.isArray(content?.multiImage?.images)
      ? (content.multiImage.images as Array<{ id?: unknown; altText?: unknown }>)
      : []
  if (content?.multiImage && (items.length < 2 || items.length > 20))
    return validation('/content/multiImage/images :: takes 2 to 20 images')
  for (const item of items) {
    const image = call.state.images.get(String(item.id))
    if (!image || image.owner !== call.member)
      return validation(`/content :: ${String(item.id)} is not an image of the author`)
    if (image.status !== 'AVAILABLE')
      return validation(`/content :: ${image.urn} is not AVAILABLE (${image.status})`)
    if (
      item.altText !== undefined &&
      (typeof item.altText !== 'string' || Array.from(item.altText).length > 4086)
    ) {
      return validation('/content/media/altText :: length exceeds maximum length 4086')
    }
    images.push({
      urn: image.urn,
      ...(typeof item.altText === 'string' && { altText: item.altText }),
    })
  }
  const { kept } = readLittle(post.commentary)
  const duplicate = [...call.state.posts.values()].find(
    (existing) =>
      !existing.deleted &&
      existing.author === call.member &&
      kept.trim() !== '' &&
      existing.commentary === kept &&
      call.state.now() - existing.createdAt < 24 * 60 * 60_000,
  )
  if (duplicate)
    return restError(422, 'DUPLICATE_POST', `Content is a duplicate of ${duplicate.urn}`)
  const urn = `urn:li:share:${call.state.nextNumber()}`
  call.state.posts.set(urn, {
    urn,
    author: call.member,
    commentary: kept,
    images,
    createdAt: call.state.now(),
    deleted: false,
    reactions: {},
  })
  return { status: 201, headers: { 'x-restli-id': urn, 'x-linkedin-id': urn } }
}

function renderPost(post: FakeLinkedInPost): Record<string, unknown> {
  return {
    id: post.urn,
    author: post.author,
    commentary: post.commentary,
    visibility: 'PUBLIC',
    lifecycleState: 'PUBLISHED',
    distribution: {
      feedDistribution: 'MAIN_FEED',
      targetEntities: [],
      thirdPartyDistributionChannels: [],
    },
    createdAt: post.createdAt,
    publishedAt: post.createdAt,
    lastModifiedAt: post.createdAt,
    isReshareDisabledByAuthor: false,
    ...(post.images.length === 1 && {
      content: { media: { id: post.images[0]!.urn, altText: post.images[0]!.altText } },
    }),
    ...(post.images.length > 1 && {
      content: {
        multiImage: {
          images: post.images.map((image) => ({ id: image.urn, altText: image.altText })),
        },
      },
    }),
  }
}

function readPost(call: Call, urn: string): FakeReply {
  const refused = need(call, 'r_member_social', 'partnerApiPostsExternal.GET')
  if (refused) return refused
  const post = call.state.livePost(urn)
  return post ? { status: 200, body: renderPost(post) } : notFound()
}

function listPosts(call: Call): FakeReply {
  const query = call.request.url.searchParams
  if (query.get('q') !== 'author') return restError(400, 'ILLEGAL_ARGUMENT', 'Unsupported finder')
  const refused = need(call, 'r_member_social', 'partnerApiPostsExternal.FINDER-author')
  if (refused) return refused
  const author = query.get('author')
  if (author !== call.member)
    return accessDenied('partnerApiPostsExternal.FINDER-author (another author)')
  const start = Number(query.get('start') ?? 0)
  const count = Math.min(Number(query.get('count') ?? 10), 100)
  const posts = [...call.state.posts.values()]
    .filter((post) => !post.deleted && post.author === author)
    .sort((a, b) => b.createdAt - a.createdAt)
  return {
    status: 200,
    body: {
      elements: posts.slice(start, start + count).map(renderPost),
      paging: { start, count, total: posts.length, links: [] },
    },
  }
}

function deletePost(call: Call, urn: string): FakeReply {
  const refused = need(call, 'w_member_social', 'partnerApiPostsExternal.DELETE')
  if (refused) return refused
  const post = call.state.livePost(urn)
  if (!post) return notFound()
  if (post.author !== call.member)
    return accessDenied('partnerApiPostsExternal.DELETE (not the author)')
  post.deleted = true
  return { status: 204 }
}

function initializeUpload(call: Call): FakeReply {
  if (call.request.url.searchParams.get('action') !== 'initializeUpload')
    return restError(400, 'ILLEGAL_ARGUMENT', 'Unsupported action')
  const refused = need(call, 'w_member_social', 'images.ACTION-initializeUpload')
  if (refused) return refused
  const body = call.request.json() as { initializeUploadRequest?: { owner?: unknown } } | undefined
  const owner = body?.initializeUploadRequest?.owner
  if (typeof owner !== 'string')
    return validation('/initializeUploadRequest/owner :: field is required but not found')
  if (owner !== call.member)
    return accessDenied('images.ACTION-initializeUpload (owner is not the member)')
  const urn = `urn:li:image:D4E${randomToken(9)}`
  const uploadToken = randomToken()
  call.state.images.set(urn, { urn, owner, uploadToken, status: 'WAITING_UPLOAD', pollsLeft: 0 })
  return {
    status: 200,
    body: {
      value: {
        uploadUrlExpiresAt: call.state.now() + 24 * 60 * 60_000,
        uploadUrl: `${call.baseUrl}/dms-uploads/${uploadToken}`,
        image: urn,
      },
    },
  }
}

/** `PUT` of the bytes to the upload URL (LinkedIn's media host, not the REST API). */
export function upload(
  state: FakeLinkedInState,
  limits: LinkedInLimits,
  request: FakeRequest,
  uploadToken: string,
): FakeReply {
  const image = [...state.images.values()].find(
    (candidate) => candidate.uploadToken === uploadToken,
  )
  if (image?.status !== 'WAITING_UPLOAD') return { status: 404, body: 'Not Found' }
  const type = sniffImageType(request.body)
  if (!type || !['image/jpeg', 'image/png', 'image/gif'].includes(type)) {
    image.status = 'PROCESSING_FAILED'
    return { status: 201 }
  }
  image.bytes = new Uint8Array(request.body)
  image.pollsLeft = limits.imageProcessingPolls
  image.status = image.pollsLeft > 0 ? 'PROCESSING' : 'AVAILABLE'
  return { status: 201 }
}

function readImage(call: Call, limits: LinkedInLimits, urn: string): FakeReply {
  void limits
  const image = call.state.images.get(urn)
  if (!image || image.owner !== call.member) return notFound()
  if (image.status === 'PROCESSING') {
    image.pollsLeft--
    if (image.pollsLeft <= 0) image.status = 'AVAILABLE'
  }
  return {
    status: 200,
    body: {
      id: urn,
      owner: image.owner,
      status: image.status,
      ...(image.status === 'AVAILABLE' && { downloadUrl: `${call.baseUrl}/dms/image/${urn}` }),
    },
  }
}

function target(
  call: Call,
  urn: string,
): { postUrn: string; parent?: FakeLinkedInComment } | undefined {
  const post = call.state.livePost(urn)
  if (post) return { postUrn: post.urn }
  const parent = call.state.liveComment(urn)
  return parent ? { postUrn: parent.postUrn, parent } : undefined
}

function createComment(call: Call, targetUrn: string): FakeReply {
  const refused = need(call, 'w_member_social', 'socialActions.comments.CREATE')
  if (refused) return refused
  const found = target(call, targetUrn)
  if (!found) return notFound()
  const body = call.request.json() as
    | { actor?: unknown; object?: unknown; parentComment?: unknown; message?: { text?: unknown } }
    | undefined
  if (body?.actor !== call.member)
    return accessDenied('socialActions.comments.CREATE (actor is not the member)')
  if (body.object !== found.postUrn) return validation(`/object :: must be ${found.postUrn}`)
  if (found.parent && body.parentComment !== found.parent.urn)
    return validation('/parentComment :: must name the comment answered')
  if (typeof body.message?.text !== 'string' || body.message.text.trim() === '')
    return validation('/message/text :: field is required')
  const { kept } = readLittle(body.message.text)
  if (Array.from(kept).length > 1250)
    return validation('/message/text :: length exceeds maximum length 1250')
  const id = call.state.nextNumber()
  const urn = `urn:li:comment:(${found.postUrn},${id})`
  const comment: FakeLinkedInComment = {
    id,
    urn,
    postUrn: found.postUrn,
    ...(found.parent && { parentComment: found.parent.urn }),
    actor: call.member,
    text: kept,
    createdAt: call.state.now(),
    deleted: false,
  }
  call.state.comments.set(urn, comment)
  return { status: 201, headers: { 'x-restli-id': id }, body: renderComment(comment) }
}

function renderComment(comment: FakeLinkedInComment): Record<string, unknown> {
  return {
    id: comment.id,
    $URN: comment.urn,
    actor: comment.actor,
    object: comment.postUrn,
    ...(comment.parentComment && { parentComment: comment.parentComment }),
    message: { text: comment.text, attributes: [] },
    created: { actor: comment.actor, time: comment.createdAt },
    lastModified: { actor: comment.actor, time: comment.createdAt },
  }
}

function listComments(call: Call, targetUrn: string): FakeReply {
  const refused = need(call, 'r_member_social', 'socialActions.comments.GET_ALL')
  if (refused) return refused
  const found = target(call, targetUrn)
  if (!found) return notFound()
  const query = call.request.url.searchParams
  const start = Number(query.get('start') ?? 0)
  const count = Math.min(Number(query.get('count') ?? 10), 100)
  const comments = [...call.state.comments.values()]
    .filter(
      (comment) =>
        !comment.deleted &&
        comment.postUrn === found.postUrn &&
        (found.parent ? comment.parentComment === found.parent.urn : true),
    )
    .sort((a, b) => b.createdAt - a.createdAt)
  return {
    status: 200,
    body: {
      elements: comments.slice(start, start + count).map(renderComment),
      paging: { start, count, total: comments.length },
    },
  }
}

function readComment(call: Call, parentUrn: string, id: string): FakeReply {
  const refused = need(call, 'r_member_social', 'socialActions.comments.GET')
  if (refused) return refused
  const comment = call.state.liveComment(`urn:li:comment:(${parentUrn},${id})`)
  return comment ? { status: 200, body: renderComment(comment) } : notFound()
}

function deleteComment(call: Call, parentUrn: string, id: string): FakeReply {
  const refused = need(call, 'w_member_social', 'socialActions.comments.DELETE')
  if (refused) return refused
  const comment = call.state.liveComment(`urn:li:comment:(${parentUrn},${id})`)
  if (!comment) return notFound()
  if (call.request.url.searchParams.get('actor') !== call.member || comment.actor !== call.member) {
    return accessDenied('socialActions.comments.DELETE (actor)')
  }
  comment.deleted = true
  return { status: 204 }
}

function socialMetadata(call: Call, urn: string): FakeReply {
  const refused = need(call, 'r_member_social', 'socialMetadata.GET')
  if (refused) return refused
  const post = call.state.livePost(urn)
  if (!post) return notFound()
  const comments = [...call.state.comments.values()].filter(
    (comment) => !comment.deleted && comment.postUrn === urn,
  )
  return {
    status: 200,
    body: {
      reactionSummaries: Object.fromEntries(
        Object.entries(post.reactions).map(([type, count]) => [
          type,
          { reactionType: type, count },
        ]),
      ),
      commentSummary: {
        count: comments.length,
        topLevelCount: comments.filter((comment) => !comment.parentComment).length,
      },
      commentsState: 'OPEN',
      entity: urn,
    },
  }
}

/** LinkedIn's reaction types (`LIKE` is the plain like; the others are Celebrate, Support…). */
const REACTION_TYPES = ['LIKE', 'PRAISE', 'EMPATHY', 'INTEREST', 'APPRECIATION', 'ENTERTAINMENT']

/** The post or live comment a reaction is on, or undefined. */
function reactable(call: Call, urn: string): FakeLinkedInPost | FakeLinkedInComment | undefined {
  return call.state.livePost(urn) ?? call.state.liveComment(urn)
}

function renderReaction(reaction: FakeLinkedInReaction): Record<string, unknown> {
  return {
    id: `urn:li:reaction:(${reaction.actor},${reaction.root})`,
    root: reaction.root,
    reactionType: reaction.reactionType,
    created: { actor: reaction.actor, time: reaction.createdAt },
    lastModified: { actor: reaction.actor, time: reaction.createdAt },
  }
}

/**
 * `POST /rest/reactions?actor={urn}` with `{root, reactionType}` → 201 and the reaction. The actor
 * must be the token's member (organizations need the Community Management API); one reaction per
 * actor and entity, so reacting again replaces the type. A post's counts follow.
 */
function createReaction(call: Call): FakeReply {
  const refused = need(call, 'w_member_social', 'reactions.CREATE')
  if (refused) return refused
  const actor = call.request.url.searchParams.get('actor')
  if (!actor) return restError(400, 'ILLEGAL_ARGUMENT', 'Missing required query parameter actor')
  if (actor !== call.member) return accessDenied('reactions.CREATE (actor is not the member)')
  const body = call.request.json() as { root?: unknown; reactionType?: unknown } | undefined
  if (typeof body?.root !== 'string')
    return validation('/root :: field is required but not found and has no default value')
  if (!REACTION_TYPES.includes(String(body.reactionType)))
    return validation(`/reactionType :: "${String(body.reactionType)}" is not an enum symbol`)
  const entity = reactable(call, body.root)
  if (!entity) return notFound()
  const key = `${actor} ${body.root}`
  const previous = call.state.reactions.get(key)
  const reaction: FakeLinkedInReaction = {
    actor,
    root: body.root,
    reactionType: String(body.reactionType),
    createdAt: call.state.now(),
  }
  call.state.reactions.set(key, reaction)
  if ('reactions' in entity) {
    if (previous)
      entity.reactions[previous.reactionType] = (entity.reactions[previous.reactionType] ?? 1) - 1
    entity.reactions[reaction.reactionType] = (entity.reactions[reaction.reactionType] ?? 0) + 1
  }
  const id = `urn:li:reaction:(${actor},${body.root})`
  return { status: 201, headers: { 'x-restli-id': id }, body: renderReaction(reaction) }
}

/**
 * `DELETE /rest/reactions/(actor:{urn},entity:{urn})` → 204. Each URN in the key is
 * percent-encoded (its own parentheses and commas included), as Rest.li 2.0 requires.
 */
function deleteReaction(call: Call, rawKey: string): FakeReply {
  const refused = need(call, 'w_member_social', 'reactions.DELETE')
  if (refused) return refused
  const match = /^\(actor:([^(),]+),entity:([^(),]+)\)$/.exec(rawKey)
  if (!match?.[1] || !match[2])
    return restError(400, 'ILLEGAL_ARGUMENT', `Invalid compound key ${rawKey}`)
  const actor = decodeURIComponent(match[1])
  const entity = decodeURIComponent(match[2])
  if (actor !== call.member) return accessDenied('reactions.DELETE (actor is not the member)')
  const key = `${actor} ${entity}`
  const reaction = call.state.reactions.get(key)
  if (!reaction) return notFound()
  call.state.reactions.delete(key)
  const post = call.state.posts.get(entity)
  if (post)
    post.reactions[reaction.reactionType] = Math.max(
      0,
      (post.reactions[reaction.reactionType] ?? 1) - 1,
    )
  return { status: 204 }
}
