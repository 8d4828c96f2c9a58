import { waitForContainer } from '../meta/meta-container.js'
import type { PublicMediaSettings } from '../meta/meta-public-media.js'
import type { Draft, DraftMedia, DraftPart } from '../spec/network-draft.js'
import { NetworkError } from '../spec/network-error.js'
import { hasErrors, type Problem } from '../spec/network-problem.js'
import type { PublishedPost, PublishResult } from '../spec/publish-result.js'
import { validateInstagramDraft } from './instagram-capabilities.js'
import type { InstagramCall } from './instagram-context.js'
import { readInstagramObject } from './instagram-objects.js'

interface IdAnswer {
  id?: unknown
}

const STATUS_FIELDS = { statusField: 'status_code', detailField: 'status' }

/** The draft's problems; throws `content_rejected` with every error when it has any. */
export function refuseInvalidInstagramDraft(draft: Draft, media: PublicMediaSettings): Problem[] {
  const problems = validateInstagramDraft(draft, media)
  if (hasErrors(problems)) {
    throw new NetworkError({
      network: 'instagram',
      kind: 'content_rejected',
      reason: 'the draft does not pass validation',
      message: problems
        .filter((problem) => problem.severity === 'error')
        .map((problem) => problem.message)
        .join('; '),
    })
  }
  return problems
}

/**
 * Instagram's content publishing: one container per image (downloaded by Instagram from
 * Murmur's public address, with `alt_text`), a CAROUSEL container for several, each polled until
 * FINISHED, then `media_publish`. The publishing quota (100 posts per 24 hours) is read first.
 * The first comment follows on the new post; an answer is a comment (or a reply to one).
 */
export async function publishInstagramDraft(
  call: InstagramCall,
  draft: Draft,
): Promise<PublishResult> {
  const problems = refuseInvalidInstagramDraft(draft, call.media)
  const warnings = problems.filter((problem) => problem.severity === 'warning')
  const [part] = draft.parts
  if (!part) throw new Error('validated drafts have a part')
  if (draft.replyTo) return { parts: [await answer(call, draft.replyTo.id, part.text)], warnings }

  await checkPublishingQuota(call)
  const containerId = await createPostContainer(call, part)
  await waitForContainer(call.client, containerId, STATUS_FIELDS, call.polling, 'the post')
  let post: PublishedPost
  try {
    const { body } = await call.client.request<IdAnswer>({
      method: 'POST',
      path: `/${call.credentials.userId}/media_publish`,
      form: { creation_id: containerId },
      action: 'publish',
      idempotent: false,
    })
    if (typeof body.id !== 'string' || body.id === '') {
      throw new NetworkError({
        network: 'instagram',
        kind: 'outcome_unknown',
        message:
          'Instagram: the post was accepted but Instagram returned no id; it may have been published',
      })
    }
    post = { id: body.id, url: await permalinkOf(call, body.id) }
  } catch (error) {
    if (NetworkError.isInstance(error)) throw error.withProgress({ publishedParts: [] })
    throw error
  }
  const firstCommentText = draft.firstComment?.trim()
  let firstComment: PublishedPost | undefined
  if (firstCommentText) {
    try {
      firstComment = await createComment(call, post, firstCommentText)
    } catch (error) {
      if (NetworkError.isInstance(error)) throw error.withProgress({ publishedParts: [post] })
      throw error
    }
  }
  return { parts: [post], ...(firstComment && { firstComment }), warnings }
}

async function createPostContainer(call: InstagramCall, part: DraftPart): Promise<string> {
  const caption: Record<string, string> = part.text.trim() === '' ? {} : { caption: part.text }
  const [only] = part.media
  if (part.media.length === 1 && only) {
    return createContainer(call, { ...(await imageParams(call, only)), ...caption })
  }
  const children: string[] = []
  for (const [index, media] of part.media.entries()) {
    const child = await createContainer(call, {
      ...(await imageParams(call, media)),
      is_carousel_item: 'true',
    })
    await waitForContainer(call.client, child, STATUS_FIELDS, call.polling, `image ${index + 1}`)
    children.push(child)
  }
  return createContainer(call, { media_type: 'CAROUSEL', children: children.join(','), ...caption })
}

async function imageParams(
  call: InstagramCall,
  media: DraftMedia,
): Promise<Record<string, string>> {
  const publicMediaUrl = call.media.publicMediaUrl
  if (!publicMediaUrl) throw new Error('validated drafts with media have a publicMediaUrl')
  const altText = media.altText?.trim()
  return { image_url: await publicMediaUrl(media), ...(altText && { alt_text: altText }) }
}

async function createContainer(call: InstagramCall, form: Record<string, string>): Promise<string> {
  const { body } = await call.client.request<IdAnswer>({
    method: 'POST',
    path: `/${call.credentials.userId}/media`,
    form,
    action: 'image',
    // An unpublished container expires after 24 hours: creating another duplicates nothing.
    idempotent: true,
  })
  if (typeof body.id !== 'string' || body.id === '') {
    throw new NetworkError({
      network: 'instagram',
      kind: 'retryable',
      message: 'Instagram: the media container was created without an id',
    })
  }
  return body.id
}

interface QuotaAnswer {
  data?: Array<{ quota_usage?: number; config?: { quota_total?: number; quota_duration?: number } }>
}

/** `content_publishing_limit`: a full quota is a wait, not a refusal. */
async function checkPublishingQuota(call: InstagramCall): Promise<void> {
  const { body } = await call.client.request<QuotaAnswer>({
    method: 'GET',
    path: `/${call.credentials.userId}/content_publishing_limit`,
    query: { fields: 'quota_usage,config' },
    action: 'request',
    idempotent: true,
  })
  const [limit] = body.data ?? []
  const total = limit?.config?.quota_total
  if (limit?.quota_usage === undefined || total === undefined || limit.quota_usage < total) return
  throw new NetworkError({
    network: 'instagram',
    kind: 'retryable',
    // The quota rolls over 24 hours; the oldest post frees a slot within the hour, usually.
    retryAfterMs: 60 * 60_000,
    code: 'publishing_quota',
    message: `Instagram: the account published ${limit.quota_usage} of its ${total} posts allowed per 24 hours through the API; Murmur tries again in an hour`,
  })
}

async function answer(call: InstagramCall, targetId: string, text: string): Promise<PublishedPost> {
  const target = await readInstagramObject(call, targetId)
  if (target.kind === 'missing') {
    throw new NetworkError({
      network: 'instagram',
      kind: 'content_rejected',
      message: 'Instagram: the post or comment to answer no longer exists',
    })
  }
  if (target.kind === 'media') {
    return createComment(call, { id: target.id, url: target.permalink ?? call.webUrl }, text)
  }
  const { body } = await call.client.request<IdAnswer>({
    method: 'POST',
    path: `/${target.id}/replies`,
    form: { message: text },
    action: 'reply',
    idempotent: false,
  })
  return { id: requireId(body), url: call.webUrl }
}

async function createComment(
  call: InstagramCall,
  post: PublishedPost,
  text: string,
): Promise<PublishedPost> {
  const { body } = await call.client.request<IdAnswer>({
    method: 'POST',
    path: `/${post.id}/comments`,
    form: { message: text },
    action: 'comment',
    idempotent: false,
  })
  const id = requireId(body)
  return {
    id,
    url: post.url.startsWith(`${call.webUrl}/p/`)
      ? `${post.url.replace(/\/$/, '')}/c/${id}/`
      : post.url,
  }
}

function requireId(body: IdAnswer): string {
  if (typeof body.id === 'string' && body.id !== '') return body.id
  throw new NetworkError({
    network: 'instagram',
    kind: 'outcome_unknown',
    message:
      'Instagram: the comment was accepted but Instagram returned no id; it may have been published',
  })
}

async function permalinkOf(call: InstagramCall, id: string): Promise<string> {
  try {
    const { body } = await call.client.request<{ permalink?: string }>({
      method: 'GET',
      path: `/${id}`,
      query: { fields: 'permalink' },
      action: 'request',
      idempotent: true,
    })
    if (body.permalink) return body.permalink
  } catch {
    // The post exists either way; the profile address is the next best link.
  }
  return `${call.webUrl}/${call.credentials.username}/`
}
