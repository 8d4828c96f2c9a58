/**
 * Instagram and Threads do not take uploads: they download each image from a URL, from Meta's
 * servers. Murmur must therefore serve the image at an address the internet can reach.
 */
import { makeProblem } from '../shared/validate-draft.js'
import type { Draft, DraftMedia } from '../spec/network-draft.js'
import type { Problem } from '../spec/network-problem.js'

/**
 * Where Meta can download one image of a draft, provided by the app: typically a short-lived,
 * unguessable address under MURMUR_PUBLIC_URL serving the media's bytes.
 */
export type PublicMediaUrl = (media: DraftMedia) => string | Promise<string>

export interface PublicMediaSettings {
  /** Murmur's public address (MURMUR_PUBLIC_URL); Meta must reach it from the internet. */
  publicUrl?: string
  publicMediaUrl?: PublicMediaUrl
}

/**
 * One error when the draft has media and Meta could not download it: no public URL configured,
 * or one that only this machine or this network can reach (localhost, 10.x, *.local…).
 */
export function publicMediaProblem(
  networkName: string,
  draft: Draft,
  settings: PublicMediaSettings,
): Problem | undefined {
  const hasMedia = draft.parts.some((part) => part.media.length > 0)
  if (!hasMedia) return undefined
  const why = unreachableReason(settings)
  if (!why) return undefined
  return makeProblem(
    networkName,
    'error',
    'media_not_public',
    { partCount: draft.parts.length },
    `downloads images from Murmur's public address, and ${why}; set MURMUR_PUBLIC_URL to an address reachable from the internet, or publish without images`,
  )
}

function unreachableReason(settings: PublicMediaSettings): string | undefined {
  if (!settings.publicMediaUrl) return 'this Murmur does not serve media publicly'
  if (!settings.publicUrl) return 'none is set'
  let url: URL
  try {
    url = new URL(settings.publicUrl)
  } catch {
    return `"${settings.publicUrl}" is not a web address`
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `${url.origin} is not a web address`
  }
  if (isPrivateHost(url.hostname)) {
    return `${url.host} is only reachable from this machine or its local network`
  }
  return undefined
}

/** Loopback, private and link-local addresses, and names only a local network resolves. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.endsWith('.local') ||
    host.endsWith('.internal') ||
    host.endsWith('.lan') ||
    host.endsWith('.home.arpa') ||
    (!host.includes('.') && !host.includes(':')) ||
    host === '::1' ||
    host === '::' ||
    /^127\./.test(host) ||
    /^10\./.test(host) ||
    /^192\.168\./.test(host) ||
    /^169\.254\./.test(host) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(host) ||
    /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./.test(host) ||
    /^0\./.test(host) ||
    /^f[cd][0-9a-f]{2}:/.test(host) ||
    /^fe80:/.test(host) ||
    /^::ffff:(127|10|192\.168)\./.test(host)
  )
}
