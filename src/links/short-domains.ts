import type { Kysely } from 'kysely'
import type { Schema } from '../storage/schema.js'

/** How often each process re-reads the short domains: an edit made in another process lands within this. */
export const SHORT_DOMAINS_REFRESH_MS = 30_000

/**
 * Every workspace's custom short domain, held in memory both ways (host to
 * workspace for the redirect, workspace to host for short addresses). There is
 * at most one per workspace, so the whole table fits in memory, and the
 * redirect can tell a short domain from any other host without awaiting.
 */
export class ShortDomains {
  #byHost = new Map<string, string>()
  #byWorkspace = new Map<string, string>()
  #loadedAt = Number.NEGATIVE_INFINITY
  #loading: Promise<void> | undefined

  constructor(
    private readonly db: Kysely<Schema>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The workspace a host (without port, any case) serves short links for; undefined for other hosts. */
  workspaceFor(host: string): string | undefined {
    this.#refreshIfStale()
    return this.#byHost.get(host)
  }

  /** The custom short domain of a workspace, read fresh enough (awaits the first load). */
  async domainOf(workspaceId: string): Promise<string | undefined> {
    await this.ready()
    return this.#byWorkspace.get(workspaceId)
  }

  /** Loaded at least once (and re-read if stale). */
  async ready(): Promise<void> {
    if (this.now() - this.#loadedAt >= SHORT_DOMAINS_REFRESH_MS) await this.reload()
  }

  /** Re-reads the table now (after a settings change in this process). */
  reload(): Promise<void> {
    if (!this.#loading) {
      this.#loading = this.#load().finally(() => {
        this.#loading = undefined
      })
    }
    return this.#loading
  }

  #refreshIfStale(): void {
    if (this.now() - this.#loadedAt < SHORT_DOMAINS_REFRESH_MS || this.#loading) return
    // In the background: the redirect keeps answering from the current map meanwhile.
    this.reload().catch(() => undefined)
  }

  async #load(): Promise<void> {
    const rows = await this.db
      .selectFrom('traffic_settings')
      .select(['workspace_id', 'short_domain'])
      .where('short_domain', 'is not', null)
      .execute()
    const byHost = new Map<string, string>()
    const byWorkspace = new Map<string, string>()
    for (const row of rows) {
      if (!row.short_domain) continue
      byHost.set(row.short_domain, row.workspace_id)
      byWorkspace.set(row.workspace_id, row.short_domain)
    }
    this.#byHost = byHost
    this.#byWorkspace = byWorkspace
    this.#loadedAt = this.now()
  }
}

const registries = new WeakMap<object, ShortDomains>()

/** The process's registry for this database. */
export function shortDomainsFor(db: Kysely<Schema>, now?: () => number): ShortDomains {
  let registry = registries.get(db)
  if (!registry) {
    registry = new ShortDomains(db, now)
    registries.set(db, registry)
  }
  return registry
}

/** The host of a Host header: lower case, without the port or a trailing dot. */
export function hostName(header: string | undefined): string {
  if (!header) return ''
  const lower = header.toLowerCase()
  const host = lower.startsWith('[') ? lower.slice(0, lower.indexOf(']') + 1) : lower.split(':')[0]
  return (host ?? '').replace(/\.$/, '')
}
