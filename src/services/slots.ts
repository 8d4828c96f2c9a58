import { invalid } from '../core/errors.js'
import { newId } from '../core/ids.js'
import { addDays, instantOf, localTimeOf } from '../core/zoned-time.js'
import type { Murmur } from '../murmur.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { requireChannel } from './channels.js'

export const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export type WeekdayName = (typeof WEEKDAY_NAMES)[number]

export interface Slot {
  id: string
  channel_id: string
  weekday: WeekdayName
  /** Local time, "09:30". */
  time: string
}

/** A slot is free unless a delivery of the channel already goes out at that instant. */
const TAKEN_STATES = [
  'needs_approval',
  'scheduled',
  'publishing',
  'published',
  'unconfirmed',
] as const
/** How far ahead "add to queue" looks before saying the queue is full. */
const SEARCH_DAYS = 366
/** A slot closer than this is not offered: the scheduler needs a moment to pick it up. */
const MIN_LEAD_MS = 60_000

export const formatMinute = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`

export function parseTime(time: string): number {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(time)
  if (!match) throw invalid(`"${time}" is not a time of day; use HH:MM, e.g. 09:30.`)
  return Number(match[1]) * 60 + Number(match[2])
}

const present = (row: { id: string; channel_id: string; weekday: number; minute: number }) => ({
  id: row.id,
  channel_id: row.channel_id,
  weekday: WEEKDAY_NAMES[row.weekday - 1] ?? 'mon',
  time: formatMinute(row.minute),
})

export async function listSlots(scope: WorkspaceScope, channelId: string): Promise<Slot[]> {
  await requireChannel(scope, channelId)
  const rows = await scope
    .selectFrom('slots')
    .select(['id', 'channel_id', 'weekday', 'minute'])
    .where('channel_id', '=', channelId)
    .orderBy('weekday')
    .orderBy('minute')
    .execute()
  return rows.map(present)
}

/** Replaces the channel's weekly times ("Mon Wed Fri 09:30" is three slots). */
export async function replaceSlots(
  murmur: Murmur,
  scope: WorkspaceScope,
  channelId: string,
  slots: Array<{ weekday: WeekdayName; time: string }>,
): Promise<Slot[]> {
  await requireChannel(scope, channelId)
  const wanted = new Map<string, { weekday: number; minute: number }>()
  for (const slot of slots) {
    const weekday = WEEKDAY_NAMES.indexOf(slot.weekday) + 1
    const minute = parseTime(slot.time)
    wanted.set(`${weekday}:${minute}`, { weekday, minute })
  }
  const now = murmur.now()
  await scope.transaction(async (trx) => {
    await trx.deleteFrom('slots').where('channel_id', '=', channelId).execute()
    if (wanted.size > 0) {
      await trx
        .insertInto(
          'slots',
          [...wanted.values()].map((slot) => ({
            id: newId('slot', now),
            channel_id: channelId,
            weekday: slot.weekday,
            minute: slot.minute,
            created_at: now,
          })),
        )
        .execute()
    }
  })
  return listSlots(scope, channelId)
}

/**
 * The next `count` free slot instants of a channel after `after`, in the workspace's zone.
 * `exclude` holds instants already promised in this request (several posts queued at once).
 */
export async function nextFreeSlots(
  scope: WorkspaceScope,
  channelId: string,
  timeZone: string,
  after: number,
  count = 1,
  exclude: ReadonlySet<number> = new Set(),
): Promise<number[]> {
  const slots = await scope
    .selectFrom('slots')
    .select(['weekday', 'minute'])
    .where('channel_id', '=', channelId)
    .orderBy('minute')
    .execute()
  if (slots.length === 0) return []
  const earliest = after + MIN_LEAD_MS
  const today = localTimeOf(after, timeZone)
  const found: number[] = []
  const takenRows = await scope
    .selectFrom('deliveries')
    .select('scheduled_at')
    .where('channel_id', '=', channelId)
    .where('state', 'in', TAKEN_STATES)
    .where('scheduled_at', '>=', earliest)
    .execute()
  const taken = new Set(takenRows.map((row) => row.scheduled_at))
  for (let offset = 0; offset < SEARCH_DAYS && found.length < count; offset++) {
    const date = addDays(today, offset)
    for (const slot of slots) {
      if (slot.weekday !== date.weekday) continue
      const at = instantOf(
        { ...date, hour: Math.floor(slot.minute / 60), minute: slot.minute % 60 },
        timeZone,
      )
      if (at < earliest || taken.has(at) || exclude.has(at)) continue
      found.push(at)
      if (found.length >= count) break
    }
  }
  return found
}
