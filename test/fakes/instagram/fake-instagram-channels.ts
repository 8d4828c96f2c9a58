/** Instagram channels on the fake, as Murmur would hold them after connecting. */
import type { InstagramCredentials } from '../../../src/networks/instagram/index.js'
import { ALL_INSTAGRAM_SCOPES, type FakeInstagram } from './fake-instagram.js'

const DAY = 24 * 60 * 60_000
let channelCount = 0

/** A fresh Business account with a long-lived token issued two days ago. */
export function newInstagramChannel(
  fake: FakeInstagram,
  options: { scopes?: string[] } = {},
): InstagramCredentials {
  channelCount++
  const user = fake.createUser(`cornerbakery${channelCount}`)
  const issuedAt = Date.now() - 2 * DAY
  const expiresAt = issuedAt + 60 * DAY
  const scopes = options.scopes ?? ALL_INSTAGRAM_SCOPES
  return {
    userId: user.id,
    username: user.username,
    accountType: user.accountType,
    accessToken: fake.issueToken(user.id, { scopes, issuedAt, expiresAt }),
    expiresAt: new Date(expiresAt).toISOString(),
    issuedAt: new Date(issuedAt).toISOString(),
    scopes,
  }
}

/** An account whose 60-day token ran out. */
export function expiredInstagramChannel(fake: FakeInstagram): InstagramCredentials {
  channelCount++
  const user = fake.createUser(`expired${channelCount}`)
  const issuedAt = Date.now() - 61 * DAY
  const expiresAt = issuedAt + 60 * DAY
  return {
    userId: user.id,
    username: user.username,
    accountType: user.accountType,
    accessToken: fake.issueToken(user.id, { issuedAt, expiresAt }),
    expiresAt: new Date(expiresAt).toISOString(),
    issuedAt: new Date(issuedAt).toISOString(),
    scopes: ALL_INSTAGRAM_SCOPES,
  }
}
