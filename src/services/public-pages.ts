import sharp from 'sharp'
import { BoundedCache } from '../links/bounded-cache.js'
import type { Murmur } from '../murmur.js'
import type { SitemapEntry } from '../pages/crawl-files.js'
import { shortDate } from '../pages/event-time.js'
import type {
  BusinessView,
  EventPlace,
  EventSummary,
  EventView,
  HomeView,
  ImageView,
  LinkView,
  PageSite,
  PostView,
} from '../pages/model.js'
import { clip } from '../pages/seo-text.js'
import type { PageFields } from '../pages/settings.js'
import { type CardSpec, cardHash, renderCard } from '../pages/share-card.js'
import { eventUrlOf, homeUrlOf, PREVIEW_IMAGE, pageSite, previewImageUrlOf } from '../pages/urls.js'
import type { EventsTable } from '../storage/tables/pages.js'
import { WorkspaceScope } from '../storage/workspace-scope.js'
import { readMediaFile } from './media.js'
import { fieldsOf, pageLinks } from './pages.js'
import { parseJson } from './post-views.js'
import type { Workspace } from './workspaces.js'

/** One workspace's public pages, as one request sees them. */
export interface PublicSite {
  workspace: Workspace
  page: PageFields
  pageUpdatedAt: number
  site: PageSite
  scope: WorkspaceScope
}

export type Resolved = { kind: 'site'; site: PublicSite } | { kind: 'moved'; slug: string } | null

const PUBLIC_STATUSES = ['published', 'cancelled'] as const

async function siteFor(murmur: Murmur, workspace: Workspace): Promise<PublicSite> {
  const scope = new WorkspaceScope(murmur.db, workspace.id)
  const row = await scope.selectFrom('pages').selectAll().executeTakeFirst()
  const page = fieldsOf(row)
  return {
    workspace,
    page,
    pageUpdatedAt: row?.updated_at ?? workspace.created_at,
    site: pageSite(murmur.config.publicUrl, workspace.slug, page.custom_domain),
    scope,
  }
}

/**
 * The workspace a public address names, found by slug. Public pages are the one place a
 * request reaches workspace data without a member: it only ever reads what the pages show.
 * An old slug answers with the new one, for a 301.
 */
export async function resolveSlug(murmur: Murmur, slug: string): Promise<Resolved> {
  const workspace = await murmur.db
    .selectFrom('workspaces')
    .selectAll()
    .where('slug', '=', slug)
    .executeTakeFirst()
  if (workspace) return { kind: 'site', site: await siteFor(murmur, workspace) }
  const moved = await murmur.db
    .selectFrom('page_slugs')
    .innerJoin('workspaces', 'workspaces.id', 'page_slugs.workspace_id')
    .select('workspaces.slug')
    .where('page_slugs.kind', '=', 'home')
    .where('page_slugs.slug', '=', slug)
    .orderBy('page_slugs.created_at', 'desc')
    .executeTakeFirst()
  return moved ? { kind: 'moved', slug: moved.slug } : null
}

export async function resolveDomain(murmur: Murmur, host: string): Promise<PublicSite | null> {
  const row = await murmur.db
    .selectFrom('pages')
    .innerJoin('workspaces', 'workspaces.id', 'pages.workspace_id')
    .select([
      'workspaces.id',
      'workspaces.name',
      'workspaces.slug',
      'workspaces.time_zone',
      'workspaces.created_at',
      'workspaces.logo_media_id',
    ])
    .where('pages.custom_domain', '=', host)
    .executeTakeFirst()
  return row ? siteFor(murmur, row) : null
}

/** Whether any workspace serves its pages on this host (cheap enough for every request). */
export async function isCustomDomain(murmur: Murmur, host: string): Promise<boolean> {
  const row = await murmur.db
    .selectFrom('pages')
    .select('workspace_id')
    .where('custom_domain', '=', host)
    .executeTakeFirst()
  return row !== undefined
}

async function mediaImage(
  scope: WorkspaceScope,
  site: PageSite,
  mediaId: string | null,
  alt: string,
): Promise<ImageView | null> {
  if (!mediaId) return null
  const media = await scope
    .selectFrom('media')
    .select(['id', 'sha256', 'alt_text', 'mime_type'])
    .where('id', '=', mediaId)
    .executeTakeFirst()
  if (!media?.mime_type.startsWith('image/')) return null
  return {
    url: previewImageUrlOf(site, media.id, media.sha256),
    alt: media.alt_text.trim() || alt,
    ...PREVIEW_IMAGE,
  }
}

async function imageOf(
  scope: WorkspaceScope,
  site: PageSite,
  mediaId: string | null,
  url: string | null,
  alt: string,
): Promise<ImageView | null> {
  const uploaded = await mediaImage(scope, site, mediaId, alt)
  if (uploaded) return uploaded
  return url ? { url, alt, width: null, height: null } : null
}

export function homeCardSpec(ps: PublicSite): CardSpec {
  const { page, workspace } = ps
  return {
    title: workspace.name,
    subtitle: page.contact.locality ?? (page.description ? clip(page.description, 60) : null),
    theme: page.theme,
  }
}

export function eventCardSpec(ps: PublicSite, row: EventRow): CardSpec {
  const date = shortDate(row.starts_at, ps.page.language, row.time_zone)
  return { title: row.title, subtitle: `${date} · ${ps.workspace.name}`, theme: ps.page.theme }
}

const cardImage = (url: string, alt: string): ImageView => ({ url, alt, ...PREVIEW_IMAGE })

export async function businessView(ps: PublicSite): Promise<BusinessView> {
  const { page, workspace, site } = ps
  return {
    name: workspace.name,
    language: page.language,
    timeZone: workspace.time_zone,
    businessType: page.business_type,
    description: page.description,
    seoTitle: page.seo_title,
    logoUrl: page.logo_url,
    image:
      (await imageOf(ps.scope, site, page.image_media_id, page.image_url, workspace.name)) ??
      cardImage(`${site.base}/images/card-${cardHash(homeCardSpec(ps))}.jpg`, workspace.name),
    contact: page.contact,
    hours: page.opening_hours,
    hoursNote: page.hours_note,
    theme: page.theme,
    homeUrl: page.published ? homeUrlOf(site) : null,
    site,
  }
}

type EventRow = Omit<EventsTable, 'workspace_id'>

function summaryOf(row: EventRow, site: PageSite): EventSummary {
  return {
    title: row.title,
    url: eventUrlOf(site, row.slug),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    timeZone: row.time_zone,
    status: row.status === 'cancelled' ? 'cancelled' : 'published',
  }
}

export async function eventViewOf(ps: PublicSite, row: EventRow): Promise<EventView> {
  const url = eventUrlOf(ps.site, row.slug)
  const image = await imageOf(
    ps.scope,
    ps.site,
    row.image_media_id,
    row.image_url,
    row.image_alt ?? row.title,
  )
  return {
    ...summaryOf(row, ps.site),
    id: row.id,
    slug: row.slug,
    description: row.description,
    place: row.place === null ? null : parseJson<EventPlace | null>(row.place, null),
    onlineUrl: row.online_url,
    capacity: row.capacity,
    attendeeCount: row.attendee_count,
    image,
    shareImage:
      image ?? cardImage(`${url}/card-${cardHash(eventCardSpec(ps, row))}.jpg`, row.title),
    sequence: row.sequence,
    updatedAt: row.updated_at,
    calendarUrl: `${url}/calendar.ics`,
    joinUrl: `${url}/join`,
  }
}

/** The latest published posts, one line per post even when it went to several channels. */
async function latestPosts(scope: WorkspaceScope, limit: number): Promise<PostView[]> {
  const deliveries = await scope
    .selectFrom('deliveries')
    .select(['post_id', 'network', 'remote_parts', 'published_at'])
    .where('state', '=', 'published')
    .where('published_at', 'is not', null)
    .orderBy('published_at', 'desc')
    .limit(limit * 6)
    .execute()
  const chosen = new Map<string, (typeof deliveries)[number]>()
  for (const delivery of deliveries) {
    if (!chosen.has(delivery.post_id)) chosen.set(delivery.post_id, delivery)
    if (chosen.size === limit) break
  }
  if (chosen.size === 0) return []
  const parts = await scope
    .selectFrom('post_parts')
    .select(['post_id', 'text'])
    .where('post_id', 'in', [...chosen.keys()])
    .where('delivery_id', 'is', null)
    .where('position', '=', 0)
    .execute()
  const texts = new Map(parts.map((part) => [part.post_id, part.text]))
  return [...chosen.values()].flatMap((delivery) => {
    const text = texts.get(delivery.post_id)?.trim()
    if (!text) return []
    const remote = parseJson<Array<{ url?: string }>>(delivery.remote_parts, [])
    return [
      {
        text,
        publishedAt: delivery.published_at ?? 0,
        network: delivery.network,
        url: remote[0]?.url ?? null,
      },
    ]
  })
}

export async function upcomingEvents(ps: PublicSite, now: number, limit = 10): Promise<EventRow[]> {
  return ps.scope
    .selectFrom('events')
    .selectAll()
    .where('status', 'in', PUBLIC_STATUSES)
    .where('ends_at', '>', now)
    .orderBy('starts_at')
    .limit(limit)
    .execute()
}

export async function homeView(murmur: Murmur, ps: PublicSite): Promise<HomeView> {
  const now = murmur.now()
  const [business, links, events, posts] = await Promise.all([
    businessView(ps),
    pageLinks(murmur, ps.scope, true),
    upcomingEvents(ps, now),
    ps.page.show_posts ? latestPosts(ps.scope, 5) : Promise.resolve([]),
  ])
  const linkViews: LinkView[] = links.map((link) => ({
    label: link.label,
    href: link.short_url,
    destination: link.url,
  }))
  return {
    business,
    url: homeUrlOf(ps.site),
    links: linkViews,
    events: events.map((row) => summaryOf(row, ps.site)),
    posts,
    preview: false,
  }
}

export type EventLookup = { kind: 'event'; row: EventRow } | { kind: 'moved'; slug: string } | null

export async function findPublicEvent(ps: PublicSite, slug: string): Promise<EventLookup> {
  const row = await ps.scope
    .selectFrom('events')
    .selectAll()
    .where('slug', '=', slug)
    .where('status', 'in', PUBLIC_STATUSES)
    .executeTakeFirst()
  if (row) return { kind: 'event', row }
  const moved = await ps.scope
    .selectFrom('page_slugs')
    .innerJoin('events', 'events.id', 'page_slugs.event_id')
    .select('events.slug')
    .where('page_slugs.kind', '=', 'event')
    .where('page_slugs.slug', '=', slug)
    .where('events.status', 'in', PUBLIC_STATUSES)
    .executeTakeFirst()
  return moved ? { kind: 'moved', slug: moved.slug } : null
}

/** Every public page of one site, for its sitemap. */
export async function siteEntries(ps: PublicSite): Promise<SitemapEntry[]> {
  const entries: SitemapEntry[] = []
  if (ps.page.published) entries.push({ url: homeUrlOf(ps.site), lastModified: ps.pageUpdatedAt })
  const events = await ps.scope
    .selectFrom('events')
    .select(['slug', 'updated_at'])
    .where('status', 'in', PUBLIC_STATUSES)
    .orderBy('starts_at', 'desc')
    .execute()
  for (const event of events)
    entries.push({ url: eventUrlOf(ps.site, event.slug), lastModified: event.updated_at })
  return entries
}

/** Sitemaps hold at most 50,000 addresses; Murmur's host lists the newest first up to that. */
const SITEMAP_LIMIT = 50_000

/**
 * Every public page on Murmur's own host, across workspaces (the sitemap is the host's, not a
 * workspace's). Workspaces with their own domain are listed in that domain's sitemap instead.
 */
export async function hostEntries(murmur: Murmur): Promise<SitemapEntry[]> {
  const publicUrl = murmur.config.publicUrl
  const homes = await murmur.db
    .selectFrom('pages')
    .innerJoin('workspaces', 'workspaces.id', 'pages.workspace_id')
    .select(['workspaces.slug', 'pages.updated_at'])
    .where('pages.published', '=', 1)
    .where('pages.custom_domain', 'is', null)
    .orderBy('pages.updated_at', 'desc')
    .limit(SITEMAP_LIMIT)
    .execute()
  const events = await murmur.db
    .selectFrom('events')
    .innerJoin('workspaces', 'workspaces.id', 'events.workspace_id')
    .leftJoin('pages', 'pages.workspace_id', 'events.workspace_id')
    .select(['workspaces.slug as workspace_slug', 'events.slug', 'events.updated_at'])
    .where('events.status', 'in', PUBLIC_STATUSES)
    .where('pages.custom_domain', 'is', null)
    .orderBy('events.updated_at', 'desc')
    .limit(SITEMAP_LIMIT - homes.length)
    .execute()
  return [
    ...homes.map((home) => ({
      url: homeUrlOf(pageSite(publicUrl, home.slug, null)),
      lastModified: home.updated_at,
    })),
    ...events.map((event) => ({
      url: eventUrlOf(pageSite(publicUrl, event.workspace_slug, null), event.slug),
      lastModified: event.updated_at,
    })),
  ]
}

const images = new BoundedCache<Buffer>(64, 3_600_000)

/**
 * A media item resized to 1200×630 (what link previews show), for a page that uses it: the
 * home page's image or a public event's. Anything else in the media library stays private.
 */
export async function previewImage(
  murmur: Murmur,
  ps: PublicSite,
  mediaId: string,
  hashPrefix: string,
): Promise<Buffer | null> {
  // The home page's image is also every event page's fallback, so it is public either way.
  const used =
    ps.page.image_media_id === mediaId ||
    (await ps.scope
      .selectFrom('events')
      .select('id')
      .where('image_media_id', '=', mediaId)
      .where('status', 'in', PUBLIC_STATUSES)
      .executeTakeFirst()) !== undefined
  if (!used) return null
  const media = await ps.scope
    .selectFrom('media')
    .select(['sha256', 'mime_type'])
    .where('id', '=', mediaId)
    .executeTakeFirst()
  if (!media?.mime_type.startsWith('image/') || !media.sha256.startsWith(hashPrefix)) return null
  const key = `${mediaId}:${media.sha256}`
  const cached = images.get(key)
  if (cached) return cached
  const { bytes } = await readMediaFile(murmur, ps.scope, mediaId)
  const resized = await sharp(bytes)
    .rotate()
    .resize(PREVIEW_IMAGE.width, PREVIEW_IMAGE.height, { fit: 'cover' })
    .jpeg({ quality: 82, mozjpeg: true })
    .toBuffer()
  images.set(key, resized)
  return resized
}

const cards = new BoundedCache<Buffer>(256, 3_600_000)

/** The drawn preview card whose hash is `hash`, or null when the page no longer shows that. */
export async function shareCard(spec: CardSpec, hash: string): Promise<Buffer | null> {
  if (cardHash(spec) !== hash) return null
  const cached = cards.get(hash)
  if (cached) return cached
  const bytes = await renderCard(spec)
  cards.set(hash, bytes)
  return bytes
}
