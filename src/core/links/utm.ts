/**
 * UTM tags (Google Analytics campaign parameters). Murmur adds the ones a link
 * has and never changes the ones the user already put in the address.
 */
export const UTM_KEYS = [
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
] as const
export type UtmKey = (typeof UTM_KEYS)[number]
export type UtmTags = Partial<Record<UtmKey, string | null | undefined>>

export const MAX_UTM_LENGTH = 255

/**
 * How Murmur writes tag values it makes itself: lower case (analytics tools
 * treat values case-sensitively), words joined by "-".
 */
export function utmValue(text: string): string {
  return text
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s/?#&=+]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, MAX_UTM_LENGTH)
}

/** The tags of a link Murmur makes for a post sent to one network. */
export function utmForDelivery(input: {
  network: string
  campaign?: string | null | undefined
  postId?: string | null | undefined
}): UtmTags {
  const tags: UtmTags = { utm_source: utmValue(input.network), utm_medium: 'social' }
  if (input.campaign && utmValue(input.campaign)) tags.utm_campaign = utmValue(input.campaign)
  if (input.postId) tags.utm_content = utmValue(input.postId)
  return tags
}

function splitFragment(url: string): [string, string] {
  const hash = url.indexOf('#')
  return hash === -1 ? [url, ''] : [url.slice(0, hash), url.slice(hash)]
}

/** The query parameter names already present in `url`. */
function presentKeys(beforeFragment: string): Set<string> {
  const query = beforeFragment.indexOf('?')
  if (query === -1) return new Set()
  return new Set(new URLSearchParams(beforeFragment.slice(query + 1)).keys())
}

/**
 * `destination` with the given tags appended. Existing query text is kept
 * byte for byte (no re-encoding), tags already present are left alone, empty
 * tags are skipped, and the #fragment stays at the end.
 */
export function applyUtm(destination: string, tags: UtmTags): string {
  const [base, fragment] = splitFragment(destination)
  const present = presentKeys(base)
  const added: string[] = []
  for (const key of UTM_KEYS) {
    const value = tags[key]
    if (value === null || value === undefined || value === '' || present.has(key)) continue
    added.push(`${key}=${encodeURIComponent(value)}`)
  }
  if (added.length === 0) return destination
  return `${appendQuery(base, added.join('&'))}${fragment}`
}

function appendQuery(base: string, query: string): string {
  const start = base.indexOf('?')
  if (start === -1) return `${base}?${query}`
  const existing = base.slice(start + 1)
  return existing === '' || existing.endsWith('&') ? `${base}${query}` : `${base}&${query}`
}

/** The click-id parameter Murmur appends so the destination site can report conversions. */
export const CLICK_ID_PARAM = 'mm'

/**
 * The destination split around where the click id goes, so the redirect only
 * concatenates three strings: `head + clickId + tail`.
 */
export function clickIdTemplate(destination: string): { head: string; tail: string } {
  const [base, fragment] = splitFragment(destination)
  return { head: appendQuery(base, `${CLICK_ID_PARAM}=`), tail: fragment }
}
