import { createHmac, randomBytes } from 'node:crypto'
import { invalid } from '../core/errors.js'

/**
 * Standard Webhooks (https://www.standardwebhooks.com): the secret is `whsec_` + base64 of
 * random bytes; each message is signed as HMAC-SHA256 over `{id}.{timestamp}.{body}` with the
 * decoded secret, sent as `webhook-signature: v1,<base64>`.
 */
const PREFIX = 'whsec_'

export function newWebhookSecret(): string {
  return `${PREFIX}${randomBytes(24).toString('base64')}`
}

function secretBytes(secret: string): Buffer {
  if (!secret.startsWith(PREFIX)) throw invalid('A webhook secret starts with whsec_.')
  return Buffer.from(secret.slice(PREFIX.length), 'base64')
}

export function signWebhook(
  secret: string,
  messageId: string,
  timestampSeconds: number,
  body: string,
): string {
  const signature = createHmac('sha256', secretBytes(secret))
    .update(`${messageId}.${timestampSeconds}.${body}`)
    .digest('base64')
  return `v1,${signature}`
}
