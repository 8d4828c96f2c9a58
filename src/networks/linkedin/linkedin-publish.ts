import { setTimeout as sleep } from 'node:timers/promises'
import type { Draft, DraftMedia } from '../spec/network-draft.js'
import { NetworkError } from '../spec/network-error.js'
import { hasErrors, type Problem } from '../spec/network-problem.js'
import type { PublishedPost, PublishResult } from '../spec/publish-result.js'
import { validateLinkedInDraft } from './linkedin-capabilities.js'
import type { LinkedInClient } from './linkedin-client.js'
import { toLittleText } from './linkedin-little-text.js'
import {
  assertLinkedInId,
  encodeUrn,
  isPostUrn,
  linkedInCommentUrl,
  linkedInPostUrl,
  parseCommentUrn,
} from './linkedin-urns.js'

export interface ImagePolling {
  intervalMs: number
  timeoutMs: number
}

export function refuseInvalidLinkedInDraft(draft: Draft): Problem[] {
  const problems = validateLinkedInDraft(draft)
  if (hasErrors(problems)) {
    throw new NetworkError({
      network: 'linkedin',
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
 * Images first (`initializeUpload`, PUT the bytes, wait until AVAILABLE), then one
 * `POST /rest/posts` with the commentary in little text and the images (`media` for one,
 * `multiImage` for several) with their `altText`, then the first comment. An answer is a
 * comment on the post (or under the comment).
 */
export async function publishLinkedInDraft(
  client: LinkedInClient,
  draft: Draft,
  polling: ImagePolling,
): Promise<PublishResult> {
  const problems = refuseInvalidLinkedInDraft(draft)
  const warnings = problems.filter((problem) => problem.severity === 'warning')
  const [part] = draft.parts
  if (!part) throw new Error('validated drafts have a part')
  if (draft.replyTo) {
    assertLinkedInId(draft.replyTo.id)
    return { parts: [await createComment(client, draft.replyTo.id, part.text, [])], warnings }
  }
  const images: Array<{ id: string; altText?: string }> = []
  for (const [index, media] of part.media.entries()) {
    const urn = await uploadImage(client, media, index + 1, polling)
    const altText = media.altText?.trim()
    images.push({ id: urn, ...(altText && { altText }) })
  }
  let post: PublishedPost
  try {
    const answer = await client.request({
      method: 'POST',
      path: '/rest/posts',
      json: {
        author: client.credentials.author,
        commentary: toLittleText(part.text),
        visibility: 'PUBLIC',
        distribution: {
          feedDistribution: 'MAIN_FEED',
          targetEntities: [],
          thirdPartyDistributionChannels: [],
        },
        ...(images.length === 1 && { content: { media: images[0] } }),
        ...(images.length > 1 && { content: { multiImage: { images } } }),
        lifecycleState: 'PUBLISHED',
        isReshareDisabledByAuthor: false,
      },
      action: 'post',
      idempotent: false,
    })
    const urn = answer.headers.get('x-restli-id') ?? ''
    if (!isPostUrn(urn)) {
      throw new NetworkError({
        network: 'linkedin',
        kind: 'outcome_unknown',
        status: answer.status,
        message:
          'LinkedIn: the post was accepted but LinkedIn returned no post URN; it may have been published',
      })
    }
    post = { id: urn, url: linkedInPostUrl(client.webUrl, urn) }
  } catch (error) {
    if (NetworkError.isInstance(error)) throw error.withProgress({ publishedParts: [] })
    throw error
  }
  const firstCommentText = draft.firstComment?.trim()
  const firstComment = firstCommentText
    ? await createComment(client, post.id, firstCommentText, [post])
    : undefined
  return { parts: [post], ...(firstComment && { firstComment }), warnings }
}

interface InitializeUploadAnswer {
  value?: { uploadUrl?: string; image?: string; uploadUrlExpiresAt?: number }
}

async function uploadImage(
  client: LinkedInClient,
  media: DraftMedia,
  number: number,
  polling: ImagePolling,
): Promise<string> {
  const { body } = await client.request<InitializeUploadAnswer>({
    method: 'POST',
    path: '/rest/images',
    query: { action: 'initializeUpload' },
    json: { initializeUploadRequest: { owner: client.credentials.author } },
    action: 'image',
    // An image nobody posts is harmless: uploading again duplicates nothing visible.
    idempotent: true,
  })
  const uploadUrl = body.value?.uploadUrl
  const urn = body.value?.image
  if (!uploadUrl || !urn) {
    throw new NetworkError({
      network: 'linkedin',
      kind: 'retryable',
      message: `LinkedIn: image ${number} got no upload address`,
    })
  }
  await client.request({
    method: 'PUT',
    path: uploadUrl,
    bytes: { data: media.data, type: media.mimeType },
    action: 'image',
    idempotent: true,
  })
  await waitUntilAvailable(client, urn, number, polling)
  return urn
}

/** A post naming an image still PROCESSING can fail; wait for AVAILABLE. */
async function waitUntilAvailable(
  client: LinkedInClient,
  urn: string,
  number: number,
  polling: ImagePolling,
) {
  const deadline = client.now() + polling.timeoutMs
  for (;;) {
    const { body } = await client.request<{ status?: string }>({
      method: 'GET',
      path: `/rest/images/${encodeUrn(urn)}`,
      action: 'request',
      idempotent: true,
    })
    if (body.status === 'AVAILABLE') return
    if (body.status === 'PROCESSING_FAILED' || body.status === 'FAILED') {
      throw new NetworkError({
        network: 'linkedin',
        kind: 'content_rejected',
        message: `LinkedIn could not process image ${number}`,
      })
    }
    if (client.now() + polling.intervalMs > deadline) {
      throw new NetworkError({
        network: 'linkedin',
        kind: 'retryable',
        retryAfterMs: 60_000,
        message: `LinkedIn: image ${number} was still processing after ${Math.round(polling.timeoutMs / 1000)} s; Murmur tries again later`,
      })
    }
    await sleep(polling.intervalMs)
  }
}

interface CommentAnswer {
  id?: string
  $URN?: string
}

async function createComment(
  client: LinkedInClient,
  targetId: string,
  text: string,
  published: PublishedPost[],
): Promise<PublishedPost> {
  const parent = parseCommentUrn(targetId)
  const object = parent?.parent ?? targetId
  try {
    const answer = await client.request<CommentAnswer>({
      method: 'POST',
      path: `/rest/socialActions/${encodeUrn(targetId)}/comments`,
      json: {
        actor: client.credentials.author,
        object,
        ...(parent && { parentComment: targetId }),
        message: { text: toLittleText(text) },
      },
      action: 'comment',
      idempotent: false,
    })
    const commentId = answer.body.id ?? answer.headers.get('x-restli-id') ?? ''
    const urn = answer.body.$URN ?? (commentId ? `urn:li:comment:(${object},${commentId})` : '')
    if (!parseCommentUrn(urn)) {
      throw new NetworkError({
        network: 'linkedin',
        kind: 'outcome_unknown',
        message:
          'LinkedIn: the comment was accepted but LinkedIn returned no comment URN; it may have been published',
      })
    }
    return { id: urn, url: linkedInCommentUrl(client.webUrl, urn) }
  } catch (error) {
    if (NetworkError.isInstance(error)) throw error.withProgress({ publishedParts: [...published] })
    throw error
  }
}
