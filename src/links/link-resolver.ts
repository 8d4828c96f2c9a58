import type { Kysely } from 'kysely'
import { applyUtm, clickIdTemplate } from '../core/links/utm.js'
import type { Schema } from '../storage/schema.js'
import { BoundedCache } from './bounded-cache.js'

/** What the redirect needs to know about a link, prepared once when it enters the cache. */
export interface ResolvedLink {
  id: string
  workspaceId: string
  code: string
  archived: boolean
  expiresAt: number | null
  /** The destination with the link's UTM tags. */
  destination: string
  /** `clickHead + clickId + clickTail` is the destination with the click id; null when not tracking conversions. */
  clickHead: string | null
  clickTail: string
  /** Open Graph fields for preview fetchers, or null to let them follow the redirect. */
  preview: { title: string | null; description: string | null; imageUrl: string | null } | null
  /** A share link (word of mouth): its page `/s/CODE` offers "Share this". */
  isShareLink: boolean
}

export interface LinkResolverOptions {
  maxEntries?: number
  /** How long a link stays cached; also how long another process may serve an edited link. */
  ttlMs?: number
  /** How long an unknown code is remembered, so scans of random codes do not reach the database. */
  missTtlMs?: number
  now?: () => number
}

type LinkRow = Pick<
  Schema['links'],
  | 'id'
  | 'workspace_id'
  | 'code'
  | 'destination'
  | 'utm_source'
  | 'utm_medium'
  | 'utm_campaign'
  | 'utm_term'
  | 'utm_content'
  | 'title'
  | 'description'
  | 'image_url'
  | 'track_conversions'
  | 'expires_at'
  | 'archived_at'
>

export function resolvedFrom(row: LinkRow & { share_link_id?: string | null }): ResolvedLink {
  const destination = applyUtm(row.destination, row)
  const template = clickIdTemplate(destination)
  const hasPreview = Boolean(row.title || row.description || row.image_url)
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    code: row.code,
    archived: row.archived_at !== null,
    expiresAt: row.expires_at,
    destination,
    clickHead: row.track_conversions ? template.head : null,
    clickTail: template.tail,
    preview: hasPreview
      ? { title: row.title, description: row.description, imageUrl: row.image_url }
      : null,
    isShareLink: Boolean(row.share_link_id),
  }
}

/**
 * Finds links by code for the redirect: from a bounded in-memory cache, else
 * one indexed query, with concurrent misses for the same code sharing it.
 * Codes are global (unique per domain), so this is the one lookup that does
 * not start from a workspace, like resolving an API key.
 */
export class LinkResolver {
  readonly #cache: BoundedCache<ResolvedLink | null>
  readonly #loading = new Map<string, Promise<ResolvedLink | null>>()
  readonly #missTtlMs: number
  /** Bumped by every forget, so a lookup that started before an edit does not cache the old row. */
  #generation = 0

  constructor(
    private readonly db: Kysely<Schema>,
    options: LinkResolverOptions = {},
  ) {
    this.#cache = new BoundedCache(
      options.maxEntries ?? 10_000,
      options.ttlMs ?? 30_000,
      options.now ?? Date.now,
    )
    this.#missTtlMs = options.missTtlMs ?? 5_000
  }

  /** The cached answer: a link, null for a known-unknown code, undefined when not cached. */
  peek(code: string): ResolvedLink | null | undefined {
    return this.#cache.get(code)
  }

  load(code: string): Promise<ResolvedLink | null> {
    const pending = this.#loading.get(code)
    if (pending) return pending
    const loading: Promise<ResolvedLink | null> = this.#query(code).finally(() => {
      if (this.#loading.get(code) === loading) this.#loading.delete(code)
    })
    this.#loading.set(code, loading)
    return loading
  }

  /** Drops a code from the cache after an edit, an archive, or a create (which may end a cached miss). */
  forget(code: string): void {
    this.#generation++
    this.#cache.delete(code)
    this.#loading.delete(code)
  }

  get size(): number {
    return this.#cache.size
  }

  async #query(code: string): Promise<ResolvedLink | null> {
    const generation = this.#generation
    const row = await this.db
      .selectFrom('links')
      .select([
        'id',
        'workspace_id',
        'code',
        'destination',
        'utm_source',
        'utm_medium',
        'utm_campaign',
        'utm_term',
        'utm_content',
        'title',
        'description',
        'image_url',
        'track_conversions',
        'expires_at',
        'archived_at',
        (eb) =>
          eb
            .selectFrom('share_links')
            .select('share_links.id')
            // Both columns, so the lookup uses share_links_link_idx (workspace_id, link_id).
            .whereRef('share_links.workspace_id', '=', 'links.workspace_id')
            .whereRef('share_links.link_id', '=', 'links.id')
            .limit(1)
            .as('share_link_id'),
      ])
      .where('domain', '=', '')
      .where('code', '=', code)
      .executeTakeFirst()
    const resolved = row ? resolvedFrom(row) : null
    if (generation !== this.#generation) return resolved
    if (resolved) this.#cache.set(code, resolved)
    else this.#cache.set(code, null, this.#missTtlMs)
    return resolved
  }
}
