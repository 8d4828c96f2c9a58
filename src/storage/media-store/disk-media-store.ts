import { createReadStream } from 'node:fs'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { Readable } from 'node:stream'
import type { MediaBlobStream, MediaStore } from './media-store.js'

const isMissing = (error: unknown) => (error as { code?: unknown }).code === 'ENOENT'

/** Media files under the data folder (the default): `<data>/media/<workspace>/<id>.<ext>`. */
export class DiskMediaStore implements MediaStore {
  readonly kind = 'disk'

  constructor(private readonly root: string) {}

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const file = join(this.root, key)
    await mkdir(dirname(file), { recursive: true })
    // Written aside then renamed, so a reader never sees half a file.
    const temporary = `${file}.${process.pid}.tmp`
    await writeFile(temporary, bytes)
    await rename(temporary, file)
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(join(this.root, key))
    } catch (error) {
      if (isMissing(error)) return undefined
      throw error
    }
  }

  async stream(key: string): Promise<MediaBlobStream | undefined> {
    const file = join(this.root, key)
    const found = await stat(file).catch((error: unknown) => {
      if (isMissing(error)) return undefined
      throw error
    })
    if (!found) return undefined
    return {
      body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
      sizeBytes: found.size,
    }
  }

  async delete(key: string): Promise<void> {
    await rm(join(this.root, key), { force: true })
  }
}
