import { describe, expect, it } from 'vitest'
import {
  isMetaMissingObject,
  metaFailureFromBody,
  parseMetaErrorBody,
  plainMetaReason,
} from './meta-graph-error.js'

const error = (body: Record<string, unknown>) =>
  JSON.stringify({ error: { type: 'OAuthException', fbtrace_id: 'x', ...body } })
const classify = (
  status: number,
  body: string,
  headers: Record<string, string> = {},
  action: 'post' | 'image' = 'post',
) =>
  metaFailureFromBody(status, new Headers(headers), body, {
    network: 'facebook',
    action,
    idempotent: false,
    account: 'the Page Corner Bakery',
  })

describe('Meta errors in one sentence', () => {
  it('says what Facebook refused, with the code', () => {
    const duplicate = classify(
      400,
      error({ message: '(#506) Duplicate status message', code: 506 }),
    )
    expect(duplicate).toMatchObject({ kind: 'content_rejected', status: 400, code: '506' })
    expect(duplicate.message).toBe('Facebook refused the post: duplicate status (506)')
    expect(
      classify(400, error({ message: '(#100) Param message must be a string.', code: 100 }))
        .message,
    ).toBe('Facebook refused the post: param message must be a string (100)')
    expect(
      classify(
        400,
        error({ message: 'Media download has failed', code: 9004, error_subcode: 2207052 }),
        {},
        'image',
      ).message,
    ).toBe(
      "Facebook refused the image: the media could not be downloaded from Murmur's public address (2207052)",
    )
  })

  it('prefers the user-facing message Meta wrote for people', () => {
    expect(
      plainMetaReason({ code: 100, message: '(#100) x', userMessage: 'The caption is too long.' }),
    ).toBe('The caption is too long. (100)')
  })

  it.each([4, 17, 32, 613, 80001, 80002])(
    'makes throttle code %i retryable, whatever the HTTP status',
    (code) => {
      for (const status of [400, 403]) {
        const failure = classify(status, error({ message: 'limit', code, is_transient: true }))
        expect(failure).toMatchObject({ kind: 'retryable', status, code: String(code) })
        expect(failure.retryAfterMs).toBeGreaterThan(0)
        expect(failure.message).toMatch(
          new RegExp(`^Facebook: .+ \\(${code}\\); Murmur tries again in \\d+ minutes$`),
        )
      }
    },
  )

  it('takes the wait from estimated_time_to_regain_access', () => {
    const failure = classify(400, error({ message: 'too many calls', code: 80001 }), {
      'x-business-use-case-usage':
        '{"1":[{"type":"pages","call_count":100,"estimated_time_to_regain_access":7}]}',
    })
    expect(failure.retryAfterMs).toBe(7 * 60_000)
    expect(failure.message).toBe(
      'Facebook: the Page Corner Bakery used up its request budget (80001); Murmur tries again in 7 minutes',
    )
  })

  it('turns token errors (190) into needs reconnect, naming the reason', () => {
    const failure = classify(
      400,
      error({ message: 'Error validating access token', code: 190, error_subcode: 460 }),
    )
    expect(failure).toMatchObject({ kind: 'auth_expired', code: '190/460' })
    expect(failure.reason).toMatch(/^needs reconnect/)
    expect(failure.message).toBe(
      'Facebook: the connection to the Page Corner Bakery expired or was revoked (the password was changed); the channel needs reconnect',
    )
  })

  it('asks to reconnect with every permission for permission errors (200-299)', () => {
    const failure = classify(
      403,
      error({ message: "(#200) The user hasn't authorized the application", code: 200 }),
    )
    expect(failure.kind).toBe('auth_expired')
    expect(failure.message).toMatch(
      /reconnect the channel and grant every permission Murmur asks for$/,
    )
  })

  it('retries transient errors and 5xx, and refuses policy blocks', () => {
    expect(
      classify(500, error({ message: 'An unexpected error', code: 2, is_transient: true })).kind,
    ).toBe('retryable')
    expect(classify(400, error({ message: 'Temporary', code: 1, is_transient: true })).kind).toBe(
      'retryable',
    )
    const blocked = classify(400, error({ message: 'blocked', code: 368 }))
    expect(blocked.message).toBe(
      "Facebook refused the post: Meta's policies block this account from posting for now (368)",
    )
  })

  it('recognises a missing object (100/33)', () => {
    expect(
      isMetaMissingObject(
        classify(400, error({ message: 'Unsupported get request', code: 100, error_subcode: 33 })),
      ),
    ).toBe(true)
    expect(isMetaMissingObject(classify(400, error({ message: 'bad', code: 100 })))).toBe(false)
  })

  it("reads api.instagram.com's OAuth error shape", () => {
    expect(
      parseMetaErrorBody(
        '{"error_type":"OAuthException","code":400,"error_message":"Invalid authorization code"}',
      ),
    ).toEqual({
      message: 'Invalid authorization code',
      type: 'OAuthException',
      code: 400,
    })
  })
})
