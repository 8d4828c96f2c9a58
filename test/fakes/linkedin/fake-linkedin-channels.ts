/** LinkedIn channels on the fake, as Murmur would hold them after connecting. */
import type { LinkedInCredentials } from '../../../src/networks/linkedin/index.js'
import type { FakeLinkedIn } from './fake-linkedin.js'
import { memberUrn } from './fake-linkedin-state.js'

/** What a self-serve app gets, plus `r_member_social` (approved partners) so reads work. */
export const LINKEDIN_TEST_SCOPES = ['openid', 'profile', 'w_member_social', 'r_member_social']

let channelCount = 0

export function newLinkedInChannel(
  fake: FakeLinkedIn,
  options: { scopes?: string[] } = {},
): LinkedInCredentials {
  channelCount++
  const member = fake.createMember(`Ada Baker ${channelCount}`)
  const scopes = options.scopes ?? LINKEDIN_TEST_SCOPES
  const tokens = fake.issueTokens(member.sub, scopes)
  return {
    author: memberUrn(member.sub),
    name: member.name,
    accessToken: tokens.accessToken,
    expiresAt: tokens.expiresAt,
    ...(tokens.refreshToken && { refreshToken: tokens.refreshToken }),
    scopes,
  }
}

/** Day 61: the 60-day token expired and there is no refresh token. */
export function expiredLinkedInChannel(fake: FakeLinkedIn): LinkedInCredentials {
  const credentials = newLinkedInChannel(fake)
  fake.expireTokens(credentials.author.replace('urn:li:person:', ''))
  return { ...credentials, expiresAt: new Date(Date.now() - 60_000).toISOString() }
}
