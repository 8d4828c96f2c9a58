import { type SafeFetchOptions, safeFetch } from '../net/safe-fetch/index.js'

export interface SitemapStatus {
  url: string
  /** Why it does not count as a sitemap ("it answered 404"), or null when one was found. */
  problem: string | null
}

/** Looks for the sitemap robots.txt names first, else /sitemap.xml. */
export async function findSitemap(
  origin: string,
  namedInRobots: readonly string[],
  options: SafeFetchOptions,
): Promise<SitemapStatus> {
  const url = namedInRobots[0] ?? `${origin}/sitemap.xml`
  try {
    const response = await safeFetch(url, { ...options, maxBytes: 10 * 1024 * 1024 })
    if (response.status !== 200) return { url, problem: `it answered ${response.status}` }
    // A gzipped sitemap cannot be read as text here; its presence is what counts.
    if (response.text === null && /\.gz$/i.test(new URL(response.url).pathname))
      return { url, problem: null }
    if (!/<(urlset|sitemapindex)\b/i.test(response.text ?? ''))
      return { url, problem: 'it is not a sitemap (no <urlset> or <sitemapindex>)' }
    return { url, problem: null }
  } catch (error) {
    return {
      url,
      problem: error instanceof Error ? error.message.replace(/\.$/, '') : String(error),
    }
  }
}
