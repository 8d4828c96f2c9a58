import sharp from 'sharp'

export interface ImageLimits {
  /** Largest blob to upload, in bytes. */
  maxBytes: number
  /** Longest side, in pixels. */
  maxDimension: number
}

export interface PreparedImage {
  data: Uint8Array
  mimeType: 'image/jpeg' | 'image/png'
  width: number
  height: number
  /** More than one frame in the input: only the first is posted. */
  wasAnimated: boolean
}

/** Sizes tried in turn, as a share of the longest side, with the JPEG quality used at each. */
const ATTEMPTS: ReadonlyArray<{ scale: number; quality: number }> = [
  { scale: 1, quality: 90 },
  { scale: 1, quality: 80 },
  { scale: 1, quality: 70 },
  { scale: 0.8, quality: 75 },
  { scale: 0.65, quality: 75 },
  { scale: 0.5, quality: 75 },
  { scale: 0.35, quality: 70 },
  { scale: 0.25, quality: 70 },
  { scale: 0.15, quality: 70 },
]

/**
 * Re-encodes an image for Bluesky: applies the EXIF orientation, drops metadata (location!), fits
 * it inside `maxDimension` keeping the aspect ratio, and shrinks it until it fits `maxBytes`.
 * Images with transparency stay PNG while that fits; everything else becomes JPEG.
 */
export async function prepareImage(input: Uint8Array, limits: ImageLimits): Promise<PreparedImage> {
  const metadata = await sharp(input).metadata()
  const longestSide = Math.min(
    limits.maxDimension,
    Math.max(metadata.width ?? limits.maxDimension, metadata.height ?? limits.maxDimension),
  )
  const wasAnimated = (metadata.pages ?? 1) > 1
  const resized = (scale: number) =>
    sharp(input)
      .rotate()
      .resize({
        width: Math.max(1, Math.round(longestSide * scale)),
        height: Math.max(1, Math.round(longestSide * scale)),
        fit: 'inside',
        withoutEnlargement: true,
      })

  if (metadata.hasAlpha) {
    for (const scale of [1, 0.8, 0.6]) {
      const { data, info } = await resized(scale)
        .png({ compressionLevel: 9 })
        .toBuffer({ resolveWithObject: true })
      if (data.byteLength <= limits.maxBytes) {
        return { data, mimeType: 'image/png', width: info.width, height: info.height, wasAnimated }
      }
    }
  }
  for (const { scale, quality } of ATTEMPTS) {
    const { data, info } = await resized(scale)
      .flatten({ background: '#ffffff' })
      .jpeg({ quality, mozjpeg: true })
      .toBuffer({ resolveWithObject: true })
    if (data.byteLength <= limits.maxBytes) {
      return { data, mimeType: 'image/jpeg', width: info.width, height: info.height, wasAnimated }
    }
  }
  throw new Error(`could not fit the image into ${limits.maxBytes} bytes`)
}
