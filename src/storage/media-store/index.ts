import type { Config } from '../../config.js'
import { MurmurError } from '../../core/errors.js'
import { DiskMediaStore } from './disk-media-store.js'
import type { MediaStorageKind, MediaStore } from './media-store.js'
import { S3MediaStore } from './s3-media-store.js'

export type { MediaBlobStream, MediaStorageKind, MediaStore } from './media-store.js'

/** The stores of one process: new uploads go to `current`; older rows may name the other one. */
export interface MediaStores {
  current: MediaStore
  /** The store a row names (`media.storage`). */
  of(kind: string): MediaStore
}

const built = new WeakMap<Config, MediaStores>()

export function mediaStores(config: Config): MediaStores {
  let stores = built.get(config)
  if (!stores) {
    const disk = new DiskMediaStore(config.dataDir)
    const settings = config.mediaS3
    const s3 = settings && new S3MediaStore(settings)
    const byKind: Partial<Record<MediaStorageKind, MediaStore>> = { disk, ...(s3 && { s3 }) }
    stores = {
      current: config.mediaStorage === 's3' && s3 ? s3 : disk,
      of(kind) {
        const store = byKind[kind as MediaStorageKind]
        if (store) return store
        throw new MurmurError(
          'unavailable',
          kind === 's3'
            ? 'This media is stored in S3, but S3 media storage is not configured: set MURMUR_MEDIA_S3_BUCKET and its credentials again (docs/configuration.md).'
            : `This media is in a storage Murmur does not know ("${kind}").`,
        )
      },
    }
    built.set(config, stores)
  }
  return stores
}
