import type { DraftMedia } from '../spec/network-draft.js'
import { NetworkError } from '../spec/network-error.js'
import type { XClient } from './x-client.js'

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
  place: { part?: number; partCount: number; media: number },
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
      message: `X: image ${place.media}${place.part && place.partCount > 1 ? ` in part ${place.part}` : ''} was uploaded but X returned no media id`,
    })
  }
  const altText = media.altText?.trim()
  if (altText) {
    await client.request({
      method: 'POST',
      path: '/2/media/metadata',
      json: { id, metadata: { alt_text: { text: altText } } },
      action: 'alt text',
      idempotent: true,
    })
  }
  return id
}
