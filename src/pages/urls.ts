import type { PageSite } from './model.js'

/**
 * Addresses of a workspace's public pages. On Murmur's host they live under
 * `{publicUrl}/p/{workspace_slug}`; on the workspace's own domain (served over https by the
 * reverse proxy in front of Murmur) at its root. Every page, link and image of one page uses the
 * same site, so a page on a custom domain never loads anything from another origin.
 */
export function pageSite(publicUrl: string, slug: string, customDomain: string | null): PageSite {
  if (customDomain) {
    const origin = `https://${customDomain}`
    return { base: origin, origin }
  }
  return { base: `${publicUrl}/p/${slug}`, origin: new URL(publicUrl).origin }
}

/** The home page's canonical address: the bare base, or "/" on a custom domain. */
export const homeUrlOf = (site: PageSite) =>
  site.base === site.origin ? `${site.origin}/` : site.base

export const eventUrlOf = (site: PageSite, eventSlug: string) => `${site.base}/events/${eventSlug}`

/** A media item served resized for link previews (1200×630), content-addressed by its hash. */
export const previewImageUrlOf = (site: PageSite, mediaId: string, sha256: string) =>
  `${site.base}/images/${mediaId}-${sha256.slice(0, 12)}.jpg`

export const PREVIEW_IMAGE = { width: 1200, height: 630 } as const

/** Lower-case slugs of letters, digits and single dashes, 1-64 characters. */
export const SLUG = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,63}$/
