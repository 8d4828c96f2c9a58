import type { Agent, AppBskyEmbedImages, AppBskyFeedPost, AppBskyRichtextFacet } from '@atproto/api'
import { makeProblem } from '../shared/validate-draft.js'
import type { Draft, DraftPart } from '../spec/network-draft.js'
import { findNetworkError, NetworkError } from '../spec/network-error.js'
import { hasErrors, type Problem } from '../spec/network-problem.js'
import type { PublishedPost, PublishResult } from '../spec/publish-result.js'
import { validateBlueskyDraft } from './bluesky-capabilities.js'
import { toBlueskyError } from './bluesky-failure.js'
import { type ImageLimits, prepareImage } from './bluesky-images.js'
import { detectBlueskyFacets } from './bluesky-rich-text.js'
import { nextTid } from './bluesky-tid.js'
import { POST_COLLECTION, parsePostId, postId, postUrl } from './bluesky-urls.js'

export interface BlueskyCallContext {
  agent: Agent
  did: string
  webUrl: string
  imageLimits: ImageLimits
  now: () => number
}

interface StrongRef {
  uri: string
  cid: string
}

/** A part ready to become a record: facets resolved, images uploaded. */
interface PreparedPart {
  text: string
  facets: AppBskyRichtextFacet.Main[] | undefined
  images: AppBskyEmbedImages.Image[]
}

/**
 * Publishes a draft in two phases: first everything that can fail without leaving a trace
 * (validation, mention lookups, image uploads; unused blobs are garbage-collected), then the
 * records, each answering the previous one. A failure in the second phase carries `progress`.
 */
export async function publishBlueskyDraft(
  context: BlueskyCallContext,
  draft: Draft,
): Promise<PublishResult> {
  const problems = validateBlueskyDraft(draft)
  if (hasErrors(problems)) {
    const errors = problems.filter((problem) => problem.severity === 'error')
    throw new NetworkError({
      network: 'bluesky',
      kind: 'content_rejected',
      message: errors.map((problem) => problem.message).join('; '),
      reason: 'the draft does not pass validation',
    })
  }
  const warnings = problems.filter((problem) => problem.severity === 'warning')
  // Cheapest check first: the post to answer must exist.
  let reply = draft.replyTo ? await replyRefsFor(context, draft.replyTo.id) : undefined
  const partCount = draft.parts.length
  const parts: PreparedPart[] = []
  for (const [index, part] of draft.parts.entries()) {
    parts.push(await preparePart(context, part, { part: index + 1, partCount }, warnings))
  }
  const firstCommentText = draft.firstComment?.trim()
  const firstComment = firstCommentText
    ? await preparePart(
        context,
        { text: firstCommentText, media: [] },
        { partCount, firstComment: true },
        warnings,
      )
    : undefined

  const published: PublishedPost[] = []
  for (const part of parts) {
    const ref = await createPost(context, part, reply, draft.languages, published)
    published.push({ id: ref.uri, url: postUrl(context.webUrl, ref.uri) })
    reply = { root: reply?.root ?? ref, parent: ref }
  }
  let firstCommentPost: PublishedPost | undefined
  if (firstComment) {
    const ref = await createPost(context, firstComment, reply, draft.languages, published)
    firstCommentPost = { id: ref.uri, url: postUrl(context.webUrl, ref.uri) }
  }
  return { parts: published, ...(firstCommentPost && { firstComment: firstCommentPost }), warnings }
}

async function preparePart(
  context: BlueskyCallContext,
  part: DraftPart,
  place: { part?: number; partCount: number; firstComment?: boolean },
  warnings: Problem[],
): Promise<PreparedPart> {
  const { facets, unresolvedHandles } = await detectBlueskyFacets(part.text, (handle) =>
    resolveHandle(context.agent, handle),
  )
  for (const handle of unresolvedHandles) {
    warnings.push(
      makeProblem(
        'Bluesky',
        'warning',
        'mention_unresolved',
        place,
        `mentions @${handle}, which is no Bluesky account; it stays plain text`,
      ),
    )
  }
  const images: AppBskyEmbedImages.Image[] = []
  for (const [index, media] of part.media.entries()) {
    const mediaPlace = { ...place, media: index + 1, mediaKind: 'image' }
    let prepared: Awaited<ReturnType<typeof prepareImage>>
    try {
      prepared = await prepareImage(media.data, context.imageLimits)
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error)
      throw new NetworkError({
        network: 'bluesky',
        kind: 'content_rejected',
        message: makeProblem(
          'Bluesky',
          'error',
          'media_type_unsupported',
          mediaPlace,
          `could not be read as an image (${detail})`,
        ).message,
        cause: error,
      })
    }
    if (prepared.wasAnimated) {
      warnings.push(
        makeProblem(
          'Bluesky',
          'warning',
          'media_converted',
          mediaPlace,
          'is animated; Bluesky shows its first frame only',
        ),
      )
    }
    const upload = await context.agent.com.atproto.repo
      .uploadBlob(prepared.data, { encoding: prepared.mimeType })
      .catch((error: unknown) => {
        throw toBlueskyError(error, true)
      })
    images.push({
      image: upload.data.blob,
      alt: media.altText?.trim() ?? '',
      aspectRatio: { width: prepared.width, height: prepared.height },
    })
  }
  return { text: part.text, facets, images }
}

/** "No such handle" is an answer (400); anything else (outage, rate limit) stops the publish. */
async function resolveHandle(agent: Agent, handle: string): Promise<string | undefined> {
  try {
    const { data } = await agent.com.atproto.identity.resolveHandle({ handle })
    return data.did
  } catch (error) {
    const networkError = findNetworkError(error)
    if (networkError?.kind === 'content_rejected') return undefined
    throw toBlueskyError(error, true)
  }
}

/** Reply references for answering `id`: its own ref as parent, its thread's root as root. */
async function replyRefsFor(
  context: BlueskyCallContext,
  id: string,
): Promise<{ root: StrongRef; parent: StrongRef }> {
  const { repo, rkey } = parsePostId(id)
  try {
    const { data } = await context.agent.com.atproto.repo.getRecord({
      repo,
      collection: POST_COLLECTION,
      rkey,
    })
    if (!data.cid) throw new Error('the record has no cid')
    const parent = { uri: data.uri, cid: data.cid }
    const value = data.value as Partial<AppBskyFeedPost.Record>
    const root = value.reply?.root
    return { root: root ? { uri: root.uri, cid: root.cid } : parent, parent }
  } catch (error) {
    const networkError = findNetworkError(error)
    if (networkError?.kind === 'content_rejected') {
      throw new NetworkError({
        ...networkError.toOptions(),
        message: `Bluesky: the post to reply to (${id}) does not exist or cannot be read`,
      })
    }
    throw toBlueskyError(error, true)
  }
}

async function createPost(
  context: BlueskyCallContext,
  part: PreparedPart,
  reply: { root: StrongRef; parent: StrongRef } | undefined,
  languages: string[] | undefined,
  published: PublishedPost[],
): Promise<StrongRef> {
  const record: AppBskyFeedPost.Record = {
    $type: 'app.bsky.feed.post',
    text: part.text,
    createdAt: new Date(context.now()).toISOString(),
    ...(part.facets && { facets: part.facets }),
    ...(reply && { reply }),
    ...(languages && languages.length > 0 && { langs: languages.slice(0, 3) }),
    ...(part.images.length > 0 && {
      embed: { $type: 'app.bsky.embed.images', images: part.images },
    }),
  }
  const rkey = nextTid(context.now())
  try {
    const { data } = await context.agent.com.atproto.repo.createRecord({
      repo: context.did,
      collection: POST_COLLECTION,
      rkey,
      record,
      validate: true,
    })
    return { uri: data.uri, cid: data.cid }
  } catch (caught) {
    const error = toBlueskyError(caught, false)
    if (!NetworkError.isInstance(error)) throw error
    const uri = postId(context.did, rkey)
    throw error.withProgress({
      publishedParts: [...published],
      ...(error.kind === 'outcome_unknown' && {
        unconfirmedPart: { id: uri, url: postUrl(context.webUrl, uri) },
      }),
    })
  }
}
