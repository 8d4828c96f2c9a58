import { escapeHtml } from './html.js'

/**
 * robots.txt and sitemap.xml of the public pages. On Murmur's own host only the public pages
 * (/p/) and short links (/l/) are open to crawlers: the rest is the signed-in app and its API.
 * On a workspace's own domain everything it serves is public.
 */
export function robotsTxt(input: { sitemapUrl: string; customDomain: boolean }): string {
  const rules = input.customDomain
    ? ['User-agent: *', 'Allow: /']
    : ['User-agent: *', 'Allow: /p/', 'Allow: /l/', 'Disallow: /api/', 'Disallow: /']
  return `${rules.join('\n')}\n\nSitemap: ${input.sitemapUrl}\n`
}

export interface SitemapEntry {
  url: string
  lastModified: number
}

const w3cTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

export function sitemapXml(entries: SitemapEntry[]): string {
  const urls = entries.map(
    (entry) =>
      `<url><loc>${escapeHtml(entry.url)}</loc><lastmod>${w3cTime(entry.lastModified)}</lastmod></url>`,
  )
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`
}
