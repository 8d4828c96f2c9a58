/** Facebook channels (Pages) on the fake, as Murmur would hold them after connecting. */
import sharp from 'sharp'
import type { FacebookCredentials } from '../../../src/networks/facebook/index.js'
import { ALL_FACEBOOK_SCOPES, type FakeFacebook } from './fake-facebook.js'

let channelCount = 0

/** A fresh Page, managed by a fresh person, with a Page token holding every permission. */
export function newFacebookChannel(
  fake: FakeFacebook,
  options: { scopes?: string[]; tasks?: string[] } = {},
): FacebookCredentials {
  channelCount++
  const owner = fake.createUser(`Owner ${channelCount}`)
  const page = fake.createPage(`Corner Bakery ${channelCount}`, {
    [owner.id]: options.tasks ?? [
      'ADVERTISE',
      'ANALYZE',
      'CREATE_CONTENT',
      'MESSAGING',
      'MODERATE',
      'MANAGE',
    ],
  })
  const scopes = options.scopes ?? ALL_FACEBOOK_SCOPES
  return {
    pageId: page.id,
    pageName: page.name,
    accessToken: fake.issuePageToken(page.id, owner.id, scopes),
    userId: owner.id,
    scopes,
  }
}

/** A Page whose token died: the person changed their password (190, subcode 460). */
export function revokedFacebookChannel(fake: FakeFacebook): FacebookCredentials {
  const credentials = newFacebookChannel(fake)
  fake.killTokens(credentials.userId!, 'password changed')
  return credentials
}

export async function sampleJpeg(width = 64, height = 48): Promise<Uint8Array> {
  const image = await sharp({ create: { width, height, channels: 3, background: '#d35400' } })
    .jpeg()
    .toBuffer()
  return new Uint8Array(image)
}
