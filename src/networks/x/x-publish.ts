import type { Draft } from '../spec/network-draft.js'
import { NetworkError } from '../spec/network-error.js'
import { hasErrors } from '../spec/network-problem.js'
import type { PublishedPost, PublishResult } from '../spec/publish-result.js'
import { validateXDraft } from './x-capabilities.js'
import type { XChunkedUploadOptions } from './x-chunked-upload.js'
import type { XClient } from './x-client.js'
import { uploadXMedia } from './x-media.js'
import { assertXPostId, xPostUrl } from './x-urls.js'

interface CreatePostAnswer {
  data?: { id?: unknown; text?: unknown }
}

interface PostRequest {
  text: string
  mediaIds: string[]
  inReplyTo: string | undefined
}

/**
 * Publishes a draft in two phases, like every network: first the images (unused media ids expire
 * on their own), then the posts, each answering the previous one (`reply.in_reply_to_tweet_id`).
 * A failure in the second phase carries `progress`.
 */
export async function publishXDraft(
  client: XClient,
  draft: Draft,
  mediaOptions: XChunkedUploadOptions = {},
): Promise<PublishResult> {
  const problems = validateXDraft(draft)
  if (hasErrors(problems)) {
    throw new NetworkError({
      network: 'x',
      kind: 'content_rejected',
      message: problems
        .filter((problem) => problem.severity === 'error')
        .map((problem) => problem.message)
        .join('; '),
      reason: 'the draft does not pass validation',
    })
  }
  if (draft.replyTo) assertXPostId(draft.replyTo.id)
  const partCount = draft.parts.length
  const mediaIds: string[][] = []
  for (const [partIndex, part] of draft.parts.entries()) {
    const ids: string[] = []
    for (const [mediaIndex, item] of part.media.entries()) {
      ids.push(
        await uploadXMedia(
          client,
          item,
          { part: partIndex + 1, partCount, media: mediaIndex + 1 },
          mediaOptions,
        ),
      )
    }
    mediaIds.push(ids)
  }

  const published: PublishedPost[] = []
  let inReplyTo = draft.replyTo?.id
  for (const [index, part] of draft.parts.entries()) {
    const post = await createPost(
      client,
      { text: part.text, mediaIds: mediaIds[index] ?? [], inReplyTo },
      published,
    )
    published.push(post)
    inReplyTo = post.id
  }
  const firstCommentText = draft.firstComment?.trim()
  const firstComment = firstCommentText
    ? await createPost(client, { text: firstCommentText, mediaIds: [], inReplyTo }, published)
    : undefined
  return {
    parts: published,
    ...(firstComment && { firstComment }),
    warnings: problems.filter((problem) => problem.severity === 'warning'),
  }
}

async function createPost(
  client: XClient,
  request: PostRequest,
  published: PublishedPost[],
): Promise<PublishedPost> {
  // Send exactly what was counted: X counts (and stores) NFC.
  const text = request.text.normalize('NFC')
  const body = {
    ...(text.trim() !== '' && { text }),
    ...(request.mediaIds.length > 0 && { media: { media_ids: request.mediaIds } }),
    ...(request.inReplyTo && { reply: { in_reply_to_tweet_id: request.inReplyTo } }),
  }
  try {
    const answer = await client.request<CreatePostAnswer>({
      method: 'POST',
      path: '/2/tweets',
      json: body,
      action: 'post',
      idempotent: false,
    })
    const id = answer.body.data?.id
    if (typeof id !== 'string') {
      throw new NetworkError({
        network: 'x',
        kind: 'outcome_unknown',
        status: answer.status,
        message: 'X: the post was accepted but X returned no id; the post may have been published',
      })
    }
    return { id, url: xPostUrl(client.webUrl, client.credentials.username, id) }
  } catch (error) {
    if (!NetworkError.isInstance(error)) throw error
    // X assigns ids on its side, so a lost answer leaves no id to check: no `unconfirmedPart`.
    throw error.withProgress({ publishedParts: [...published] })
  }
}
