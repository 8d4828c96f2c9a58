import { createHash } from 'node:crypto'
import type { Draft } from '../spec/network-draft.js'
import { NetworkError } from '../spec/network-error.js'
import { hasErrors } from '../spec/network-problem.js'
import type { PublishedPost, PublishResult } from '../spec/publish-result.js'
import { validateMastodonDraft } from './mastodon-capabilities.js'
import type { MastodonClient } from './mastodon-client.js'
import type { MastodonInstanceLimits } from './mastodon-instance.js'
import { type MediaPolling, uploadMastodonMedia } from './mastodon-media.js'

export type MastodonVisibility = 'public' | 'unlisted' | 'private'

export interface MastodonPublishContext {
  client: MastodonClient
  limits: MastodonInstanceLimits
  polling: MediaPolling
  visibility: MastodonVisibility
}

interface StatusAnswer {
  id?: unknown
  url?: unknown
}

interface StatusRequest {
  text: string
  mediaIds: string[]
  inReplyToId: string | undefined
  language: string | undefined
}

/**
 * Publishes a draft against its instance's limits: first the media (with alt text), then the
 * statuses, each answering the previous one (`in_reply_to_id`). Every status carries an
 * `Idempotency-Key`, so one lost answer is retried at once without risking a double post.
 */
export async function publishMastodonDraft(
  context: MastodonPublishContext,
  draft: Draft,
): Promise<PublishResult> {
  const problems = validateMastodonDraft(draft, context.limits)
  if (hasErrors(problems)) {
    throw new NetworkError({
      network: 'mastodon',
      kind: 'content_rejected',
      message: problems
        .filter((problem) => problem.severity === 'error')
        .map((problem) => problem.message)
        .join('; '),
      reason: 'the draft does not pass validation',
    })
  }
  const partCount = draft.parts.length
  const mediaIds: string[][] = []
  for (const [partIndex, part] of draft.parts.entries()) {
    const ids: string[] = []
    for (const [mediaIndex, media] of part.media.entries()) {
      const kind = media.mimeType.startsWith('video/') ? 'video' : 'image'
      const inPart = partCount > 1 ? ` in part ${partIndex + 1}` : ''
      ids.push(
        await uploadMastodonMedia(
          context.client,
          media,
          `${kind} ${mediaIndex + 1}${inPart}`,
          context.polling,
        ),
      )
    }
    mediaIds.push(ids)
  }
  const language = primaryLanguage(draft.languages)
  const published: PublishedPost[] = []
  let inReplyToId = draft.replyTo?.id
  for (const [index, part] of draft.parts.entries()) {
    const post = await createStatus(
      context,
      { text: part.text, mediaIds: mediaIds[index] ?? [], inReplyToId, language },
      published,
    )
    published.push(post)
    inReplyToId = post.id
  }
  const firstCommentText = draft.firstComment?.trim()
  const firstComment = firstCommentText
    ? await createStatus(
        context,
        { text: firstCommentText, mediaIds: [], inReplyToId, language },
        published,
      )
    : undefined
  return {
    parts: published,
    ...(firstComment && { firstComment }),
    warnings: problems.filter((problem) => problem.severity === 'warning'),
  }
}

async function createStatus(
  context: MastodonPublishContext,
  request: StatusRequest,
  published: PublishedPost[],
): Promise<PublishedPost> {
  const { client } = context
  const send = () =>
    client.request<StatusAnswer>({
      method: 'POST',
      path: '/api/v1/statuses',
      json: {
        status: request.text,
        ...(request.mediaIds.length > 0 && { media_ids: request.mediaIds }),
        ...(request.inReplyToId && { in_reply_to_id: request.inReplyToId }),
        visibility: context.visibility,
        ...(request.language && { language: request.language }),
      },
      headers: { 'Idempotency-Key': idempotencyKey(client.credentials.accountId, request) },
      action: 'post',
      idempotent: false,
    })
  try {
    let answer: Awaited<ReturnType<typeof send>>
    try {
      answer = await send()
    } catch (error) {
      // Same key within the hour: Mastodon answers with the status it already made, if any.
      if (!NetworkError.isInstance(error) || !isWorthRepeating(error)) throw error
      answer = await send()
    }
    const { id, url } = answer.body
    if (typeof id !== 'string') {
      throw new NetworkError({
        network: 'mastodon',
        kind: 'outcome_unknown',
        status: answer.status,
        message:
          'Mastodon: the status was accepted but no id came back; it may have been published',
      })
    }
    const { instanceUrl, username } = client.credentials
    return { id, url: typeof url === 'string' ? url : `${instanceUrl}/@${username}/${id}` }
  } catch (error) {
    if (!NetworkError.isInstance(error)) throw error
    throw error.withProgress({ publishedParts: [...published] })
  }
}

/** A lost answer or an outage, not a refusal or a rate limit. */
function isWorthRepeating(error: NetworkError): boolean {
  if (error.kind === 'outcome_unknown') return true
  return error.kind === 'retryable' && error.status !== 429
}

/**
 * Same account, same parent, same text and media → same key, so repeating a publish within the
 * hour Mastodon keeps keys (a retry of a delivery) cannot post twice.
 */
function idempotencyKey(accountId: string, request: StatusRequest): string {
  const material = JSON.stringify([
    accountId,
    request.inReplyToId ?? '',
    request.text,
    request.mediaIds,
  ])
  return `murmur-${createHash('sha256').update(material).digest('hex').slice(0, 32)}`
}

/** Mastodon takes an ISO 639 code: `en-GB` → `en`. */
function primaryLanguage(languages: readonly string[] | undefined): string | undefined {
  const primary = languages?.[0]?.split('-')[0]?.toLowerCase()
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : undefined
}
