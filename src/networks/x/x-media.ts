import type { DraftMedia } from '../spec/network-draft.js'
import { NetworkError } from '../spec/network-error.js'
import { chunkedCategory, uploadXChunked, type XChunkedUploadOptions } from './x-chunked-upload.js'
import type { XClient } from './x-client.js'

type Place = { part?: number; partCount: number; media: number }

const describePlace = (kind: string, place: Place) =>
  `${kind} ${place.media}${place.part && place.partCount > 1 ? ` in part ${place.part}` : ''}`

/**
 * Uploads one attachment the way X wants it: images in one request, GIFs and video in chunks
 * (then waits for X to process them); images and GIFs then get their alt text.
 */
export async function uploadXMedia(
  client: XClient,
  media: DraftMedia,
  place: Place,
  options: XChunkedUploadOptions = {},
): Promise<string> {
  const category = chunkedCategory(media.mimeType)
  if (!category) return uploadXImage(client, media, place)
  const kind = category === 'tweet_gif' ? 'GIF' : 'video'
  const id = await uploadXChunked(client, media, describePlace(kind, place), options)
  // X takes alt text for images and GIFs; videos carry subtitles instead.
  if (category === 'tweet_gif') await setXAltText(client, id, media.altText)
  return id
}

interface MediaUploadAnswer {
  data?: { id?: unknown; media_key?: unknown }
}

/**
 * Uploads one image with the one-shot `POST /2/media/upload` (multipart, `tweet_image`), then sets
 * its alt text with `POST /2/media/metadata`. Both are safe to repeat: an unused media id expires
 * after 24 hours.
 */
export async function uploadXImage(
  client: XClient,
  media: DraftMedia,
  place: Place,
): Promise<string> {
  const form = new FormData()
  form.append('media', new Blob([media.data as Uint8Array<ArrayBuffer>], { type: media.mimeType }))
  form.append('media_category', 'tweet_image')
  form.append('media_type', media.mimeType)
  const { body } = await client.request<MediaUploadAnswer>({
    method: 'POST',
    path: '/2/media/upload',
    form,
    action: 'image',
    idempotent: true,
  })
  const id = body.data?.id
  if (typeof id !== 'string' || id === '') {
    throw new NetworkError({
      network: 'x',
      kind: 'retryable',
      message: `X: ${describePlace('image', place)} was uploaded but X returned no media id`,
    })
  }
  await setXAltText(client, id, media.altText)
  return id
}

async function setXAltText(client: XClient, id: string, text: string | undefined): Promise<void> {
  const altText = text?.trim()
  if (!altText) return
  await client.request({
    method: 'POST',
    path: '/2/media/metadata',
    json: { id, metadata: { alt_text: { text: altText } } },
    action: 'alt text',
    idempotent: true,
  })
}
