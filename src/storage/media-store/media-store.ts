/**
 * Where media bytes live. The media library keeps its rows in the database and the bytes (the
 * upload and its thumbnail) in a blob store: files under the data folder by default, or an
 * S3-compatible bucket (docs/configuration.md, "Media storage"). Keys are relative paths such as
 * `media/<workspace>/<media id>.jpg`; every row records which store holds its bytes.
 */
export type MediaStorageKind = 'disk' | 's3'

export interface MediaBlobStream {
  body: ReadableStream<Uint8Array>
  sizeBytes: number
}

export interface MediaStore {
  readonly kind: MediaStorageKind
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>
  /** The bytes, or undefined when nothing is stored under the key. */
  get(key: string): Promise<Buffer | undefined>
  /** The bytes as a stream with their size, or undefined when nothing is stored under the key. */
  stream(key: string): Promise<MediaBlobStream | undefined>
  /** Removes the bytes; removing what is already gone is not an error. */
  delete(key: string): Promise<void>
}
