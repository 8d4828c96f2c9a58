import type { ChannelChoice, Media, Post, PostContent } from '../../api/publishing-types.js'

/** One attachment as the composer holds it: the uploaded media and this post's alt text. */
export interface DraftMedia {
  /** Stable React key: the same media may appear twice, and items move. */
  key: string
  media: Pick<Media, 'id' | 'url' | 'thumbnail_url' | 'mime_type' | 'width' | 'height' | 'alt_text'>
  altText: string
}

export interface DraftPart {
  /** Stable React key: parts move and disappear. */
  key: string
  text: string
  media: DraftMedia[]
}

export interface DraftContent {
  parts: DraftPart[]
  firstComment: string
}

export interface ComposeState {
  selected: string[]
  shared: DraftContent
  /** A channel's own version, when it has one; otherwise it publishes the shared content. */
  variants: Record<string, DraftContent>
}

let keyCounter = 0
export const newKey = () => `part-${++keyCounter}`

export const emptyPart = (): DraftPart => ({ key: newKey(), text: '', media: [] })
export const emptyContent = (): DraftContent => ({ parts: [emptyPart()], firstComment: '' })
export const emptyState = (): ComposeState => ({
  selected: [],
  shared: emptyContent(),
  variants: {},
})

export const cloneContent = (content: DraftContent): DraftContent => ({
  parts: content.parts.map((part) => ({ ...part, key: newKey(), media: [...part.media] })),
  firstComment: content.firstComment,
})

/** What the API takes: alt text is sent only when it differs from the media's own. */
export function toApiContent(content: DraftContent): PostContent {
  return {
    parts: content.parts.map((part) => ({
      text: part.text,
      media: part.media.map((item) => ({
        media_id: item.media.id,
        ...(item.altText !== item.media.alt_text && { alt_text: item.altText }),
      })),
    })),
    first_comment: content.firstComment.trim() ? content.firstComment : null,
  }
}

export function toApiChannels(state: ComposeState): ChannelChoice[] {
  return state.selected.map((channelId) => {
    const variant = state.variants[channelId]
    return { channel_id: channelId, content: variant ? toApiContent(variant) : null }
  })
}

export const contentFor = (state: ComposeState, channelId: string): DraftContent =>
  state.variants[channelId] ?? state.shared

export function isBlank(content: DraftContent): boolean {
  return content.parts.every((part) => !part.text.trim() && part.media.length === 0)
}

export function isStateBlank(state: ComposeState): boolean {
  return isBlank(state.shared) && Object.values(state.variants).every(isBlank)
}

/** Builds the composer's state from a saved post; `mediaById` has every media it references. */
export function fromPost(post: Post, mediaById: Map<string, DraftMedia['media']>): ComposeState {
  const fromContent = (content: PostContent): DraftContent => ({
    parts: content.parts.map((part) => ({
      key: newKey(),
      text: part.text,
      media: part.media.flatMap((ref) => {
        const media = mediaById.get(ref.media_id)
        return media ? [{ key: newKey(), media, altText: ref.alt_text ?? media.alt_text }] : []
      }),
    })),
    firstComment: content.first_comment ?? '',
  })
  const variants: Record<string, DraftContent> = {}
  for (const delivery of post.deliveries) {
    if (delivery.content) variants[delivery.channel_id] = fromContent(delivery.content)
  }
  return {
    selected: post.deliveries.map((delivery) => delivery.channel_id),
    shared: fromContent(post.content),
    variants,
  }
}

export function mediaIdsOf(post: Post): string[] {
  const ids = new Set<string>()
  for (const content of [post.content, ...post.deliveries.map((d) => d.content)]) {
    for (const part of content?.parts ?? []) for (const ref of part.media) ids.add(ref.media_id)
  }
  return [...ids]
}
