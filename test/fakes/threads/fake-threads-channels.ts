/** Threads channels on the fake, as Murmur would hold them after connecting. */
import type { ThreadsCredentials } from '../../../src/networks/threads/index.js'
import { ALL_THREADS_SCOPES, type FakeThreads } from './fake-threads.js'

const DAY = 24 * 60 * 60_000
let channelCount = 0

/** A fresh profile with a long-lived token issued two days ago (old enough to renew). */
export function newThreadsChannel(
  fake: FakeThreads,
  options: { scopes?: string[] } = {},
): ThreadsCredentials {
  channelCount++
  const user = fake.createUser(`bakery${channelCount}`)
  const issuedAt = Date.now() - 2 * DAY
  const expiresAt = issuedAt + 60 * DAY
  const scopes = options.scopes ?? ALL_THREADS_SCOPES
  return {
    userId: user.id,
    username: user.username,
    accessToken: fake.issueToken(user.id, { scopes, issuedAt, expiresAt }),
    expiresAt: new Date(expiresAt).toISOString(),
    issuedAt: new Date(issuedAt).toISOString(),
    scopes,
  }
}

/** A profile whose 60-day token ran out: it cannot be renewed any more. */
export function expiredThreadsChannel(fake: FakeThreads): ThreadsCredentials {
  channelCount++
  const user = fake.createUser(`expired${channelCount}`)
  const issuedAt = Date.now() - 61 * DAY
  const expiresAt = issuedAt + 60 * DAY
  return {
    userId: user.id,
    username: user.username,
    accessToken: fake.issueToken(user.id, { issuedAt, expiresAt }),
    expiresAt: new Date(expiresAt).toISOString(),
    issuedAt: new Date(issuedAt).toISOString(),
    scopes: ALL_THREADS_SCOPES,
  }
}
