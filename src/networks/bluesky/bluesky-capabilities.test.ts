import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Draft, DraftMedia } from '../spec/network-draft.js'
import { validateBlueskyDraft } from './bluesky-capabilities.js'

const image = (altText?: string): DraftMedia => ({
  data: new Uint8Array(100),
  mimeType: 'image/jpeg',
  ...(altText !== undefined && { altText }),
})
const post = (text: string, media: DraftMedia[] = []): Draft => ({ parts: [{ text, media }] })
const messages = (draft: Draft) => validateBlueskyDraft(draft).map((problem) => problem.message)

describe('validateBlueskyDraft', () => {
  it('accepts a normal post', () => {
    expect(validateBlueskyDraft(post('Fresh bread today', [image('A loaf')]))).toEqual([])
  })

  it('counts graphemes, so 300 family emoji fit the count but not the byte limit', () => {
    expect(messages(post('a'.repeat(312)))).toEqual(['Bluesky: text is 312 / 300 characters'])
    expect(messages(post('é'.repeat(300)))).toEqual([])
    expect(messages(post('👨‍👩‍👧‍👦'.repeat(300)))).toEqual([
      'Bluesky: text is 7,500 / 3,000 bytes (long emoji sequences count extra)',
    ])
  })

  it('says where each problem is in a thread', () => {
    const draft: Draft = {
      parts: [
        { text: 'Part one', media: [image('ok')] },
        { text: 'b'.repeat(301), media: [image(), image('fine'), image(' ')] },
      ],
      firstComment: 'c'.repeat(305),
    }
    expect(validateBlueskyDraft(draft)).toEqual([
      {
        severity: 'error',
        code: 'text_too_long',
        message: 'Bluesky: text in part 2 is 301 / 300 characters',
        part: 2,
      },
      {
        severity: 'warning',
        code: 'alt_text_missing',
        message: 'Bluesky: image 1 in part 2 has no alt text',
        part: 2,
        media: 1,
      },
      {
        severity: 'warning',
        code: 'alt_text_missing',
        message: 'Bluesky: image 3 in part 2 has no alt text',
        part: 2,
        media: 3,
      },
      {
        severity: 'error',
        code: 'text_too_long',
        message: 'Bluesky: first comment is 305 / 300 characters',
        firstComment: true,
      },
    ])
  })

  it('refuses more than 4 images, videos, oversized files and empty posts', () => {
    expect(
      messages(
        post(
          'Five',
          [1, 2, 3, 4, 5].map(() => image('x')),
        ),
      ),
    ).toEqual([
      'Bluesky: part 1 has 5 attachments; Bluesky takes at most 4'.replace('part 1', 'the post'),
    ])
    expect(
      messages(post('Clip', [{ data: new Uint8Array(10), mimeType: 'video/mp4', altText: 'x' }])),
    ).toEqual([
      'Bluesky: video 1 is video/mp4; accepted: image/jpeg, image/png, image/webp, image/gif',
    ])
    expect(
      messages(
        post('Huge', [{ data: new Uint8Array(26_000_000), mimeType: 'image/png', altText: 'x' }]),
      ),
    ).toEqual(['Bluesky: image 1 is 26.0 MB; at most 25.0 MB'])
    expect(messages(post('  '))).toEqual(['Bluesky: the post has no text and no media'])
    expect(messages({ parts: [] })).toEqual(['Bluesky: the post is empty'])
    expect(messages(post('', [image('Just a picture')]))).toEqual([])
  })

  it('never reports an error for any text within 300 graphemes and 3000 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }), (text) => {
        const problems = validateBlueskyDraft(post(`x${text}`.slice(0, 300)))
        const bytes = Buffer.byteLength(`x${text}`.slice(0, 300))
        if (bytes <= 3000)
          expect(problems.filter((problem) => problem.severity === 'error')).toEqual([])
      }),
    )
  })
})
