import { conflict } from '../core/errors.js'
import type { Murmur } from '../murmur.js'
import { describeRange } from '../pages/event-time.js'
import type { EventPlace } from '../pages/model.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { eventRow, presentEvent, siteOf } from './events.js'
import { createLink } from './links.js'
import { fieldsOf, pageRow } from './pages.js'
import type { When } from './post-schedule.js'
import { type PostView, postViews } from './post-views.js'
import { createPost } from './posts.js'

/** Where the announcement's text puts the event's link; without it the link goes at the end. */
export const LINK_PLACEHOLDER = '{link}'

export function defaultAnnouncement(input: {
  title: string
  when: string
  place: EventPlace | null
  online: boolean
}): string {
  const where = input.place?.name ?? input.place?.locality ?? (input.online ? 'Online' : null)
  return `${input.title}\n${input.when}${where ? ` · ${where}` : ''}\n\nJoin us: ${LINK_PLACEHOLDER}`
}

/**
 * Announces a published event: one post through the normal publishing path (validated per
 * channel, scheduled like any other post, or kept as a draft without `when`), its text carrying a
 * tracked link to the event page and the event's image when it has an uploaded one.
 */
export async function announceEvent(
  murmur: Murmur,
  scope: WorkspaceScope,
  eventId: string,
  input: { channelIds: string[]; when?: When | undefined; text?: string | undefined },
  createdBy: string | null,
): Promise<PostView> {
  const { site } = await siteOf(murmur, scope)
  const row = await eventRow(scope, eventId)
  if (row.status !== 'published')
    throw conflict(
      row.status === 'draft'
        ? 'Publish the event before announcing it: the announcement links to its page.'
        : 'This event is cancelled; there is nothing to announce.',
    )
  const event = presentEvent(row, site)
  const language = fieldsOf(await pageRow(scope)).language
  const template =
    input.text?.trim() ||
    defaultAnnouncement({
      title: event.title,
      when: describeRange(event.starts_at, event.ends_at, language, event.time_zone),
      place: event.place,
      online: event.online_url !== null,
    })
  const link = await createLink(murmur, scope, {
    destination: event.url,
    title: event.title,
    campaign: event.title,
    createdBy,
  })
  const text = template.includes(LINK_PLACEHOLDER)
    ? template.split(LINK_PLACEHOLDER).join(link.short_url)
    : `${template}\n\n${link.short_url}`
  let post: PostView
  try {
    post = await createPost(
      murmur,
      scope,
      {
        content: {
          parts: [
            {
              text,
              media: event.image_media_id
                ? [{ media_id: event.image_media_id, alt_text: event.image_alt }]
                : [],
            },
          ],
          first_comment: null,
        },
        channels: input.channelIds.map((channelId) => ({ channel_id: channelId })),
        campaign: event.title,
      },
      { createdBy, when: input.when },
    )
  } catch (error) {
    // The link was made for this post only: without the post it has no reason to exist.
    await scope.deleteFrom('links').where('id', '=', link.id).execute()
    throw error
  }
  await scope
    .insertInto('event_posts', { event_id: eventId, post_id: post.id, created_at: murmur.now() })
    .execute()
  return post
}

/** The announcement posts of an event, newest first. */
export async function eventAnnouncements(
  scope: WorkspaceScope,
  eventId: string,
): Promise<PostView[]> {
  await eventRow(scope, eventId)
  const rows = await scope
    .selectFrom('event_posts')
    .select('post_id')
    .where('event_id', '=', eventId)
    .orderBy('created_at', 'desc')
    .orderBy('post_id', 'desc')
    .execute()
  return postViews(
    scope,
    rows.map((row) => row.post_id),
  )
}
