import { createHash, timingSafeEqual } from 'node:crypto'

/** Stored form of a bearer secret (session, invitation, API key): never the secret itself. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}
