import { conflict, invalid, MurmurError } from '../core/errors.js'
import { newId, newToken } from '../core/ids.js'
import { assertTimeZone } from '../core/workspace.js'
import type { Murmur } from '../murmur.js'
import {
  assertPasswordStrength,
  dummyPasswordHash,
  hashPassword,
  verifyPassword,
} from '../security/passwords.js'
import { hashToken } from '../security/tokens.js'
import type { UsersTable } from '../storage/tables/foundation.js'
import { createWorkspace, type Workspace } from './workspaces.js'

export interface User {
  id: string
  email: string
  name: string
  created_at: number
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase()

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

function publicUser(row: Pick<UsersTable, 'id' | 'email' | 'name' | 'created_at'>): User {
  return { id: row.id, email: row.email, name: row.name, created_at: row.created_at }
}

export async function userCount(murmur: Murmur): Promise<number> {
  const row = await murmur.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

export async function findUser(murmur: Murmur, id: string): Promise<User | undefined> {
  const row = await murmur.db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'created_at'])
    .where('id', '=', id)
    .executeTakeFirst()
  return row && publicUser(row)
}

/** Creates a user account. The email must not be taken. */
export async function createUser(
  murmur: Murmur,
  input: { email: string; password: string; name?: string | undefined },
): Promise<User> {
  const email = normalizeEmail(input.email)
  if (!EMAIL.test(email))
    throw invalid('Enter a valid email address.', [{ path: 'email', message: 'Invalid email' }])
  assertPasswordStrength(input.password)
  const existing = await murmur.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst()
  if (existing) throw conflict('An account with this email already exists. Sign in instead.')
  const user = {
    id: newId('usr'),
    email,
    name: input.name?.trim() || email.split('@')[0] || email,
    password_hash: await hashPassword(input.password),
    created_at: murmur.now(),
  }
  await murmur.db.insertInto('users').values(user).execute()
  return publicUser(user)
}

/**
 * First run: creates the first user as owner of a new workspace. Refused once
 * any user exists, so the set-up page cannot be replayed to take over.
 */
export async function setUpOwner(
  murmur: Murmur,
  input: {
    email: string
    password: string
    name?: string | undefined
    workspaceName: string
    timeZone?: string | undefined
  },
): Promise<{ user: User; workspace: Workspace }> {
  if ((await userCount(murmur)) > 0) {
    throw new MurmurError(
      'conflict',
      'Murmur is already set up. Sign in, or ask an owner for an invitation.',
    )
  }
  const timeZone = assertTimeZone(input.timeZone ?? 'UTC') // checked first: a refused set-up must leave no user behind
  const user = await createUser(murmur, input)
  try {
    const workspace = await createWorkspace(murmur, {
      name: input.workspaceName,
      timeZone,
      ownerId: user.id,
    })
    return { user, workspace }
  } catch (error) {
    await murmur.db.deleteFrom('users').where('id', '=', user.id).execute()
    throw error
  }
}

/** Checks an email and password; the same error and roughly the same time for every failure. */
export async function authenticate(
  murmur: Murmur,
  emailInput: string,
  password: string,
): Promise<User> {
  const row = await murmur.db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', normalizeEmail(emailInput))
    .executeTakeFirst()
  const ok = await verifyPassword(row?.password_hash ?? (await dummyPasswordHash()), password)
  if (!row || !ok) throw new MurmurError('unauthenticated', 'Email or password is wrong.')
  return publicUser(row)
}

export interface Session {
  id: string
  user_id: string
  csrf_token: string
  expires_at: number
}

const TOUCH_INTERVAL_MS = 60_000

export async function createSession(
  murmur: Murmur,
  userId: string,
  userAgent: string | undefined,
): Promise<{ token: string; session: Session }> {
  const token = newToken()
  const now = murmur.now()
  const session = {
    id: hashToken(token),
    user_id: userId,
    csrf_token: newToken(24),
    user_agent: userAgent?.slice(0, 300) ?? null,
    created_at: now,
    last_seen_at: now,
    expires_at: now + murmur.config.sessionDays * 86_400_000,
  }
  await murmur.db.insertInto('sessions').values(session).execute()
  return { token, session }
}

/** The live session behind a cookie token, sliding its expiry forward as it is used. */
export async function resolveSession(
  murmur: Murmur,
  token: string,
): Promise<{ session: Session; user: User } | undefined> {
  const id = hashToken(token)
  const row = await murmur.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.user_id',
      'sessions.csrf_token',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'users.email',
      'users.name',
      'users.created_at',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst()
  const now = murmur.now()
  if (!row) return undefined
  if (row.expires_at <= now) {
    await murmur.db.deleteFrom('sessions').where('id', '=', id).execute()
    return undefined
  }
  if (now - row.last_seen_at > TOUCH_INTERVAL_MS) {
    await murmur.db
      .updateTable('sessions')
      .set({ last_seen_at: now, expires_at: now + murmur.config.sessionDays * 86_400_000 })
      .where('id', '=', id)
      .execute()
  }
  return {
    session: {
      id: row.id,
      user_id: row.user_id,
      csrf_token: row.csrf_token,
      expires_at: row.expires_at,
    },
    user: { id: row.user_id, email: row.email, name: row.name, created_at: row.created_at },
  }
}

export async function endSession(murmur: Murmur, sessionId: string): Promise<void> {
  await murmur.db.deleteFrom('sessions').where('id', '=', sessionId).execute()
}

/** Logout everywhere: every session of the user, on every device. */
export async function endAllSessions(murmur: Murmur, userId: string): Promise<number> {
  const result = await murmur.db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
