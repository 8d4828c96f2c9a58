import { isMurmurError } from '../core/errors.js'
import { parseDestination } from '../core/links/destination.js'
import { shortDomainsFor } from '../links/short-domains.js'
import type { Murmur } from '../murmur.js'
import type { Draft } from '../networks/spec/index.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { createLinkForDelivery, shortDomainOf, shortUrl } from './links.js'
import { autoTrackLinks } from './site-settings.js'

/** http(s) addresses in post text, up to the first space or character that cannot end one. */
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`{}|\\^]+/gi
/** Punctuation that ends a sentence rather than the address ("see https://x.example/menu."). */
const TRAILING = /[.,;:!?'"»”’)\]]+$/

/** A matched address split into the address and the sentence punctuation after it. */
function splitTrailing(match: string): [string, string] {
  const tail = TRAILING.exec(match)?.[0] ?? ''
  let url = match.slice(0, match.length - tail.length)
  let rest = tail
  // Keep closing parentheses that belong to the address (Wikipedia-style paths).
  while (
    rest.startsWith(')') &&
    (url.match(/\(/g)?.length ?? 0) > (url.match(/\)/g)?.length ?? 0)
  ) {
    url += ')'
    rest = rest.slice(1)
  }
  return [url, rest]
}

/** The addresses in a text, as written, without the sentence punctuation after them. */
export function urlsInText(text: string): string[] {
  const found: string[] = []
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const [url] = splitTrailing(match[0])
    if (url.length > 'https://'.length) found.push(url)
  }
  return found
}

export interface DeliveryContext {
  deliveryId: string
  /** The network id (`instagram`): the links' utm_source. */
  network: string
  postId: string
  campaign: string | null
  createdBy: string | null
}

/**
 * The draft with each URL replaced by a tracked link made for this delivery
 * (so per post and per network, tagged utm_source = network, utm_medium = social,
 * utm_campaign = campaign, utm_content = post), when the workspace turned
 * automatic links on. A retried or resumed delivery reuses the links it made
 * before, so every part of a thread and every attempt carries the same ones.
 * Addresses that are already short links, or that cannot be tracked, are left as written.
 */
export async function withTrackedLinks(
  murmur: Murmur,
  scope: WorkspaceScope,
  draft: Draft,
  delivery: DeliveryContext,
): Promise<Draft> {
  const texts = [...draft.parts.map((p) => p.text), draft.firstComment ?? '']
  const urls = [...new Set(texts.flatMap(urlsInText))]
  if (urls.length === 0 || !(await autoTrackLinks(scope))) return draft

  const own = new URL(murmur.config.publicUrl).host
  const domains = shortDomainsFor(murmur.db)
  await domains.ready()
  const shortDomain = await shortDomainOf(murmur, scope)
  const made = await scope
    .selectFrom('links')
    .select(['code', 'destination', 'utm_source'])
    .where('delivery_id', '=', delivery.deliveryId)
    .orderBy('id')
    .execute()
  const byDestination = new Map<string, string>()
  for (const link of made)
    if (!byDestination.has(link.destination))
      byDestination.set(link.destination, shortUrl(murmur, link.code, shortDomain))

  const replacements = new Map<string, string>()
  for (const url of urls) {
    let destination: string
    try {
      const host = new URL(url).host.toLowerCase()
      if (host === own || domains.workspaceFor(host)) continue // already a short link
      destination = parseDestination(url, murmur.config.publicUrl)
    } catch (error) {
      if (error instanceof TypeError || isMurmurError(error)) continue // not trackable: as written
      throw error
    }
    let short = byDestination.get(destination)
    if (!short) {
      const link = await createLinkForDelivery(murmur, scope, {
        destination,
        deliveryId: delivery.deliveryId,
        network: delivery.network,
        postId: delivery.postId,
        campaign: delivery.campaign,
        createdBy: delivery.createdBy,
      })
      short = link.short_url
      byDestination.set(destination, short)
    }
    replacements.set(url, short)
  }
  if (replacements.size === 0) return draft
  const replace = (text: string) =>
    text.replace(URL_IN_TEXT, (match) => {
      const [url, rest] = splitTrailing(match)
      const short = replacements.get(url)
      return short ? short + rest : match
    })
  return {
    ...draft,
    parts: draft.parts.map((part) => ({ ...part, text: replace(part.text) })),
    ...(draft.firstComment !== undefined && { firstComment: replace(draft.firstComment) }),
  }
}
