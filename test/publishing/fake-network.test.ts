import sharp from 'sharp'
import { describe, expect, test } from 'vitest'
import { runNetworkContract } from '../../src/networks/testkit/run-network-contract.js'
import { FakeNetwork } from './fake-network.js'

/**
 * The publishing tests trust the fake to behave like a network. The same contract suite every
 * real network passes keeps it honest.
 */
const fake = new FakeNetwork()
let accounts = 0
const freshAccount = () => fake.addAccount(`contract-${++accounts}.bsky.social`)

runNetworkContract({
  name: 'the publishing tests’ fake Bluesky',
  createNetwork: () => fake,
  createCredentials: async () => freshAccount(),
  readBack: async (_credentials, id) => {
    const post = fake.posts.get(id)
    if (!post) return null
    return {
      text: post.text,
      mediaCount: post.mediaCount,
      altTexts: post.altTexts,
      ...(post.replyParentId && { replyParentId: post.replyParentId }),
      ...(post.replyRootId && { replyRootId: post.replyRootId }),
    }
  },
  createExpiredCredentials: async () => ({ ...freshAccount(), token: 'expired-token' }),
  provokeRateLimit: async () => {
    fake.failNext({ kind: 'retryable', status: 429, retryAfterMs: 30_000 })
    return fake.publish(freshAccount(), { parts: [{ text: 'Too fast', media: [] }] })
  },
  sampleImage: async () => ({
    data: new Uint8Array(
      await sharp({ create: { width: 8, height: 8, channels: 3, background: '#a0522d' } })
        .png()
        .toBuffer(),
    ),
    mimeType: 'image/png',
  }),
})

describe('the fake’s scripted failures', () => {
  test('outcome unknown names the lost part; created anyway means it exists', async () => {
    const credentials = freshAccount()
    fake.failNext({ kind: 'outcome_unknown', atPart: 1, createdAnyway: true })
    const error = await fake
      .publish(credentials, {
        parts: [
          { text: 'One', media: [] },
          { text: 'Two', media: [] },
        ],
      })
      .catch((caught: unknown) => caught)
    expect(error).toMatchObject({ kind: 'outcome_unknown' })
    const progress = (
      error as { progress: { publishedParts: { id: string }[]; unconfirmedPart: { id: string } } }
    ).progress
    expect(progress.publishedParts).toHaveLength(1)
    expect(fake.posts.get(progress.unconfirmedPart.id)?.text).toBe('Two')
  })

  test('text is counted like Bluesky: graphemes, and bytes for long emoji sequences', () => {
    expect(fake.capabilities.text.countText('👨‍👩‍👧‍👦')).toBe(1)
    const bytes = fake.validate({ parts: [{ text: '👨‍👩‍👧‍👦'.repeat(200), media: [] }] })
    expect(bytes.map((p) => p.code)).toEqual(['text_too_long'])
    expect(bytes[0]?.message).toContain('bytes')
  })
})
