/**
 * A real S3-compatible server for tests (s3rver, from npm): objects on a temporary disk, AWS
 * Signature V4 checked against its one account (S3RVER / S3RVER), port chosen by the system.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig, type MediaS3Settings } from '../../src/config.js'

interface S3rverInstance {
  run(): Promise<{ port: number }>
  close(): Promise<void>
}
type S3rverClass = new (options: {
  port: number
  address: string
  silent: boolean
  directory: string
  configureBuckets: Array<{ name: string }>
}) => S3rverInstance

const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass

export const S3_ACCESS_KEY_ID = 'S3RVER'
export const S3_SECRET_ACCESS_KEY = 'S3RVER'

export interface TestS3 {
  endpoint: string
  bucket: string
  /** Settings as MURMUR_MEDIA_S3_* would give them, with a fresh key prefix unless told. */
  settings(env?: Record<string, string>): MediaS3Settings
  close(): Promise<void>
}

export async function startTestS3(bucket = 'murmur-media'): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'murmur-s3-'))
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  })
  const { port } = await server.run()
  const endpoint = `http://127.0.0.1:${port}`
  return {
    endpoint,
    bucket,
    settings(env = {}) {
      const settings = loadConfig({
        MURMUR_MEDIA_S3_BUCKET: bucket,
        MURMUR_MEDIA_S3_ENDPOINT: endpoint,
        MURMUR_MEDIA_S3_ACCESS_KEY_ID: S3_ACCESS_KEY_ID,
        MURMUR_MEDIA_S3_SECRET_ACCESS_KEY: S3_SECRET_ACCESS_KEY,
        MURMUR_MEDIA_S3_PATH_STYLE: 'true',
        MURMUR_MEDIA_S3_PREFIX: `run-${Math.random().toString(36).slice(2, 10)}`,
        ...env,
      }).mediaS3
      if (!settings) throw new Error('no S3 settings')
      return settings
    },
    async close() {
      await server.close()
      rmSync(directory, { recursive: true, force: true })
    },
  }
}
