/** Channels on the X fake, as Murmur would hold them after connecting. */
import sharp from 'sharp'
import type { XCredentials } from '../../../src/networks/x/index.js'
import type { FakeX } from './fake-x.js'

let channelCount = 0

/** A fresh account on the fake with working tokens (every scope Murmur asks for). */
export function newXChannel(fake: FakeX, label = 'brand'): XCredentials {
  channelCount++
  const user = fake.createUser(`${label}${channelCount}`, `${label} ${channelCount}`)
  const tokens = fake.issueTokens(user.id)
  return {
    userId: user.id,
    username: user.username,
    accessToken: tokens.accessToken,
    ...(tokens.refreshToken && { refreshToken: tokens.refreshToken }),
    expiresAt: tokens.expiresAt,
    scopes: [
      'tweet.read',
      'tweet.write',
      'users.read',
      'media.write',
      'like.write',
      'offline.access',
    ],
  }
}

/** A channel whose access token expired and whose refresh token no longer works. */
export function expiredXChannel(fake: FakeX): XCredentials {
  const credentials = newXChannel(fake, 'expired')
  fake.expireAccessToken(credentials.accessToken)
  fake.revokeAccess(credentials.userId)
  return { ...credentials, expiresAt: new Date(Date.now() - 60_000).toISOString() }
}

export async function samplePng(width = 64, height = 48): Promise<Uint8Array> {
  const image = await sharp({ create: { width, height, channels: 3, background: '#c0392b' } })
    .png()
    .toBuffer()
  return new Uint8Array(image)
}
