/**
 * The behaviour every network promises, as one vitest suite. Each network's test file runs it in
 * one call, against the most real server it can get (a local Bluesky PDS, a fake HTTP server
 * built from documented payloads for the others):
 *
 * @example
 * runNetworkContract({
 *   name: 'Bluesky on a local PDS',
 *   createNetwork: () => createBluesky({ baseUrl: pds.url }),
 *   createCredentials: () => signUp(),
 *   readBack: (credentials, id) => readRecord(credentials, id),
 *   skip: [{ test: 'rate limit', reason: 'the fake server has no rate limiter' }],
 * })
 */
import { describe, expect, it } from 'vitest'
import type { Draft, DraftMedia } from '../spec/network-draft.js'
import { NetworkError } from '../spec/network-error.js'
import { NETWORK_IDS } from '../spec/network-id.js'
import { MENTION_KINDS } from '../spec/network-mention.js'
import { type NetworkReshare, RESHARE_KINDS } from '../spec/network-reshare.js'
import { METRIC_NAMES } from '../spec/post-metrics.js'
import type { SocialNetworkV1 } from '../spec/social-network.js'

/** What the test reads straight from the network, bypassing the adapter under test. */
export interface ReadBackPost {
  text: string
  /** Id of the post it answers, if any. */
  replyParentId?: string
  /** Id of the first post of its thread, if it answers one. */
  replyRootId?: string
  mediaCount: number
  altTexts: string[]
}

export const CONTRACT_TESTS = [
  'capabilities',
  'validate text length',
  'validate media count',
  'validate alt text',
  'validate threads',
  'publish refuses an invalid draft',
  'publish and read back',
  'publish an image',
  'thread linking',
  'reply',
  'delete',
  'expired token',
  'rate limit',
  'reshares',
  'follower count',
] as const

export type ContractTestName = (typeof CONTRACT_TESTS)[number]

export interface NetworkContractOptions<Credentials extends object> {
  name: string
  /** Called inside each test, so it may use servers started in `beforeAll`. */
  createNetwork: () => SocialNetworkV1<Credentials>
  /** Credentials of a fresh, working account. */
  createCredentials: () => Promise<Credentials>
  /** Reads a post back from the network itself; `null` when it does not exist. */
  readBack: (credentials: Credentials, id: string) => Promise<ReadBackPost | null>
  /** Credentials whose access token expired and whose refresh token no longer works. */
  createExpiredCredentials?: () => Promise<Credentials>
  /** Makes the network answer with its rate limit; resolves to the promise that must reject. */
  provokeRateLimit?: () => Promise<unknown>
  /**
   * Makes another account reshare (repost, quote or boost) the post, for networks with
   * `fetchReshares`; resolves to that account's handle.
   */
  reshare?: (credentials: Credentials, postId: string) => Promise<{ handle: string }>
  /**
   * Gives the account `count` followers on the network, for networks with `fetchFollowerCount`;
   * resolves to the credentials to read them with (e.g. a LinkedIn Page the member administers).
   */
  giveFollowers?: (credentials: Credentials, count: number) => Promise<Credentials>
  /** A small image the network accepts, as bytes. */
  sampleImage?: () => Promise<DraftMedia>
  /** Tests that cannot run against this implementation, each with the reason. */
  skip?: ReadonlyArray<{ test: ContractTestName; reason: string }>
  /** Per-test timeout for tests that talk to the server. */
  timeoutMs?: number
}

export function runNetworkContract<Credentials extends object>(
  options: NetworkContractOptions<Credentials>,
): void {
  const skipped = new Map((options.skip ?? []).map((entry) => [entry.test, entry.reason]))
  for (const [test, reason] of skipped) {
    if (reason.trim() === '') throw new Error(`contract test "${test}" is skipped without a reason`)
  }
  const needs = (test: ContractTestName, hook: unknown, hookName: string) => {
    if (hook === undefined && !skipped.has(test)) {
      throw new Error(`contract test "${test}" needs options.${hookName}, or a skip with a reason`)
    }
  }
  needs('expired token', options.createExpiredCredentials, 'createExpiredCredentials')
  needs('rate limit', options.provokeRateLimit, 'provokeRateLimit')
  needs('publish an image', options.sampleImage, 'sampleImage')

  const timeout = options.timeoutMs ?? 30_000
  /** Registers a test unless the implementation skips it (the reason lives in its test file). */
  const test = (name: ContractTestName, body: () => Promise<void> | void) => {
    if (!skipped.has(name)) it(name, body, timeout)
  }
  const network = () => options.createNetwork()
  const text = (value: string): Draft => ({ parts: [{ text: value, media: [] }] })
  const unique = (label: string) => `${label} ${Date.now().toString(36)}`

  describe(`network contract: ${options.name}`, () => {
    test('capabilities', () => {
      const subject = network()
      const { capabilities } = subject
      expect(subject.specificationVersion).toBe('v1')
      expect(NETWORK_IDS).toContain(subject.id)
      expect(subject.name.length).toBeGreaterThan(0)
      expect(capabilities.text.maxLength).toBeGreaterThan(0)
      expect(capabilities.text.countText('')).toBe(0)
      expect(capabilities.text.countText('abc')).toBe(3)
      expect(capabilities.media.maxCount).toBeGreaterThanOrEqual(0)
      expect(capabilities.media.maxBytes).toBeGreaterThan(0)
      if (capabilities.media.maxCount > 0)
        expect(capabilities.media.mimeTypes.length).toBeGreaterThan(0)
      if (capabilities.altText) expect(capabilities.altText.maxLength).toBeGreaterThan(0)
      if (capabilities.threads) expect(capabilities.threads.maxParts).toBeGreaterThan(1)
      for (const metric of capabilities.metrics) expect(METRIC_NAMES).toContain(metric)
      for (const kind of capabilities.mentions) expect(MENTION_KINDS).toContain(kind)
      expect(new Set(capabilities.metrics).size).toBe(capabilities.metrics.length)
    })

    test('validate text length', () => {
      const subject = network()
      const { maxLength } = subject.capabilities.text
      expect(errors(subject.validate(text('a'.repeat(maxLength))))).toEqual([])
      const problems = errors(subject.validate(text('a'.repeat(maxLength + 1))))
      expect(problems.map((problem) => problem.code)).toEqual(['text_too_long'])
      expect(problems[0]?.message).toContain(subject.name)
      expect(problems[0]?.message).toContain(`${(maxLength + 1).toLocaleString('en-US')} / `)
      expect(errors(subject.validate(text('   ')))[0]?.code).toBe('text_empty')
    })

    test('validate media count', () => {
      const subject = network()
      const { media } = subject.capabilities
      const mimeType = media.mimeTypes[0] ?? 'image/jpeg'
      const item = { data: new Uint8Array(10), mimeType, altText: 'A red square' }
      const draft: Draft = {
        parts: [
          { text: 'Too many', media: Array.from({ length: media.maxCount + 1 }, () => item) },
        ],
      }
      const problems = errors(subject.validate(draft))
      expect(problems.map((problem) => problem.code)).toContain('too_many_media')
      if (media.maxCount > 0) {
        const fine: Draft = {
          parts: [{ text: 'Fine', media: Array.from({ length: media.maxCount }, () => item) }],
        }
        expect(errors(subject.validate(fine))).toEqual([])
      }
      const wrongType = { ...item, mimeType: 'application/x-msdownload' }
      const typeProblems = errors(subject.validate({ parts: [{ text: 'x', media: [wrongType] }] }))
      expect(typeProblems.map((problem) => problem.code)).toContain('media_type_unsupported')
    })

    test('validate alt text', () => {
      const subject = network()
      const { altText, media } = subject.capabilities
      if (media.maxCount === 0) return
      const mimeType = media.mimeTypes.find((type) => type.startsWith('image/')) ?? 'image/jpeg'
      const draft: Draft = {
        parts: [
          {
            text: 'Two images',
            media: [
              { data: new Uint8Array(10), mimeType, altText: 'Our new loaf' },
              { data: new Uint8Array(10), mimeType },
            ].slice(0, media.maxCount),
          },
        ],
      }
      const missing = subject
        .validate(draft)
        .filter((problem) => problem.code === 'alt_text_missing')
      if (altText === null) {
        expect(missing).toEqual([])
        return
      }
      if (media.maxCount < 2) return
      expect(missing).toHaveLength(1)
      expect(missing[0]?.severity).toBe(altText.required ? 'error' : 'warning')
      expect(missing[0]?.media).toBe(2)
      expect(missing[0]?.message).toBe(`${subject.name}: image 2 has no alt text`)
      const tooLong = subject.validate({
        parts: [
          {
            text: 'Long alt',
            media: [
              { data: new Uint8Array(10), mimeType, altText: 'a'.repeat(altText.maxLength + 1) },
            ],
          },
        ],
      })
      expect(errors(tooLong).map((problem) => problem.code)).toEqual(['alt_text_too_long'])
    })

    test('validate threads', () => {
      const subject = network()
      const { threads, text: textCapabilities } = subject.capabilities
      const draft: Draft = {
        parts: [
          { text: 'One', media: [] },
          { text: 'a'.repeat(textCapabilities.maxLength + 1), media: [] },
        ],
      }
      const problems = errors(subject.validate(draft))
      if (threads === null) {
        expect(problems.map((problem) => problem.code)).toContain('threads_unsupported')
        return
      }
      expect(problems).toHaveLength(1)
      expect(problems[0]).toMatchObject({ code: 'text_too_long', part: 2 })
      expect(problems[0]?.message).toContain('part 2')
      const tooMany: Draft = {
        parts: Array.from({ length: threads.maxParts + 1 }, (_, index) => ({
          text: `Part ${index + 1}`,
          media: [],
        })),
      }
      expect(errors(subject.validate(tooMany)).map((problem) => problem.code)).toEqual([
        'too_many_parts',
      ])
    })

    test('publish refuses an invalid draft', async () => {
      const subject = network()
      const credentials = await options.createCredentials()
      const tooLong = text('a'.repeat(subject.capabilities.text.maxLength + 1))
      const error = await subject.publish(credentials, tooLong).catch((caught: unknown) => caught)
      expect(NetworkError.isInstance(error)).toBe(true)
      expect(error).toMatchObject({ kind: 'content_rejected', network: subject.id })
    })

    test('publish and read back', async () => {
      const subject = network()
      const credentials = await options.createCredentials()
      const body = unique('Fresh sourdough out of the oven')
      const result = await subject.publish(credentials, text(body))
      expect(result.parts).toHaveLength(1)
      const [part] = result.parts
      expect(part?.url).toMatch(/^https?:\/\//)
      const stored = await options.readBack(credentials, part?.id ?? '')
      expect(stored).toMatchObject({ text: body, mediaCount: 0 })
      expect(stored?.replyParentId).toBeUndefined()
      const fetched = await subject.fetchPost(credentials, part?.id ?? '')
      expect(fetched).toMatchObject({ id: part?.id, text: body })
    })

    test('publish an image', async () => {
      const subject = network()
      const credentials = await options.createCredentials()
      const image = await options.sampleImage!()
      const result = await subject.publish(credentials, {
        parts: [
          { text: unique('With a picture'), media: [{ ...image, altText: 'A loaf on a board' }] },
        ],
      })
      const stored = await options.readBack(credentials, result.parts[0]?.id ?? '')
      expect(stored?.mediaCount).toBe(1)
      if (subject.capabilities.altText) expect(stored?.altTexts).toEqual(['A loaf on a board'])
    })

    test('thread linking', async () => {
      const subject = network()
      if (subject.capabilities.threads === null) return
      const credentials = await options.createCredentials()
      const label = unique('Thread')
      const draft: Draft = {
        parts: [1, 2, 3].map((number) => ({ text: `${label} ${number}/3`, media: [] })),
      }
      const result = await subject.publish(credentials, draft)
      const [first, second, third] = result.parts
      expect(result.parts).toHaveLength(3)
      const stored = await Promise.all(
        result.parts.map((part) => options.readBack(credentials, part.id)),
      )
      expect(stored.map((post) => post?.text)).toEqual(draft.parts.map((part) => part.text))
      expect(stored[0]?.replyParentId).toBeUndefined()
      expect(stored[1]).toMatchObject({ replyParentId: first?.id, replyRootId: first?.id })
      expect(stored[2]).toMatchObject({ replyParentId: second?.id, replyRootId: first?.id })
      expect(new Set([first?.id, second?.id, third?.id]).size).toBe(3)
    })

    test('reply', async () => {
      const subject = network()
      if (!subject.capabilities.replies) return
      const credentials = await options.createCredentials()
      const original = await subject.publish(credentials, text(unique('Question')))
      const originalId = original.parts[0]?.id ?? ''
      const answer = await subject.publish(credentials, {
        ...text(unique('Answer')),
        replyTo: { id: originalId },
      })
      const stored = await options.readBack(credentials, answer.parts[0]?.id ?? '')
      expect(stored).toMatchObject({ replyParentId: originalId, replyRootId: originalId })
    })

    test('delete', async () => {
      const subject = network()
      if (!subject.capabilities.delete) return
      const credentials = await options.createCredentials()
      const result = await subject.publish(credentials, text(unique('Short-lived')))
      const id = result.parts[0]?.id ?? ''
      expect(await options.readBack(credentials, id)).not.toBeNull()
      await subject.delete(credentials, id)
      expect(await options.readBack(credentials, id)).toBeNull()
      expect(await subject.fetchPost(credentials, id)).toBeNull()
    })

    test('expired token', async () => {
      const subject = network()
      const credentials = await options.createExpiredCredentials!()
      const changed: unknown[] = []
      const error = await subject
        .publish(credentials, text(unique('Never sent')), {
          onCredentialsChanged: (next) => {
            changed.push(next)
          },
        })
        .catch((caught: unknown) => caught)
      expect(NetworkError.isInstance(error)).toBe(true)
      expect(error).toMatchObject({ kind: 'auth_expired', network: subject.id })
      expect(changed).toEqual([])
    })

    test('reshares', async () => {
      const subject = network()
      // Networks that do not say who reshared have nothing to promise here.
      if (!subject.fetchReshares) return
      if (!options.reshare)
        throw new Error('contract test "reshares" needs options.reshare, or a skip with a reason')
      const credentials = await options.createCredentials()
      const { parts } = await subject.publish(credentials, text(unique('Pass it on')))
      const postId = parts[0]?.id ?? ''
      const all = async () => {
        const items: NetworkReshare[] = []
        let cursor: string | undefined
        for (let page = 0; page < 20; page++) {
          const answer = await subject.fetchReshares!(credentials, postId, {
            limit: 2,
            ...(cursor && { cursor }),
          })
          items.push(...answer.items)
          cursor = answer.cursor
          if (!cursor) break
        }
        return items
      }
      expect(await all()).toEqual([])
      const who = await options.reshare(credentials, postId)
      const items = await all()
      expect(items).toHaveLength(1)
      expect(items[0]).toMatchObject({ of: postId, author: { handle: who.handle } })
      expect(RESHARE_KINDS).toContain(items[0]?.kind)
      expect(items[0]?.id).toBeTruthy()
    })

    test('follower count', async () => {
      const subject = network()
      // Networks that never give a follower count have nothing to promise here.
      if (!subject.fetchFollowerCount) return
      if (!options.giveFollowers) {
        throw new Error(
          'contract test "follower count" needs options.giveFollowers, or a skip with a reason',
        )
      }
      const credentials = await options.giveFollowers(await options.createCredentials(), 3)
      expect(await subject.fetchFollowerCount(credentials)).toBe(3)
      const more = await options.giveFollowers(credentials, 5)
      expect(await subject.fetchFollowerCount(more)).toBe(5)
    })

    test('rate limit', async () => {
      const subject = network()
      const error = await options.provokeRateLimit!().catch((caught: unknown) => caught)
      expect(NetworkError.isInstance(error)).toBe(true)
      expect(error).toMatchObject({ kind: 'retryable', network: subject.id, status: 429 })
      const { retryAfterMs } = error as NetworkError
      expect(retryAfterMs).toBeGreaterThan(0)
      expect(retryAfterMs).toBeLessThanOrEqual(24 * 60 * 60 * 1000)
    })
  })
}

function errors<Item extends { severity: string }>(problems: Item[]): Item[] {
  return problems.filter((problem) => problem.severity === 'error')
}
