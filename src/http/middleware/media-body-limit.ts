import type { Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { Config } from '../../config.js'
import { MurmurError } from '../../core/errors.js'

const UPLOAD_PATH = /^\/api\/v1\/workspaces\/[^/]+\/media\/?$/
/** Room for multipart framing and the form's other fields. */
const FRAMING_BYTES = 64 * 1024

/** `POST …/media`: the one API request whose body may exceed MURMUR_BODY_LIMIT. */
export const isMediaUpload = (c: Context) => c.req.method === 'POST' && UPLOAD_PATH.test(c.req.path)

/**
 * Uploads take MURMUR_MEDIA_MAX_BYTES, plus a third for base64 JSON and the multipart framing.
 * The exact file size is checked again once the file is read (services/media.ts).
 */
export function mediaUploadBodyLimit(config: Pick<Config, 'mediaMaxBytes'>) {
  const maxSize = Math.ceil((config.mediaMaxBytes * 4) / 3) + FRAMING_BYTES
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new MurmurError(
        'payload_too_large',
        `The upload is larger than ${(config.mediaMaxBytes / 1024 / 1024).toFixed(1)} MiB (MURMUR_MEDIA_MAX_BYTES).`,
      )
    },
  })
}
