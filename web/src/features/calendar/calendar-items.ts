import {
  type Icon,
  IconAlertCircle,
  IconCircleCheck,
  IconClock,
  IconClockExclamation,
  IconHelpCircle,
  IconPencil,
  IconSend,
  IconUserCheck,
} from '@tabler/icons-react'
import type { Channel, Delivery, Post, PostContent } from '../../api/publishing-types.js'
import { type DayKey, dayKeyOf, timeOfDay, toInstant } from '../../lib/zoned-time.js'

/** A delivery's state as the calendar shows it: "late" is a scheduled one whose time has passed. */
export type ChipState =
  | 'draft'
  | 'needs_approval'
  | 'scheduled'
  | 'publishing'
  | 'published'
  | 'failed'
  | 'late'
  | 'unconfirmed'

export const STATE_LOOK: Record<ChipState, { label: string; color: string; icon: Icon }> = {
  needs_approval: { label: 'Needs approval', color: 'grape', icon: IconUserCheck },
  scheduled: { label: 'Scheduled', color: 'blue', icon: IconClock },
  publishing: { label: 'Publishing', color: 'indigo', icon: IconSend },
  published: { label: 'Published', color: 'green', icon: IconCircleCheck },
  failed: { label: 'Failed', color: 'red', icon: IconAlertCircle },
  late: { label: 'Late', color: 'yellow', icon: IconClockExclamation },
  unconfirmed: { label: 'Unconfirmed', color: 'orange', icon: IconHelpCircle },
  draft: { label: 'Draft', color: 'gray', icon: IconPencil },
}

/** The scheduler takes a post within a minute or so; past two minutes it is late (as /readyz says). */
const LATE_AFTER_MS = 2 * 60_000

/** One delivery on the calendar: a post going to one channel at one time. */
export interface CalendarItem {
  /** The delivery id. */
  key: string
  post: Post
  delivery: Delivery
  channel: Channel | undefined
  at: number
  day: DayKey
  /** "09:30" in the workspace's zone. */
  time: string
  state: ChipState
  excerpt: string
  /** Drafts, waiting, scheduled and failed deliveries can move. */
  movable: boolean
}

export const contentOf = (post: Post, delivery: Delivery): PostContent =>
  delivery.content ?? post.content

export function chipState(delivery: Delivery, at: number, now: number): ChipState {
  if (delivery.state === 'scheduled' && at < now - LATE_AFTER_MS) return 'late'
  return delivery.state
}

export function deliveryTime(post: Post, delivery: Delivery): number {
  return (
    toInstant(delivery.published_at) ??
    toInstant(delivery.scheduled_at) ??
    toInstant(post.created_at) ??
    0
  )
}

function excerptOf(content: PostContent): string {
  const first = content.parts.find((part) => part.text.trim()) ?? content.parts[0]
  const text = first?.text.replace(/\s+/g, ' ').trim() ?? ''
  if (text) return text.length > 120 ? `${text.slice(0, 118)}…` : text
  const media = content.parts.reduce((sum, part) => sum + part.media.length, 0)
  return media ? `${media} ${media === 1 ? 'image' : 'images'}` : '(no text)'
}

/**
 * Every delivery of the posts, flattened and sorted by time, grouped by day in the workspace's
 * zone. Built once per answer (useMemo), so the grid never walks posts per cell.
 */
export function buildCalendar(
  posts: Post[],
  channels: Map<string, Channel>,
  timeZone: string,
  now: number,
  moved: Map<string, number>,
): { byDay: Map<DayKey, CalendarItem[]>; all: CalendarItem[] } {
  const all: CalendarItem[] = []
  for (const post of posts) {
    for (const delivery of post.deliveries) {
      const at = moved.get(delivery.id) ?? deliveryTime(post, delivery)
      all.push({
        key: delivery.id,
        post,
        delivery,
        channel: channels.get(delivery.channel_id),
        at,
        day: dayKeyOf(at, timeZone),
        time: timeOfDay(at, timeZone),
        state: chipState(delivery, at, now),
        excerpt: excerptOf(contentOf(post, delivery)),
        movable: ['draft', 'needs_approval', 'scheduled', 'failed'].includes(delivery.state),
      })
    }
  }
  all.sort((a, b) => a.at - b.at || a.key.localeCompare(b.key))
  const byDay = new Map<DayKey, CalendarItem[]>()
  for (const item of all) {
    if (item.state === 'draft') continue // drafts have no time: the list shows them apart
    const list = byDay.get(item.day)
    if (list) list.push(item)
    else byDay.set(item.day, [item])
  }
  return { byDay, all }
}
