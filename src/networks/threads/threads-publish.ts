import { waitForContainer } from '../meta/meta-container.js'
import type { PublicMediaSettings } from '../meta/meta-public-media.js'
import type { Draft, DraftMedia, DraftPart } from '../spec/network-draft.js'
import { NetworkError } from '../spec/network-error.js'
import { hasErrors, type Problem } from '../spec/network-problem.js'
import type { PublishedPost, PublishResult } from '../spec/publish-result.js'
import { validateThreadsDraft } from './threads-capabilities.js'
import type { ThreadsCall } from './threads-context.js'
import { assertThreadsId } from './threads-reads.js'

interface IdAnswer {
  id?: unknown
}

const STATUS_FIELDS = { statusField: 'status', detailField: 'error_message' }

/** The draft's problems; throws `content_rejected` with every error when it has any. */
export function refuseInvalidThreadsDraft(draft: Draft, media: PublicMediaSettings): Problem[] {
  const problems = validateThreadsDraft(draft, media)
  if (hasErrors(problems)) {
    throw new NetworkError({
      network: 'threads',
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
 * Each part is a media container (TEXT, IMAGE, or a CAROUSEL of IMAGE items, each downloaded by
 * Threads from Murmur's public address), polled until FINISHED, then published. A thread chains
 * parts with `reply_to_id`; the first comment is the account's reply to the last part.
 */
export async function publishThreadsDraft(call: ThreadsCall, draft: Draft): Promise<PublishResult> {
  const problems = refuseInvalidThreadsDraft(draft, call.media)
  if (draft.replyTo) assertThreadsId(draft.replyTo.id)
  const published: PublishedPost[] = []
  let replyTo = draft.replyTo?.id
  const partCount = draft.parts.length
  for (const [index, part] of draft.parts.entries()) {
    const label = partCount > 1 ? `part ${index + 1}` : 'the post'
    const post = await publishPart(call, part, replyTo, label, published)
    published.push(post)
    replyTo = post.id
  }
  const firstCommentText = draft.firstComment?.trim()
  const firstComment = firstCommentText
    ? await publishPart(
        call,
        { text: firstCommentText, media: [] },
        replyTo,
        'the first comment',
        published,
      )
    : undefined
  return {
    parts: published,
    ...(firstComment && { firstComment }),
    warnings: problems.filter((problem) => problem.severity === 'warning'),
  }
}

async function publishPart(
  call: ThreadsCall,
  part: DraftPart,
  replyTo: string | undefined,
  label: string,
  published: PublishedPost[],
): Promise<PublishedPost> {
  try {
    const containerId = await createPartContainer(call, part, replyTo, label)
    await waitForContainer(call.client, containerId, STATUS_FIELDS, call.polling, label)
    const { body } = await call.client.request<IdAnswer>({
      method: 'POST',
      path: `/${call.credentials.userId}/threads_publish`,
      form: { creation_id: containerId },
      action: 'publish',
      idempotent: false,
    })
    if (typeof body.id !== 'string' || body.id === '') {
      throw new NetworkError({
        network: 'threads',
        kind: 'outcome_unknown',
        message: `Threads: ${label} was accepted but Threads returned no id; it may have been published`,
      })
    }
    return { id: body.id, url: await permalinkOf(call, body.id) }
  } catch (error) {
    if (NetworkError.isInstance(error)) throw error.withProgress({ publishedParts: [...published] })
    throw error
  }
}

async function createPartContainer(
  call: ThreadsCall,
  part: DraftPart,
  replyTo: string | undefined,
  label: string,
): Promise<string> {
  const common = {
    ...(part.text.trim() !== '' && { text: part.text }),
    ...(replyTo && { reply_to_id: replyTo }),
  }
  const [only] = part.media
  if (part.media.length === 0) return createContainer(call, { media_type: 'TEXT', ...common })
  if (part.media.length === 1 && only) {
    return createContainer(call, { ...(await imageParams(call, only)), ...common })
  }
  const children: string[] = []
  for (const [index, media] of part.media.entries()) {
    const child = await createContainer(call, {
      ...(await imageParams(call, media)),
      is_carousel_item: 'true',
    })
    await waitForContainer(
      call.client,
      child,
      STATUS_FIELDS,
      call.polling,
      `image ${index + 1} of ${label}`,
    )
    children.push(child)
  }
  return createContainer(call, { media_type: 'CAROUSEL', children: children.join(','), ...common })
}

async function imageParams(call: ThreadsCall, media: DraftMedia): Promise<Record<string, string>> {
  const publicMediaUrl = call.media.publicMediaUrl
  if (!publicMediaUrl) throw new Error('validated drafts with media have a publicMediaUrl')
  const altText = media.altText?.trim()
  return {
    media_type: 'IMAGE',
    image_url: await publicMediaUrl(media),
    ...(altText && { alt_text: altText }),
  }
}

async function createContainer(call: ThreadsCall, form: Record<string, string>): Promise<string> {
  const { body } = await call.client.request<IdAnswer>({
    method: 'POST',
    path: `/${call.credentials.userId}/threads`,
    form,
    action: 'post',
    // An unpublished container expires on its own: creating another duplicates nothing.
    idempotent: true,
  })
  if (typeof body.id !== 'string' || body.id === '') {
    throw new NetworkError({
      network: 'threads',
      kind: 'retryable',
      message: 'Threads: the media container was created without an id',
    })
  }
  return body.id
}

/** The post's public address; its id is not part of it (Threads uses a shortcode). */
async function permalinkOf(call: ThreadsCall, id: string): Promise<string> {
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
  return `${call.webUrl}/@${call.credentials.username}`
}
