import { invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'

export type NotificationKind =
  | 'approval.requested'
  | 'approval.approved'
  | 'approval.rejected'
  | 'approval.late'
  | 'review.answered'
  | 'webhook.disabled'

export interface NotificationView {
  id: string
  kind: NotificationKind
  post_id: string | null
  title: string
  body: string | null
  created_at: number
  read_at: number | null
}

export interface NewNotification {
  kind: NotificationKind
  postId?: string | null
  title: string
  body?: string | null
}

/** Leaves one notification for each of `userIds` (duplicates and nulls ignored). */
export async function notify(
  scope: WorkspaceScope,
  userIds: Array<string | null>,
  notification: NewNotification,
  now: number,
): Promise<void> {
  const recipients = [...new Set(userIds.filter((id): id is string => Boolean(id)))]
  if (recipients.length === 0) return
  await scope
    .insertInto(
      'notifications',
      recipients.map((userId) => ({
        id: newId('ntf', now),
        user_id: userId,
        kind: notification.kind,
        post_id: notification.postId ?? null,
        title: notification.title,
        body: notification.body ?? null,
        created_at: now,
        read_at: null,
      })),
    )
    .execute()
}

/** Members with one of `roles`, to notify (approvers, owners). */
export async function membersWithRoles(scope: WorkspaceScope, roles: string[]): Promise<string[]> {
  if (roles.length === 0) return []
  const rows = await scope
    .selectFrom('members')
    .select('user_id')
    .where('role', 'in', roles as never)
    .execute()
  return rows.map((row) => row.user_id)
}

function encodeCursor(createdAt: number, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url')
}

function decodeCursor(cursor: string): [number, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') {
      return [value[0], value[1]]
    }
  } catch {}
  throw invalid('The cursor is not one this API gave out; start again without it.', [
    { path: 'cursor', message: 'Invalid cursor' },
  ])
}

/** A member's notifications, newest first, with how many are unread. */
export async function listNotifications(
  scope: WorkspaceScope,
  userId: string,
  options: { limit: number; cursor?: string | undefined; unreadOnly?: boolean },
): Promise<{ data: NotificationView[]; next_cursor: string | null; unread: number }> {
  let query = scope
    .selectFrom('notifications')
    .select(['id', 'kind', 'post_id', 'title', 'body', 'created_at', 'read_at'])
    .where('user_id', '=', userId)
  if (options.unreadOnly) query = query.where('read_at', 'is', null)
  if (options.cursor) {
    const [at, id] = decodeCursor(options.cursor)
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]),
    )
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute()
  const unread = await scope
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow()
  const page = rows.slice(0, options.limit)
  const last = page.at(-1)
  return {
    data: page.map((row) => ({
      ...row,
      kind: row.kind as NotificationKind,
      created_at: Number(row.created_at),
      read_at: row.read_at === null ? null : Number(row.read_at),
    })),
    next_cursor:
      rows.length > options.limit && last ? encodeCursor(Number(last.created_at), last.id) : null,
    unread: Number(unread.count),
  }
}

/** Marks some (or all) of a member's notifications read. */
export async function markNotificationsRead(
  scope: WorkspaceScope,
  userId: string,
  ids: string[] | 'all',
  now: number,
): Promise<void> {
  let query = scope
    .updateTable('notifications')
    .set({ read_at: now })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
  if (ids !== 'all') {
    if (ids.length === 0) return
    const found = await scope
      .selectFrom('notifications')
      .select('id')
      .where('user_id', '=', userId)
      .where('id', 'in', ids)
      .execute()
    if (found.length !== new Set(ids).size) throw notFound('Notification')
    query = query.where('id', 'in', ids)
  }
  await query.execute()
}
