import { invalid } from '../errors.js'

export const MAX_DESTINATION_LENGTH = 2048

const fail = (message: string) => invalid(message, [{ path: 'destination', message }])

/**
 * The address a link sends people to, normalised, or a validation error in
 * plain words. Only http(s) addresses are accepted, never ones with a password
 * in them, and never another tracked link of this Murmur (no redirect loops).
 * A bare domain ("cornerbakery.example/menu") is read as https.
 */
export function parseDestination(input: string, ownOrigin?: string): string {
  const text = input.trim()
  if (!text) throw fail('Enter the address people should land on, such as https://example.com.')
  if (text.length > MAX_DESTINATION_LENGTH)
    throw fail(
      `The address is ${text.length} characters long; the limit is ${MAX_DESTINATION_LENGTH}.`,
    )
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[^:/]+:\d+(\/|$)/.test(text)
  let url: URL
  try {
    url = new URL(hasScheme ? text : `https://${text}`)
  } catch {
    throw fail(
      `"${text.slice(0, 80)}" is not a web address. It should look like https://example.com/page.`,
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw fail(`Only http:// and https:// addresses can be tracked, not ${url.protocol}`)
  if (url.username || url.password)
    throw fail('The address contains a user name or password; remove it before sharing it.')
  if (
    !url.hostname ||
    (!url.hostname.includes('.') && url.hostname !== 'localhost' && !url.hostname.startsWith('['))
  )
    throw fail(`"${url.hostname}" is not a full domain name; use one such as example.com.`)
  if (ownOrigin && url.origin === new URL(ownOrigin).origin && url.pathname.startsWith('/l/'))
    throw fail('The address is itself a tracked link; point it at the final page instead.')
  const normalised = url.href
  if (normalised.length > MAX_DESTINATION_LENGTH)
    throw fail(
      `The address is too long once encoded; the limit is ${MAX_DESTINATION_LENGTH} characters.`,
    )
  return normalised
}

/** An optional preview image must be a plain http(s) address too. */
export function parseImageUrl(input: string): string {
  try {
    return parseDestination(input)
  } catch {
    const message = 'The preview image must be an http:// or https:// address.'
    throw invalid(message, [{ path: 'image_url', message }])
  }
}
