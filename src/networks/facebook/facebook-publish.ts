import type { MetaGraphClient } from '../meta/meta-graph-client.js'
import type { Draft, DraftMedia } from '../spec/network-draft.js'
import { NetworkError } from '../spec/network-error.js'
import { hasErrors } from '../spec/network-problem.js'
import type { PublishedPost, PublishResult } from '../spec/publish-result.js'
import { validateFacebookDraft } from './facebook-capabilities.js'
import type { FacebookCall } from './facebook-context.js'
import { facebookCommentUrl, facebookPostUrl, isFacebookId } from './facebook-urls.js'

interface IdAnswer {
  id?: unknown
}

/**
 * Publishes to a Page the way Facebook documents multi-photo posts: each image uploaded to
 * `/{page-id}/photos` with `published=false` (with `alt_text_custom`), then one
 * `POST /{page-id}/feed` with `message` and `attached_media`. The first comment follows on the
 * post. An answer (`replyTo`) is the Page's comment on that post or comment.
 */
export async function publishFacebookDraft(
  call: FacebookCall,
  draft: Draft,
): Promise<PublishResult> {
  const problems = validateFacebookDraft(draft)
  if (hasErrors(problems)) {
    throw new NetworkError({
      network: 'facebook',
      kind: 'content_rejected',
      reason: 'the draft does not pass validation',
      message: problems
        .filter((problem) => problem.severity === 'error')
        .map((problem) => problem.message)
        .join('; '),
    })
  }
  const warnings = problems.filter((problem) => problem.severity === 'warning')
  const [part] = draft.parts
  if (!part) throw new Error('validated drafts have a part')

  if (draft.replyTo) {
    const target = draft.replyTo.id
    assertFacebookId(target)
    const comment = await createComment(call, target, part.text, [])
    return { parts: [comment], warnings }
  }

  // Phase 1: photos. Unpublished photos nobody attaches stay invisible, so a retry is harmless.
  const photoIds: string[] = []
  for (const [index, media] of part.media.entries()) {
    photoIds.push(
      await uploadUnpublishedPhoto(call.client, call.credentials.pageId, media, index + 1),
    )
  }
  // Phase 2: the post, then the first comment; a failure there reports what exists.
  const form: Record<string, string> = {}
  if (part.text.trim() !== '') form.message = part.text
  photoIds.forEach((id, index) => {
    form[`attached_media[${index}]`] = JSON.stringify({ media_fbid: id })
  })
  let post: PublishedPost
  try {
    const { body } = await call.client.request<IdAnswer>({
      method: 'POST',
      path: `/${call.credentials.pageId}/feed`,
      form,
      action: 'post',
      idempotent: false,
    })
    post = { id: requireId(body, 'post'), url: '' }
    post.url = facebookPostUrl(call.webUrl, post.id)
  } catch (error) {
    if (NetworkError.isInstance(error)) throw error.withProgress({ publishedParts: [] })
    throw error
  }
  const firstCommentText = draft.firstComment?.trim()
  const firstComment = firstCommentText
    ? await createComment(call, post.id, firstCommentText, [post])
    : undefined
  return { parts: [post], ...(firstComment && { firstComment }), warnings }
}

async function uploadUnpublishedPhoto(
  client: MetaGraphClient,
  pageId: string,
  media: DraftMedia,
  number: number,
): Promise<string> {
  const form = new FormData()
  form.append(
    'source',
    new Blob([media.data as Uint8Array<ArrayBuffer>], { type: media.mimeType }),
    `image-${number}`,
  )
  const altText = media.altText?.trim()
  const { body } = await client.request<IdAnswer>({
    method: 'POST',
    path: `/${pageId}/photos`,
    multipart: form,
    form: { published: 'false', ...(altText && { alt_text_custom: altText }) },
    action: 'image',
    // An unpublished photo is invisible until attached: uploading twice duplicates nothing.
    idempotent: true,
  })
  return requireId(body, `image ${number}`)
}

async function createComment(
  call: FacebookCall,
  targetId: string,
  text: string,
  published: PublishedPost[],
): Promise<PublishedPost> {
  try {
    const { body } = await call.client.request<IdAnswer>({
      method: 'POST',
      path: `/${targetId}/comments`,
      form: { message: text },
      action: 'comment',
      idempotent: false,
    })
    const id = requireId(body, 'comment')
    return { id, url: facebookCommentUrl(call.webUrl, call.credentials.pageId, targetId, id) }
  } catch (error) {
    if (NetworkError.isInstance(error)) throw error.withProgress({ publishedParts: [...published] })
    throw error
  }
}

function requireId(body: IdAnswer, what: string): string {
  if (typeof body.id === 'string' && body.id !== '') return body.id
  throw new NetworkError({
    network: 'facebook',
    kind: 'outcome_unknown',
    message: `Facebook: the ${what} was accepted but Facebook returned no id; it may have been published`,
  })
}

export function assertFacebookId(id: string): void {
  if (!isFacebookId(id)) {
    throw new NetworkError({
      network: 'facebook',
      kind: 'content_rejected',
      message: `Facebook: "${id}" is not a Facebook post or comment id`,
    })
  }
}
