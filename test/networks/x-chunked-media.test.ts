/**
 * GIFs and video on X go through the chunked upload (INITIALIZE, APPEND segments, FINALIZE, then
 * STATUS while processing), against the X fake, which enforces the documented contract: segment
 * sizes and numbering, total size, processing before a post may use the media, 1 GIF or 1 video.
 */
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OAuthTokenManager } from '../../src/networks/oauth/index.js'
import type { Draft, DraftMedia } from '../../src/networks/spec/network-draft.js'
import { NetworkError } from '../../src/networks/spec/network-error.js'
import { createX, type XSettings } from '../../src/networks/x/index.js'
import { FakeX } from '../fakes/x/fake-x.js'
import { newXChannel, samplePng } from '../fakes/x/fake-x-channels.js'
import { MAX_SEGMENT_BYTES } from '../fakes/x/fake-x-chunked-media.js'

let fake: FakeX
let gif: Uint8Array
beforeAll(async () => {
  fake = await FakeX.start()
  gif = new Uint8Array(
    await sharp({ create: { width: 40, height: 30, channels: 3, background: '#2980b9' } })
      .gif()
      .toBuffer(),
  )
})
afterAll(async () => {
  await fake?.close()
})

function x(settings: XSettings = {}) {
  return createX({
    apiBaseUrl: fake.url,
    tokenManager: new OAuthTokenManager(),
    mediaUpload: { segmentBytes: 64, pollIntervalMs: 5 },
    ...settings,
  })
}

/** Bytes that start like an MP4 (X's fake does not decode video). */
function fakeMp4(size: number): Uint8Array {
  const bytes = new Uint8Array(size)
  bytes.set([0, 0, 0, 0x18, ...Buffer.from('ftypmp42')])
  for (let index = 12; index < size; index++) bytes[index] = index % 251
  return bytes
}

const unique = (label: string) => `${label} ${Math.random().toString(36).slice(2, 8)}`
const post = (text: string, media: DraftMedia[]): Draft => ({ parts: [{ text, media }] })
const calls = (pattern: RegExp, since: number) =>
  fake.server.log.slice(since).filter((entry) => pattern.test(`${entry.method} ${entry.path}`))

async function failure(promise: Promise<unknown>): Promise<NetworkError> {
  const error = await promise.catch((caught: unknown) => caught)
  if (!NetworkError.isInstance(error))
    throw new Error(`expected a NetworkError, got ${String(error)}`)
  return error
}

describe('X GIF and video uploads', () => {
  it('a GIF goes up in numbered segments, is polled until processed, then posted with alt text', async () => {
    const credentials = newXChannel(fake)
    const since = fake.server.log.length
    const result = await x().publish(
      credentials,
      post(unique('Our window, animated'), [
        { data: gif, mimeType: 'image/gif', altText: 'Snow falling on the bakery window' },
      ]),
    )
    const segments = Math.ceil(gif.byteLength / 64)
    expect(segments).toBeGreaterThan(1)
    expect(calls(/^POST \/2\/media\/upload\/initialize$/, since)).toHaveLength(1)
    expect(calls(/^POST \/2\/media\/upload\/\d+\/append$/, since)).toHaveLength(segments)
    expect(calls(/^POST \/2\/media\/upload\/\d+\/finalize$/, since)).toHaveLength(1)
    // The fake answers "in_progress" twice before "succeeded".
    expect(calls(/^GET \/2\/media\/upload$/, since)).toHaveLength(3)
    const tweet = fake.state.tweets.get(result.parts[0]?.id ?? '')
    expect(tweet?.mediaIds).toHaveLength(1)
    const media = fake.state.media.get(tweet?.mediaIds[0] ?? '')
    expect(media).toMatchObject({
      mimeType: 'image/gif',
      size: gif.byteLength,
      altText: 'Snow falling on the bakery window',
      processing: { state: 'succeeded' },
    })
  })

  it('a video is uploaded the same way (category tweet_video), without alt text', async () => {
    const credentials = newXChannel(fake)
    const video = fakeMp4(1000)
    const since = fake.server.log.length
    const result = await x({ mediaUpload: { segmentBytes: 300, pollIntervalMs: 5 } }).publish(
      credentials,
      post(unique('Behind the counter'), [{ data: video, mimeType: 'video/mp4', altText: 'x' }]),
    )
    expect(calls(/^POST \/2\/media\/upload\/\d+\/append$/, since)).toHaveLength(4)
    expect(calls(/^POST \/2\/media\/metadata$/, since)).toHaveLength(0)
    const tweet = fake.state.tweets.get(result.parts[0]?.id ?? '')
    expect(fake.state.media.get(tweet?.mediaIds[0] ?? '')).toMatchObject({
      mimeType: 'video/mp4',
      size: 1000,
    })
  })

  it('a video X cannot process fails with X’s reason, and nothing is posted', async () => {
    const credentials = newXChannel(fake)
    fake.state.mediaProcessing = { polls: 1, outcome: 'failed' }
    try {
      const before = fake.state.tweets.size
      const error = await failure(
        x().publish(
          credentials,
          post(unique('Broken clip'), [{ data: fakeMp4(200), mimeType: 'video/mp4' }]),
        ),
      )
      expect(error.kind).toBe('content_rejected')
      expect(error.message).toBe('X could not process video 1: Unsupported video format')
      expect(fake.state.tweets.size).toBe(before)
    } finally {
      fake.state.mediaProcessing = { polls: 2, outcome: 'succeeded' }
    }
  })

  it('validation: a GIF or video goes alone, and each kind has its own size limit', async () => {
    const png = await samplePng()
    const problems = x().validate(
      post('Mixed', [
        { data: gif, mimeType: 'image/gif', altText: 'a' },
        { data: png, mimeType: 'image/png', altText: 'b' },
      ]),
    )
    expect(problems.map((problem) => problem.message)).toContain(
      'X: the post has a GIF or video with other media; X takes up to 4 photos, or 1 GIF, or 1 video',
    )
    const bigImage = new Uint8Array(5 * 1024 * 1024 + 1)
    const bigGif = new Uint8Array(15 * 1024 * 1024 + 1)
    expect(
      x().validate(post('Big', [{ data: bigImage, mimeType: 'image/png', altText: 'a' }])),
    ).toContainEqual(
      expect.objectContaining({
        code: 'media_too_large',
        message: 'X: image 1 is 5.0 MB; X takes images up to 5.0 MB',
      }),
    )
    expect(
      x().validate(post('Big', [{ data: bigGif, mimeType: 'image/gif', altText: 'a' }])),
    ).toContainEqual(
      expect.objectContaining({
        code: 'media_too_large',
        message: expect.stringMatching(/^X: GIF 1 is 15\.0 MB; X takes GIFs up to 15\.0 MB$/),
      }),
    )
    expect(
      x().validate(post('Clip', [{ data: fakeMp4(5 * 1024 * 1024 + 1), mimeType: 'video/mp4' }])),
    ).toEqual([])
  })
})

describe('the X fake enforces the chunked upload contract', () => {
  const api = async (
    token: string,
    method: string,
    path: string,
    body?: string | FormData,
    json = false,
  ) => {
    const response = await fetch(`${fake.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(json && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body }),
    })
    // biome-ignore lint/suspicious/noExplicitAny: tests read whatever came back
    const answer = (await response.json()) as any
    return { status: response.status, body: answer }
  }
  const init = async (token: string, totalBytes: number, category = 'tweet_video') => {
    const answer = await api(
      token,
      'POST',
      '/2/media/upload/initialize',
      JSON.stringify({
        media_type: 'video/mp4',
        total_bytes: totalBytes,
        media_category: category,
      }),
      true,
    )
    expect(answer.status).toBe(200)
    return String(answer.body.data.id)
  }
  const append = (token: string, id: string, index: number | string, bytes: Uint8Array) => {
    const form = new FormData()
    form.append('media', new Blob([bytes as Uint8Array<ArrayBuffer>]))
    form.append('segment_index', String(index))
    return api(token, 'POST', `/2/media/upload/${id}/append`, form)
  }

  it('refuses segments over 5 MB, indexes outside 0–999, gaps and size mismatches', async () => {
    const { accessToken } = newXChannel(fake)
    const id = await init(accessToken, 300)
    expect((await append(accessToken, id, 0, new Uint8Array(MAX_SEGMENT_BYTES + 1))).status).toBe(
      400,
    )
    expect((await append(accessToken, id, 1000, new Uint8Array(10))).status).toBe(400)
    expect((await append(accessToken, id, -1, new Uint8Array(10))).status).toBe(400)
    expect((await append(accessToken, id, 0, new Uint8Array(100))).status).toBe(200)
    expect((await append(accessToken, id, 2, new Uint8Array(200))).status).toBe(200)
    const gap = await api(accessToken, 'POST', `/2/media/upload/${id}/finalize`)
    expect(gap.status).toBe(400)
    expect(gap.body.detail).toMatch(/without gaps; received \[0,2\]/)
    expect((await append(accessToken, id, 1, new Uint8Array(50))).status).toBe(200)
    const short = await api(accessToken, 'POST', `/2/media/upload/${id}/finalize`)
    expect(short.status).toBe(400)
    expect(short.body.detail).toMatch(/total_bytes was 300, received 350/)
  })

  it('refuses a GIF category for a video, files over the limit, and someone else’s upload', async () => {
    const owner = newXChannel(fake)
    const stranger = newXChannel(fake)
    const wrongType = await api(
      owner.accessToken,
      'POST',
      '/2/media/upload/initialize',
      JSON.stringify({ media_type: 'video/mp4', total_bytes: 10, media_category: 'tweet_gif' }),
      true,
    )
    expect(wrongType.status).toBe(400)
    const tooBig = await api(
      owner.accessToken,
      'POST',
      '/2/media/upload/initialize',
      JSON.stringify({
        media_type: 'image/gif',
        total_bytes: 15 * 1024 * 1024 + 1,
        media_category: 'tweet_gif',
      }),
      true,
    )
    expect(tooBig.status).toBe(400)
    const id = await init(owner.accessToken, 10)
    expect((await append(stranger.accessToken, id, 0, new Uint8Array(10))).status).toBe(400)
  })

  it('a post may not use a video still processing, nor a video with photos', async () => {
    const { accessToken } = newXChannel(fake)
    const id = await init(accessToken, 10)
    await append(accessToken, id, 0, new Uint8Array(10))
    const finalized = await api(accessToken, 'POST', `/2/media/upload/${id}/finalize`)
    expect(finalized.body.data.processing_info).toEqual({
      state: 'pending',
      check_after_secs: 1,
      progress_percent: 0,
    })
    const tweet = (mediaIds: string[]) =>
      api(
        accessToken,
        'POST',
        '/2/tweets',
        JSON.stringify({ text: unique('clip'), media: { media_ids: mediaIds } }),
        true,
      )
    expect((await tweet([id])).status).toBe(400)
    for (let poll = 0; poll < 3; poll++) {
      await api(accessToken, 'GET', `/2/media/upload?command=STATUS&media_id=${id}`)
    }
    const form = new FormData()
    form.append('media', new Blob([(await samplePng()) as Uint8Array<ArrayBuffer>]))
    form.append('media_category', 'tweet_image')
    const photo = await api(accessToken, 'POST', '/2/media/upload', form)
    expect((await tweet([id, String(photo.body.data.id)])).status).toBe(400)
    expect((await tweet([id])).status).toBe(201)
  })
})
