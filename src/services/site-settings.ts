import { randomBytes } from 'node:crypto'
import { conflict, invalid } from '../core/errors.js'
import { BoundedCache } from '../links/bounded-cache.js'
import { shortDomainsFor } from '../links/short-domains.js'
import type { Murmur } from '../murmur.js'
import type { TrafficSettingsTable } from '../storage/tables/site-traffic.js'
import { isUniqueViolation } from '../storage/unique-violation.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'

/** A workspace's traffic settings (docs/links.md, "Settings of a workspace"). */
export interface TrafficSettings {
  auto_track_links: boolean
  short_domain: string | null
  /** Public: goes in the site script tag. Anyone may read it; only the listed origins may use it. */
  site_key: string
  site_origins: string[]
  updated_at: number
}

export interface TrafficSettingsInput {
  auto_track_links?: boolean | undefined
  short_domain?: string | null | undefined
  site_origins?: string[] | undefined
  /** Makes a new site key; the old one stops working at once. */
  rotate_site_key?: boolean | undefined
}

export const MAX_SITE_ORIGINS = 20
const SITE_KEY = /^mms_[0-9a-z]{24}$/

const KEY_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'
const newSiteKey = () =>
  `mms_${Array.from(randomBytes(24), (byte) => KEY_ALPHABET[byte & 31]).join('')}`

export const isPlausibleSiteKey = (key: string) => SITE_KEY.test(key)

const fail = (path: string, message: string) => invalid(message, [{ path, message }])

function present(row: TrafficSettingsTable): TrafficSettings {
  let origins: string[] = []
  try {
    const parsed: unknown = JSON.parse(row.site_origins)
    if (Array.isArray(parsed)) origins = parsed.filter((o): o is string => typeof o === 'string')
  } catch {
    origins = []
  }
  return {
    auto_track_links: row.auto_track_links === 1,
    short_domain: row.short_domain,
    site_key: row.site_key,
    site_origins: origins,
    updated_at: row.updated_at,
  }
}

async function readRow(scope: WorkspaceScope) {
  return scope.selectFrom('traffic_settings').selectAll().executeTakeFirst()
}

/** The settings, made with defaults (automatic links off, a new site key) on first read. */
export async function getTrafficSettings(
  murmur: Murmur,
  scope: WorkspaceScope,
): Promise<TrafficSettings> {
  const existing = await readRow(scope)
  if (existing) return present(existing)
  await scope
    .insertInto('traffic_settings', {
      auto_track_links: 0,
      short_domain: null,
      site_key: newSiteKey(),
      site_origins: '[]',
      updated_at: murmur.now(),
    })
    .onConflict((oc) => oc.column('workspace_id').doNothing())
    .execute()
  const row = await readRow(scope)
  if (!row) throw new Error('traffic settings vanished')
  return present(row)
}

/** Host names only (`go.cornerbakery.example`), lower case; not Murmur's own host. */
export function cleanShortDomain(value: string | null, publicUrl: string): string | null {
  const host = value?.trim().toLowerCase().replace(/\.$/, '')
  if (!host) return null
  const label = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?'
  if (host.length > 253 || !new RegExp(`^(?:${label}\\.)+[a-z]{2,63}$`).test(host))
    throw fail(
      'short_domain',
      `"${host.slice(0, 80)}" is not a domain name; write it as go.shop.example, without https:// or a path.`,
    )
  if (host === new URL(publicUrl).hostname)
    throw fail('short_domain', 'That is Murmur’s own address; short links already work there.')
  return host
}

/** `https://shop.example` from what people paste (`https://shop.example/`, `shop.example`). */
export function cleanOrigin(value: string, index: number): string {
  const path = `site_origins.${index}`
  const trimmed = value.trim()
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw fail(
      path,
      `"${trimmed.slice(0, 80)}" is not a web address; write it as https://shop.example.`,
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw fail(
      path,
      `"${trimmed.slice(0, 80)}": only http:// and https:// sites can use the script.`,
    )
  if (
    url.username ||
    url.password ||
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search ||
    url.hash
  )
    throw fail(
      path,
      `"${trimmed.slice(0, 80)}": give the site's origin only (scheme and host, such as https://shop.example), without a path.`,
    )
  return url.origin
}

/** Changes the settings; fields left undefined are kept. */
export async function updateTrafficSettings(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: TrafficSettingsInput,
): Promise<TrafficSettings> {
  const current = await getTrafficSettings(murmur, scope)
  const changes: Partial<TrafficSettingsTable> = { updated_at: murmur.now() }
  if (input.auto_track_links !== undefined)
    changes.auto_track_links = input.auto_track_links ? 1 : 0
  if (input.short_domain !== undefined) {
    const domain = cleanShortDomain(input.short_domain, murmur.config.publicUrl)
    if (domain) {
      // A host serves either a workspace's pages or its short links, never both.
      const page = await murmur.db
        .selectFrom('pages')
        .select('workspace_id')
        .where('custom_domain', '=', domain)
        .executeTakeFirst()
      if (page)
        throw conflict(
          `${domain} already serves public pages; pick another host for short links.`,
          [{ path: 'short_domain', message: 'Taken' }],
        )
    }
    changes.short_domain = domain
  }
  if (input.site_origins !== undefined) {
    if (input.site_origins.length > MAX_SITE_ORIGINS)
      throw fail('site_origins', `At most ${MAX_SITE_ORIGINS} sites.`)
    changes.site_origins = JSON.stringify([...new Set(input.site_origins.map(cleanOrigin))])
  }
  if (input.rotate_site_key) changes.site_key = newSiteKey()
  try {
    await scope.updateTable('traffic_settings').set(changes).execute()
  } catch (error) {
    if (isUniqueViolation(error) && changes.short_domain)
      throw conflict(`${changes.short_domain} already serves another workspace's short links.`, [
        { path: 'short_domain', message: 'Taken' },
      ])
    throw error
  }
  if (input.short_domain !== undefined) await shortDomainsFor(murmur.db).reload()
  siteKeys(murmur).delete(current.site_key)
  const row = await readRow(scope)
  if (!row) throw new Error('traffic settings vanished')
  return present(row)
}

/** What a public site-script request needs to know about the workspace behind a key. */
export interface SiteOfKey {
  workspaceId: string
  origins: ReadonlySet<string>
}

const keyCaches = new WeakMap<Murmur, BoundedCache<SiteOfKey | null>>()
const siteKeys = (murmur: Murmur) => {
  let cache = keyCaches.get(murmur)
  if (!cache) {
    // Edits in another process reach this one within the time to live.
    cache = new BoundedCache<SiteOfKey | null>(5_000, 30_000)
    keyCaches.set(murmur, cache)
  }
  return cache
}

/** The workspace of a site key and its allowed origins, or null for an unknown key (both cached). */
export async function findSiteByKey(murmur: Murmur, key: string): Promise<SiteOfKey | null> {
  if (!isPlausibleSiteKey(key)) return null
  const cache = siteKeys(murmur)
  const cached = cache.get(key)
  if (cached !== undefined) return cached
  // Keys name their workspace: this lookup starts outside any workspace, like an API key's.
  const row = await murmur.db
    .selectFrom('traffic_settings')
    .selectAll()
    .where('site_key', '=', key)
    .executeTakeFirst()
  const site = row
    ? { workspaceId: row.workspace_id, origins: new Set(present(row).site_origins) }
    : null
  cache.set(key, site, site ? 30_000 : 5_000)
  return site
}

/** Whether publishing should make tracked links for the URLs in a workspace's posts. */
export async function autoTrackLinks(scope: WorkspaceScope): Promise<boolean> {
  const row = await scope
    .selectFrom('traffic_settings')
    .select('auto_track_links')
    .executeTakeFirst()
  return row?.auto_track_links === 1
}
