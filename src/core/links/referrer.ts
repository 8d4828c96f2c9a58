/** Link shorteners and redirectors of the networks, shown as the network they belong to. */
const SAME_AS: Record<string, string> = {
  't.co': 'x.com',
  'twitter.com': 'x.com',
  'mobile.twitter.com': 'x.com',
  'l.facebook.com': 'facebook.com',
  'lm.facebook.com': 'facebook.com',
  'm.facebook.com': 'facebook.com',
  'web.facebook.com': 'facebook.com',
  'l.instagram.com': 'instagram.com',
  'l.threads.net': 'threads.net',
  'l.threads.com': 'threads.net',
  'lnkd.in': 'linkedin.com',
  'out.reddit.com': 'reddit.com',
  'old.reddit.com': 'reddit.com',
  'android-app://com.google.android.gm': 'mail.google.com',
}

/**
 * The host a visit came from ("instagram.com"), without "www.", or null for a
 * direct visit. Only the host is kept: paths may hold personal data.
 */
export function referrerHost(referer: string | undefined | null): string | null {
  if (!referer) return null
  let host: string
  try {
    const url = new URL(referer)
    if (url.protocol === 'android-app:') return SAME_AS[referer.replace(/\/$/, '')] ?? url.hostname
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
    host = url.hostname.toLowerCase()
  } catch {
    return null
  }
  if (host.startsWith('www.')) host = host.slice(4)
  if (!host) return null
  return (SAME_AS[host] ?? host).slice(0, 253)
}
