import { createHash } from 'node:crypto'
import { createMiddleware } from 'hono/factory'
import { MurmurError } from '../../core/errors.js'
import type { AppEnv } from '../env.js'

const KEY = /^[\w.:-]{1,200}$/
const KEEP_MS = 24 * 3_600_000

/**
 * `Idempotency-Key` on creates: the same key with the same request replays the
 * first answer instead of creating twice; with a different request it is refused.
 */
export const idempotency = createMiddleware<AppEnv>(async (c, next) => {
  const key = c.req.header('idempotency-key')
  if (c.req.method !== 'POST' || key === undefined) return next()
  if (!KEY.test(key)) {
    throw new MurmurError(
      'bad_request',
      'Idempotency-Key must be 1-200 letters, digits, or . : _ -',
    )
  }
  const { scope } = c.var.workspace
  const murmur = c.var.murmur
  // Bytes, not text: decoding a binary upload as UTF-8 would corrupt it for the handler.
  const body = Buffer.from(await c.req.arrayBuffer())
  // A retried multipart upload gets a new boundary but is the same request.
  const boundary = /^multipart\/.*boundary="?([^";]+)"?/i.exec(c.req.header('content-type') ?? '')
  const fingerprint = createHash('sha256')
    .update(`${c.req.method} ${c.req.path}\n`)
    .update(boundary?.[1] ? body.toString('latin1').replaceAll(boundary[1], '') : body)
    .digest('base64url')
  const previous = await scope
    .selectFrom('idempotency_keys')
    .select(['fingerprint', 'status', 'body', 'created_at'])
    .where('key', '=', key)
    .executeTakeFirst()
  if (previous && previous.created_at > murmur.now() - KEEP_MS) {
    if (previous.fingerprint !== fingerprint) {
      throw new MurmurError(
        'conflict',
        'This Idempotency-Key was already used for a different request.',
      )
    }
    c.header('Idempotent-Replayed', 'true')
    return c.body(previous.body, previous.status as 200, { 'content-type': 'application/json' })
  }
  await next()
  if (c.res.status >= 500 || c.res.status === 429) return
  const answer = await c.res.clone().text()
  await scope.deleteFrom('idempotency_keys').where('key', '=', key).execute()
  await scope
    .insertInto('idempotency_keys', {
      key,
      fingerprint,
      status: c.res.status,
      body: answer,
      created_at: murmur.now(),
    })
    .execute()
    .catch(() => undefined) // a concurrent twin stored it first; either answer is right
})
