import { randomBytes } from 'node:crypto'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { prepareImage } from './bluesky-images.js'

const limits = { maxBytes: 1_000_000, maxDimension: 2000 }

describe('prepareImage', () => {
  it('shrinks an incompressible photo under the byte limit, keeping its aspect ratio', async () => {
    const width = 2400
    const height = 1350
    const noise = await sharp(randomBytes(width * height * 3), {
      raw: { width, height, channels: 3 },
    })
      .png()
      .toBuffer()
    const prepared = await prepareImage(noise, limits)
    expect(prepared.mimeType).toBe('image/jpeg')
    expect(prepared.data.byteLength).toBeLessThanOrEqual(limits.maxBytes)
    expect(Math.max(prepared.width, prepared.height)).toBeLessThanOrEqual(2000)
    expect(prepared.width / prepared.height).toBeCloseTo(width / height, 2)
    const decoded = await sharp(prepared.data).metadata()
    expect([decoded.width, decoded.height]).toEqual([prepared.width, prepared.height])
  }, 90_000)

  it('keeps small images at their size, applies EXIF rotation and drops metadata', async () => {
    const photo = await sharp({
      create: { width: 300, height: 200, channels: 3, background: '#f1c40f' },
    })
      .jpeg()
      .withMetadata({ orientation: 8 })
      .toBuffer()
    const prepared = await prepareImage(photo, limits)
    expect([prepared.width, prepared.height]).toEqual([200, 300])
    const decoded = await sharp(prepared.data).metadata()
    expect(decoded.exif).toBeUndefined()
    expect(decoded.orientation).toBeUndefined()
  })

  it('keeps transparency as PNG', async () => {
    const logo = await sharp({
      create: { width: 120, height: 60, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer()
    const prepared = await prepareImage(logo, limits)
    expect(prepared).toMatchObject({
      mimeType: 'image/png',
      width: 120,
      height: 60,
      wasAnimated: false,
    })
  })

  it('takes the first frame of an animated GIF and says so', async () => {
    const frames = await sharp({
      create: { width: 40, height: 40 * 3, channels: 3, background: '#8e44ad' },
    })
      .gif()
      .toBuffer()
    const animated = await sharp(frames, { raw: undefined }).gif({ loop: 0 }).toBuffer()
    const multiPage = await sharp(animated).metadata()
    const prepared = await prepareImage(animated, limits)
    expect(prepared.wasAnimated).toBe((multiPage.pages ?? 1) > 1)
  })

  it('refuses bytes that are not an image', async () => {
    await expect(prepareImage(new TextEncoder().encode('not an image'), limits)).rejects.toThrow()
  })
})
