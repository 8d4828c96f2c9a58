import { NetworkError } from '../spec/network-error.js'

/** URNs go into paths and queries percent-encoded, as Rest.li 2.0 requires. */
export function encodeUrn(urn: string): string {
  return encodeURIComponent(urn)
}

export function isPostUrn(id: string): boolean {
  return /^urn:li:(share|ugcPost):\d+$/.test(id)
}

/** `urn:li:comment:(urn:li:activity:1,2)` → its parent URN and the comment id. */
export function parseCommentUrn(id: string): { parent: string; commentId: string } | undefined {
  const match = /^urn:li:comment:\((urn:li:[A-Za-z]+:\d+),(\d+)\)$/.exec(id)
  return match?.[1] && match[2] ? { parent: match[1], commentId: match[2] } : undefined
}

export function assertLinkedInId(id: string): void {
  if (!isPostUrn(id) && !parseCommentUrn(id)) {
    throw new NetworkError({
      network: 'linkedin',
      kind: 'content_rejected',
      message: `LinkedIn: "${id}" is not a LinkedIn post or comment URN`,
    })
  }
}

/** `https://www.linkedin.com/feed/update/urn:li:share:1/` */
export function linkedInPostUrl(webUrl: string, urn: string): string {
  return `${webUrl}/feed/update/${urn}/`
}

/** A comment shows on its post's page, highlighted by `commentUrn`. */
export function linkedInCommentUrl(webUrl: string, commentUrn: string): string {
  const parsed = parseCommentUrn(commentUrn)
  if (!parsed) return webUrl
  return `${webUrl}/feed/update/${parsed.parent}/?commentUrn=${encodeURIComponent(commentUrn)}`
}
