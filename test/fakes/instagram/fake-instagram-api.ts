/**
 * graph.instagram.com endpoints Murmur uses, validated as Instagram documents them: tokens and
 * permissions, JPEG images downloaded from a public URL (8 MB, aspect ratio 4:5 to 1.91:1),
 * caption limits (2,200 characters, 30 hashtags, 20 @mentions), containers polled through
 * `status_code`, 100 published posts per 24 hours, comments and replies, no media deletion with
 * Instagram Login, and Business Use Case usage headers on every answer.
 */
import sharp from 'sharp'
import {
  bucHeader,
  graphError,
  invalidParameter,
  invalidToken,
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
import type { FakeInternet } from '../meta/fake-internet.js'
import { instagramCaptionStats } from '../meta/fake-meta-text.js'
import {
  type FakeReply,
  type FakeRequest,
  type RateWindows,
  sniffImageType,
} from '../support/fake-http-server.js'
import type {
  FakeInstagramComment,
  FakeInstagramMedia,
  FakeInstagramState,
  FakeInstagramUser,
} from './fake-instagram-state.js'

const DAY = 24 * 60 * 60_000
const MAX_IMAGE_BYTES = 8 * 1024 * 1024
export const PUBLISH_QUOTA = 100

interface Call {
  state: FakeInstagramState
  internet: FakeInternet
  params: GraphParams
  user: FakeInstagramUser
  scopes: string[]
  baseUrl: string
}

export async function handleInstagramApi(
  state: FakeInstagramState,
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
  const window = windows.take(`instagram:${user.id}`, callBudget, DAY)
  const percent = Math.min(100, Math.floor(((callBudget - window.remaining) / callBudget) * 100))
  const regainMinutes = Math.ceil((window.resetAt - state.now()) / 60_000)
  if (!window.allowed)
    return throttled({ code: 80002, objectId: user.id, bucType: 'instagram', regainMinutes })
  const segments = request.url.pathname
    .replace(/^\/v\d+\.\d+/, '')
    .split('/')
    .filter(Boolean)
  const call: Call = { state, internet, params, user, scopes: token.scopes, baseUrl }
  const reply = await route(call, request.method, segments)
  return {
    ...reply,
    headers: {
      'x-business-use-case-usage': bucHeader(user.id, {
        type: 'instagram',
        percent,
        regainMinutes: 0,
      }),
      ...reply.headers,
    },
  }
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
    if (edge === 'media' && method === 'POST') return createContainer(call)
    if (edge === 'media' && method === 'GET') return ownMedia(call)
    if (edge === 'media_publish' && method === 'POST') return publish(call)
    if (edge === 'content_publishing_limit' && method === 'GET') return publishingLimit(call)
    if (edge === 'tags' && method === 'GET') return tags(call)
  }
  if (edge === 'comments' && method === 'POST') return comment(call, id)
  if (edge === 'replies' && method === 'POST') return reply(call, id)
  if (edge === 'insights' && method === 'GET') return insights(call, id)
  if (!edge && method === 'GET') return readObject(call, id)
  if (!edge && method === 'DELETE') return deleteObject(call, id)
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
  const all: Record<string, unknown> = {
    id: `app-scoped-${call.user.id}`,
    user_id: call.user.id,
    username: call.user.username,
    account_type: call.user.accountType,
    name: call.user.username,
    followers_count: call.user.followers ?? 0,
    follows_count: 0,
    media_count: [...call.state.media.values()].filter((m) => m.ownerId === call.user.id).length,
  }
  return { status: 200, body: pick(all, parseFields(call.params.get('fields') ?? 'id')) }
}

async function createContainer(call: Call): Promise<FakeReply> {
  const refused = need(call, 'instagram_business_content_publish')
  if (refused) return refused
  const { params, state } = call
  const mediaType = params.get('media_type') ?? 'IMAGE'
  const caption = params.get('caption') ?? ''
  const stats = instagramCaptionStats(caption)
  if (stats.length > 2200)
    return graphError(400, {
      message: '(#100) The caption is too long',
      code: 100,
      subcode: 2207028,
      userMessage: 'The caption must be 2,200 characters or fewer.',
    })
  if (stats.hashtags > 30)
    return graphError(400, {
      message: '(#100) Too many hashtags',
      code: 100,
      userMessage: 'A caption can have at most 30 hashtags.',
    })
  if (stats.mentions > 20)
    return graphError(400, {
      message: '(#100) Too many mentions',
      code: 100,
      userMessage: 'A caption can mention at most 20 accounts.',
    })
  if (!['IMAGE', 'CAROUSEL'].includes(mediaType))
    return invalidParameter('The fake Instagram takes images and carousels only')
  const images: Array<{ bytes: Uint8Array; altText?: string }> = []
  const children = (params.get('children') ?? '').split(',').filter(Boolean)
  if (mediaType === 'IMAGE') {
    const imageUrl = params.get('image_url')
    if (!imageUrl) return invalidParameter('The parameter image_url is required.')
    const download = await call.internet.download(imageUrl)
    if (!download.ok) {
      return graphError(400, {
        message: 'Only photo or video can be accepted as media type.',
        type: 'OAuthException',
        code: 9004,
        subcode: 2207052,
        userTitle: 'Media download has failed.',
        userMessage:
          "The media could not be fetched from this URI. Please check that the URI is reachable and doesn't require authentication.",
      })
    }
    const { bytes } = download.file
    if (sniffImageType(bytes) !== 'image/jpeg') {
      return graphError(400, {
        message: 'Only JPEG images are supported.',
        code: 9004,
        subcode: 2207083,
        userTitle: 'Unsupported format',
      })
    }
    if (bytes.byteLength > MAX_IMAGE_BYTES) {
      return graphError(400, { message: 'The image is too large.', code: 9004, subcode: 2207004 })
    }
    const { width = 0, height = 1 } = await sharp(bytes).metadata()
    const ratio = width / height
    if (ratio < 0.8 - 1e-3 || ratio > 1.91 + 1e-3) {
      return graphError(400, {
        message: 'The aspect ratio is not supported.',
        code: 36003,
        subcode: 2207009,
        userTitle: 'Cannot publish this image',
      })
    }
    const altText = params.get('alt_text')
    images.push({ bytes, ...(altText && { altText }) })
  } else {
    if (children.length < 2 || children.length > 10)
      return invalidParameter('A carousel takes 2 to 10 children')
    for (const childId of children) {
      const child = state.containers.get(childId)
      if (
        !child ||
        child.ownerId !== call.user.id ||
        !child.isCarouselItem ||
        child.status !== 'FINISHED'
      ) {
        return invalidParameter(
          `The children parameter contains an invalid or unfinished item: ${childId}`,
        )
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
    isCarouselItem: params.get('is_carousel_item') === 'true',
  })
  return { status: 200, body: { id: container.id } }
}

function recentPublishes(call: Call): number[] {
  const now = call.state.now()
  return (call.state.publishes.get(call.user.id) ?? []).filter((at) => now - at < DAY)
}

function publishingLimit(call: Call): FakeReply {
  return {
    status: 200,
    body: {
      data: [
        {
          quota_usage: recentPublishes(call).length,
          config: { quota_total: PUBLISH_QUOTA, quota_duration: 86400 },
        },
      ],
    },
  }
}

function publish(call: Call): FakeReply {
  const refused = need(call, 'instagram_business_content_publish')
  if (refused) return refused
  const { state } = call
  const container = state.containers.get(call.params.get('creation_id') ?? '')
  if (!container || container.ownerId !== call.user.id || container.isCarouselItem) {
    return invalidParameter('The parameter creation_id is invalid.')
  }
  if (container.status === 'PUBLISHED')
    return invalidParameter('This media has already been published.')
  if (container.status === 'EXPIRED') return invalidParameter('The media container has expired.')
  if (container.status !== 'FINISHED') {
    return graphError(400, {
      message: 'Media ID is not available',
      code: 9007,
      subcode: 2207027,
      userTitle: 'Media not ready',
      userMessage: 'The media is not ready for publishing, please wait for a moment',
    })
  }
  const recent = recentPublishes(call)
  if (recent.length >= PUBLISH_QUOTA) {
    return graphError(400, {
      message: 'Application request limit reached',
      code: 9,
      subcode: 2207042,
      userTitle: 'Max. number of posts reached',
    })
  }
  recent.push(state.now())
  state.publishes.set(call.user.id, recent)
  const id = state.nextId()
  const media: FakeInstagramMedia = {
    id,
    ownerId: call.user.id,
    caption: container.params.caption ?? '',
    mediaType: container.mediaType === 'CAROUSEL' ? 'CAROUSEL_ALBUM' : 'IMAGE',
    images: container.images,
    shortcode: Buffer.from(id).toString('base64url').slice(0, 11),
    createdAt: state.now(),
    taggedUserIds: [],
    likes: 0,
    likesHidden: false,
    insights: {},
  }
  state.media.set(id, media)
  container.status = 'PUBLISHED'
  container.publishedAs = id
  return { status: 200, body: { id } }
}

function comment(call: Call, mediaId: string): FakeReply {
  const refused = need(call, 'instagram_business_manage_comments')
  if (refused) return refused
  if (!call.state.media.has(mediaId)) return unsupportedRequest('POST', mediaId)
  return storeComment(call, mediaId, undefined)
}

function reply(call: Call, commentId: string): FakeReply {
  const refused = need(call, 'instagram_business_manage_comments')
  if (refused) return refused
  const parent = call.state.liveComment(commentId)
  if (!parent) return unsupportedRequest('POST', commentId)
  if (parent.parentId) return invalidParameter('Replies can only be made to top-level comments')
  return storeComment(call, parent.mediaId, parent.id)
}

function storeComment(call: Call, mediaId: string, parentId: string | undefined): FakeReply {
  const message = call.params.get('message') ?? ''
  if (message.trim() === '') return invalidParameter('The parameter message is required.')
  if (Array.from(message).length > 2200) return invalidParameter('The comment is too long.')
  const id = call.state.nextId()
  call.state.comments.set(id, {
    id,
    mediaId,
    ...(parentId && { parentId }),
    from: { id: call.user.id, username: call.user.username },
    text: message,
    createdAt: call.state.now(),
    deleted: false,
  })
  return { status: 200, body: { id } }
}

const MEDIA_FIELDS = new Set([
  'id',
  'caption',
  'media_type',
  'media_product_type',
  'timestamp',
  'permalink',
  'like_count',
  'comments_count',
  'username',
  'alt_text',
  'comments',
  'shortcode',
  'owner',
])
const COMMENT_FIELDS = new Set([
  'id',
  'text',
  'timestamp',
  'username',
  'from',
  'like_count',
  'parent_id',
  'replies',
  'media',
  'hidden',
])

function readObject(call: Call, id: string): FakeReply {
  const media = call.state.media.get(id)
  const fields = parseFields(call.params.get('fields') ?? 'id')
  if (media) {
    const unknown = fields.find((field) => !MEDIA_FIELDS.has(field.name))
    if (unknown)
      return invalidParameter(
        `Tried accessing nonexisting field (${unknown.name}) on node type (IGMedia)`,
      )
    return { status: 200, body: renderMedia(call, media, fields) }
  }
  const found = call.state.liveComment(id)
  if (found) {
    const unknown = fields.find((field) => !COMMENT_FIELDS.has(field.name))
    if (unknown)
      return invalidParameter(
        `Tried accessing nonexisting field (${unknown.name}) on node type (IGComment)`,
      )
    return { status: 200, body: renderComment(call, found, fields) }
  }
  const container = call.state.containers.get(id)
  if (container && container.ownerId === call.user.id) {
    const read = call.state.containers.read(id)!
    const status =
      read.status === 'ERROR'
        ? `Error: ${read.errorMessage ?? 'The media could not be processed'}`
        : read.status === 'FINISHED'
          ? 'Finished: Media has been uploaded and it is ready to be published.'
          : read.status
    return { status: 200, body: pick({ id, status_code: read.status, status }, fields) }
  }
  return unsupportedRequest('GET', id)
}

function renderMedia(
  call: Call,
  media: FakeInstagramMedia,
  fields: FieldSpec[],
): Record<string, unknown> {
  const owner = call.state.users.get(media.ownerId)
  const comments = [...call.state.comments.values()].filter(
    (item) => !item.deleted && item.mediaId === media.id,
  )
  const body: Record<string, unknown> = {}
  for (const field of fields) {
    switch (field.name) {
      case 'id':
        body.id = media.id
        break
      case 'caption':
        if (media.caption) body.caption = media.caption
        break
      case 'media_type':
        body.media_type = media.mediaType
        break
      case 'media_product_type':
        body.media_product_type = 'FEED'
        break
      case 'timestamp':
        body.timestamp = graphTime(media.createdAt)
        break
      case 'permalink':
        body.permalink = `https://www.instagram.com/p/${media.shortcode}/`
        break
      case 'shortcode':
        body.shortcode = media.shortcode
        break
      case 'username':
        body.username = owner?.username
        break
      case 'like_count':
        if (!media.likesHidden) body.like_count = media.likes
        break
      case 'comments_count':
        body.comments_count = comments.length
        break
      case 'alt_text':
        if (media.images[0]?.altText) body.alt_text = media.images[0].altText
        break
      case 'owner':
        if (media.ownerId === call.user.id) body.owner = { id: media.ownerId }
        break
      case 'comments': {
        const limit = Number(field.modifiers.limit ?? 25)
        const top = comments
          .filter((item) => !item.parentId)
          .sort((a, b) => b.createdAt - a.createdAt)
        const subfields = parseFields(field.subfields ?? 'id,text,timestamp')
        body.comments = {
          data: top.slice(0, limit).map((item) => renderComment(call, item, subfields)),
        }
        break
      }
      default:
        break
    }
  }
  return body
}

function renderComment(
  call: Call,
  item: FakeInstagramComment,
  fields: FieldSpec[],
): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  for (const field of fields) {
    switch (field.name) {
      case 'id':
        body.id = item.id
        break
      case 'text':
        body.text = item.text
        break
      case 'timestamp':
        body.timestamp = graphTime(item.createdAt)
        break
      case 'username':
        body.username = item.from.username
        break
      case 'from':
        body.from = item.from
        break
      case 'parent_id':
        if (item.parentId) body.parent_id = item.parentId
        break
      case 'media':
        body.media = { id: item.mediaId }
        break
      case 'replies': {
        const replies = [...call.state.comments.values()]
          .filter((reply) => !reply.deleted && reply.parentId === item.id)
          .sort((a, b) => b.createdAt - a.createdAt)
        const subfields = parseFields(field.subfields ?? 'id,text,timestamp')
        body.replies = { data: replies.map((reply) => renderComment(call, reply, subfields)) }
        break
      }
      default:
        break
    }
  }
  return body
}

function ownMedia(call: Call): FakeReply {
  const media = [...call.state.media.values()]
    .filter((item) => item.ownerId === call.user.id)
    .sort((a, b) => b.createdAt - a.createdAt)
  return listPage(call, `${call.baseUrl}/${call.user.id}/media`, media)
}

function tags(call: Call): FakeReply {
  const media = [...call.state.media.values()]
    .filter((item) => item.taggedUserIds.includes(call.user.id))
    .sort((a, b) => b.createdAt - a.createdAt)
  return listPage(call, `${call.baseUrl}/${call.user.id}/tags`, media)
}

function listPage(call: Call, url: string, media: FakeInstagramMedia[]): FakeReply {
  const fields = parseFields(call.params.get('fields') ?? 'id')
  const limit = Math.min(Number(call.params.get('limit') ?? 25), 100)
  return {
    status: 200,
    body: graphPage(
      url,
      media.map((item) => renderMedia(call, item, fields)),
      { limit, after: call.params.get('after') },
    ),
  }
}

function insights(call: Call, id: string): FakeReply {
  const refused = need(call, 'instagram_business_manage_insights')
  if (refused) return refused
  const media = call.state.media.get(id)
  if (!media || media.ownerId !== call.user.id) return unsupportedRequest('GET', id)
  const metrics = (call.params.get('metric') ?? '').split(',').filter(Boolean)
  const known = new Set([
    'views',
    'reach',
    'likes',
    'comments',
    'shares',
    'saved',
    'total_interactions',
  ])
  const unknown = metrics.filter((metric) => !known.has(metric))
  // impressions, plays and video_views were removed in v22 (April 2025).
  if (unknown.length > 0)
    return invalidParameter(
      `metric[0] must be one of the following values: ${[...known].join(', ')}`,
    )
  const values = media.insights as Record<string, number | undefined>
  // Metrics without data are left out, not reported as 0.
  const data = metrics
    .filter((name) => values[name] !== undefined)
    .map((name) => ({
      name,
      period: 'lifetime',
      values: [{ value: values[name] }],
      title: name,
      id: `${id}/insights/${name}/lifetime`,
    }))
  return { status: 200, body: { data } }
}

function deleteObject(call: Call, id: string): FakeReply {
  const found = call.state.liveComment(id)
  if (found) {
    const refused = need(call, 'instagram_business_manage_comments')
    if (refused) return refused
    const media = call.state.media.get(found.mediaId)
    if (found.from.id !== call.user.id && media?.ownerId !== call.user.id) {
      return graphError(403, { message: '(#200) Permissions error', code: 200 })
    }
    found.deleted = true
    return { status: 200, body: { success: true } }
  }
  // Instagram Login has no media deletion: the API answers as for an unsupported operation.
  return unsupportedRequest('DELETE', id)
}

function pick(all: Record<string, unknown>, fields: FieldSpec[]): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  for (const field of fields) if (all[field.name] !== undefined) body[field.name] = all[field.name]
  return body
}

function graphTime(milliseconds: number): string {
  return new Date(milliseconds).toISOString().replace(/\.\d{3}Z$/, '+0000')
}
