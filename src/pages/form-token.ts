import type { SecretBox } from '../security/secret-box.js'

/**
 * The join form's token: the event id and the time the form was served, sealed with the master
 * key (AES-GCM, so it is both secret and tamper-proof, and survives key rotation like every
 * sealed value). A post without a valid token for this very event, or with one older than a
 * day, is refused: nobody can post joins without first loading the page, and a form cannot be
 * replayed forever. Together with the Origin check and the honeypot field this is the form's
 * CSRF and bot defence; it needs no cookie and no JavaScript.
 */
export const FORM_TOKEN_MAX_AGE_MS = 24 * 3_600_000
/** Clock skew tolerated between processes for a token "from the future". */
const SKEW_MS = 60_000

export type FormTokenProblem = 'missing' | 'invalid' | 'expired' | 'other_event'

export function issueFormToken(secrets: SecretBox, eventId: string, now: number): string {
  return secrets.seal(JSON.stringify({ e: eventId, t: now }))
}

export function checkFormToken(
  secrets: SecretBox,
  token: string | undefined,
  eventId: string,
  now: number,
): FormTokenProblem | null {
  if (!token) return 'missing'
  let payload: { e?: unknown; t?: unknown }
  try {
    payload = JSON.parse(secrets.open(token)) as { e?: unknown; t?: unknown }
  } catch {
    return 'invalid'
  }
  if (typeof payload.e !== 'string' || typeof payload.t !== 'number') return 'invalid'
  if (payload.e !== eventId) return 'other_event'
  if (payload.t > now + SKEW_MS || now - payload.t > FORM_TOKEN_MAX_AGE_MS) return 'expired'
  return null
}
