import type { Context } from 'hono'
import { stripControls } from '../pages/control-chars.js'
import type { JoinFormState } from '../pages/event-page.js'

/** The join form is a few short fields; anything bigger is not a person filling it in. */
export const FORM_MAX_BYTES = 16 * 1024

export type FormBody = URLSearchParams | 'wrong type' | 'too large'

/** The form's fields, read from an application/x-www-form-urlencoded body of at most `max` bytes. */
export async function readForm(c: Context, max = FORM_MAX_BYTES): Promise<FormBody> {
  const type = c.req.header('content-type') ?? ''
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) return 'wrong type'
  const declared = Number(c.req.header('content-length') ?? '0')
  if (declared > max) return 'too large'
  const body = c.req.raw.body
  if (!body) return new URLSearchParams()
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel().catch(() => undefined)
      return 'too large'
    }
    chunks.push(value)
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
}

/**
 * Whether a browser says the post comes from another site: `Sec-Fetch-Site: cross-site`, or an
 * Origin whose host is not this one. Browsers send one or the other on every form post, so a
 * page elsewhere cannot make a visitor join without them seeing the form.
 */
export function isCrossSite(c: Context): boolean {
  if (c.req.header('sec-fetch-site') === 'cross-site') return true
  const origin = c.req.header('origin')
  if (!origin || origin === 'null') return false
  try {
    return new URL(origin).host !== c.req.header('host')
  } catch {
    return true
  }
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/
/** Zero-width and direction-changing characters: invisible, and used to disguise names. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g
const clean = (value: string | null) => stripControls(value ?? '').replace(INVISIBLE, '')

/** The visitor's answers, checked; errors are said in plain words, one per field. */
export function checkJoinForm(form: URLSearchParams): JoinFormState {
  const name = clean(form.get('name')).replace(/\s+/g, ' ').trim()
  const email = clean(form.get('email')).trim()
  const consent = form.get('consent') === 'yes'
  const errors: Record<string, string> = {}
  if (!name) errors.name = 'Please enter your name.'
  else if ([...name].length > 120) errors.name = 'Please shorten your name to 120 characters.'
  if (!email) errors.email = 'Please enter your email address.'
  else if (email.length > 254 || !EMAIL.test(email))
    errors.email =
      'This does not look like an email address; please check it (e.g. sam@example.com).'
  if (!consent) errors.consent = 'Please tick the box so we may keep your place.'
  return {
    name: [...name].slice(0, 120).join(''),
    email: email.slice(0, 254),
    consent,
    errors,
  }
}
