import { createHash } from 'node:crypto'
import { AwsClient } from 'aws4fetch'
import type { MediaS3Settings } from '../../config.js'
import { MurmurError } from '../../core/errors.js'
import type { MediaBlobStream, MediaStore } from './media-store.js'

/** Long enough for a 25 MiB upload on a slow link; short enough that a dead endpoint is noticed. */
const REQUEST_TIMEOUT_MS = 120_000

/**
 * Media in an S3-compatible bucket (AWS S3, Cloudflare R2, Backblaze B2, MinIO, Garage…), spoken
 * to with signed HTTP requests (aws4fetch). Whatever S3 answers that is not the bytes becomes a
 * MurmurError `unavailable` (503) naming the setting to fix; the secret never appears in one.
 */
export class S3MediaStore implements MediaStore {
  readonly kind = 's3'
  private readonly client: AwsClient

  constructor(private readonly settings: MediaS3Settings) {
    this.client = new AwsClient({
      accessKeyId: settings.accessKeyId,
      secretAccessKey: settings.secretAccessKey,
      region: settings.region,
      service: 's3',
      // aws4fetch retries 5xx answers itself; two retries keep a failing upload short.
      retries: 2,
    })
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const response = await this.send('PUT', key, {
      body: bytes,
      headers: {
        'content-type': contentType,
        // The signed payload hash lets S3 refuse bytes damaged on the way.
        'x-amz-content-sha256': createHash('sha256').update(bytes).digest('hex'),
      },
    })
    if (!response.ok) throw await this.failure(response, 'store')
    await response.body?.cancel()
  }

  async get(key: string): Promise<Buffer | undefined> {
    const response = await this.found(await this.send('GET', key), 'read')
    return response && Buffer.from(await response.arrayBuffer())
  }

  async stream(key: string): Promise<MediaBlobStream | undefined> {
    const response = await this.found(await this.send('GET', key), 'read')
    if (!response?.body) return undefined
    return {
      body: response.body,
      sizeBytes: Number(response.headers.get('content-length') ?? 0),
    }
  }

  async delete(key: string): Promise<void> {
    const response = await this.send('DELETE', key)
    if (response.ok || (await this.isMissingKey(response))) {
      await response.body?.cancel()
      return
    }
    throw await this.failure(response, 'delete')
  }

  /** `<endpoint>/<bucket>/<prefix><key>` (path style) or `<bucket>.<endpoint host>/<prefix><key>`. */
  private objectUrl(key: string): string {
    const { endpoint, bucket, prefix, pathStyle } = this.settings
    const url = new URL(endpoint)
    const objectPath = `${prefix}${key}`.split('/').map(encodeURIComponent).join('/')
    const base = url.pathname.replace(/\/+$/, '')
    if (pathStyle) {
      url.pathname = `${base}/${encodeURIComponent(bucket)}/${objectPath}`
    } else {
      url.hostname = `${bucket}.${url.hostname}`
      url.pathname = `${base}/${objectPath}`
    }
    return url.toString()
  }

  private async send(
    method: 'GET' | 'PUT' | 'DELETE',
    key: string,
    init: { body?: Uint8Array; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    try {
      return await this.client.fetch(this.objectUrl(key), {
        method,
        ...init,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      })
    } catch (error) {
      const reason = describeCause(error)
      throw new MurmurError(
        'unavailable',
        `Media storage: the S3 endpoint ${this.settings.endpoint} could not be reached (${reason}). Check MURMUR_MEDIA_S3_ENDPOINT and that the service is up.`,
        { cause: error },
      )
    }
  }

  /** The answer when it carries the object, undefined when the key does not exist. */
  private async found(response: Response, action: string): Promise<Response | undefined> {
    if (response.ok) return response
    if (await this.isMissingKey(response)) return undefined
    throw await this.failure(response, action)
  }

  private async isMissingKey(response: Response): Promise<boolean> {
    if (response.status !== 404) return false
    return (await errorOf(response)).code === 'NoSuchKey'
  }

  private async failure(response: Response, action: string): Promise<MurmurError> {
    const { code, message } = await errorOf(response)
    const { bucket, endpoint } = this.settings
    const where = `bucket "${bucket}" at ${endpoint}`
    let advice: string
    switch (code) {
      case 'NoSuchBucket':
        advice = `The bucket does not exist: create it, or fix MURMUR_MEDIA_S3_BUCKET.`
        break
      case 'InvalidAccessKeyId':
      case 'SignatureDoesNotMatch':
      case 'InvalidToken':
      case 'ExpiredToken':
        advice =
          'S3 refused the credentials: check MURMUR_MEDIA_S3_ACCESS_KEY_ID and MURMUR_MEDIA_S3_SECRET_ACCESS_KEY.'
        break
      case 'AccessDenied':
        advice = `The credentials may not ${action} objects in this bucket: grant s3:GetObject, s3:PutObject and s3:DeleteObject.`
        break
      case 'AuthorizationHeaderMalformed':
      case 'PermanentRedirect':
        advice =
          'The bucket lives in another region or endpoint: check MURMUR_MEDIA_S3_REGION and MURMUR_MEDIA_S3_ENDPOINT.'
        break
      default:
        advice = 'Try again; if it persists, check the storage service.'
    }
    const answer = [response.status, code, message].filter(Boolean).join(' ')
    return new MurmurError(
      'unavailable',
      `Media storage: could not ${action} a file in the S3 ${where} (S3 answered ${answer}). ${advice}`,
      { details: { storage: 's3', s3_code: code ?? null, s3_status: response.status } },
    )
  }
}

/** S3's XML error document, read once per response (`<Error><Code>…</Code><Message>…</Message>`). */
const errorBodies = new WeakMap<Response, Promise<{ code?: string; message?: string }>>()

function errorOf(response: Response): Promise<{ code?: string; message?: string }> {
  let parsed = errorBodies.get(response)
  if (!parsed) {
    parsed = response.text().then(
      (xml) => ({
        ...optional('code', tag(xml, 'Code')),
        ...optional('message', tag(xml, 'Message')),
      }),
      () => ({}),
    )
    errorBodies.set(response, parsed)
  }
  return parsed
}

function tag(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]{1,500})</${name}>`).exec(xml)?.[1]?.trim()
}

function optional<K extends string>(name: K, value: string | undefined) {
  return value ? ({ [name]: value } as Record<K, string>) : {}
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause
  if (typeof cause?.code === 'string') return cause.code
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time'
  return error instanceof Error ? error.message : String(error)
}
