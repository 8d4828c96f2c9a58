import { sql } from 'kysely'
import { conflict, invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import { generateCode, parseBackHalf } from '../core/links/codes.js'
import { parseDestination, parseImageUrl } from '../core/links/destination.js'
import { applyUtm, UTM_KEYS, type UtmKey, type UtmTags, utmForDelivery } from '../core/links/utm.js'
import { moveLinkHistory } from '../links/campaign-rollups.js'
import { lockRollupState } from '../links/rollup-job.js'
import { shortDomainsFor } from '../links/short-domains.js'
import { runningLinkTraffic } from '../links/traffic.js'
import type { Murmur } from '../murmur.js'
import type { LinksTable } from '../storage/tables/links.js'
import { isUniqueViolation } from '../storage/unique-violation.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'

export interface Link {
  id: string
  code: string
  short_url: string
  destination: string
  /** The destination with the link's UTM tags: where a visitor lands (plus the click id). */
  final_url: string
  utm_source: string | null
  utm_medium: string | null
  utm_campaign: string | null
  utm_term: string | null
  utm_content: string | null
  title: string | null
  description: string | null
  image_url: string | null
  campaign: string | null
  delivery_id: string | null
  track_conversions: boolean
  expires_at: number | null
  archived_at: number | null
  created_by: string | null
  created_at: number
  updated_at: number
}

export interface LinkFields extends UtmTags {
  destination?: string | undefined
  code?: string | undefined
  title?: string | null | undefined
  description?: string | null | undefined
  image_url?: string | null | undefined
  campaign?: string | null | undefined
  track_conversions?: boolean | undefined
  expires_at?: number | null | undefined
}

export interface CreateLinkInput extends LinkFields {
  destination: string
  delivery_id?: string | null | undefined
  createdBy: string | null
}

export interface UpdateLinkInput extends LinkFields {
  archived?: boolean | undefined
}

/**
 * The short address of a code: on the workspace's custom short domain when it has one
 * (`https://go.shop.example/CODE`, served over https by the proxy in front of Murmur), else
 * on Murmur's own host (`{publicUrl}/l/CODE`, which works on every host).
 */
export function shortUrl(murmur: Murmur, code: string, shortDomain?: string): string {
  return shortDomain ? `https://${shortDomain}/${code}` : `${murmur.config.publicUrl}/l/${code}`
}

/** The workspace's custom short domain, if it has one (from memory; see ShortDomains). */
export const shortDomainOf = (murmur: Murmur, scope: WorkspaceScope) =>
  shortDomainsFor(murmur.db).domainOf(scope.workspaceId)

function present(murmur: Murmur, row: LinksTable, shortDomain?: string): Link {
  return {
    id: row.id,
    code: row.code,
    short_url: shortUrl(murmur, row.code, shortDomain),
    destination: row.destination,
    final_url: applyUtm(row.destination, row),
    utm_source: row.utm_source,
    utm_medium: row.utm_medium,
    utm_campaign: row.utm_campaign,
    utm_term: row.utm_term,
    utm_content: row.utm_content,
    title: row.title,
    description: row.description,
    image_url: row.image_url,
    campaign: row.campaign,
    delivery_id: row.delivery_id,
    track_conversions: row.track_conversions === 1,
    expires_at: row.expires_at,
    archived_at: row.archived_at,
    created_by: row.created_by,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}

const text = (value: string | null | undefined, max: number): string | null => {
  const trimmed = value?.trim()
  return trimmed ? trimmed.slice(0, max) : null
}

/** The columns a create or an edit sets, validated; fields left undefined are not touched. */
function columnsOf(murmur: Murmur, fields: LinkFields): Partial<LinksTable> {
  const columns: Partial<LinksTable> = {}
  if (fields.destination !== undefined)
    columns.destination = parseDestination(fields.destination, murmur.config.publicUrl)
  for (const key of UTM_KEYS) {
    if (fields[key] !== undefined) columns[key as UtmKey] = text(fields[key], 255)
  }
  if (fields.title !== undefined) columns.title = text(fields.title, 200)
  if (fields.description !== undefined) columns.description = text(fields.description, 500)
  if (fields.image_url !== undefined)
    columns.image_url = fields.image_url?.trim() ? parseImageUrl(fields.image_url) : null
  if (fields.campaign !== undefined) columns.campaign = text(fields.campaign, 120)
  if (fields.track_conversions !== undefined)
    columns.track_conversions = fields.track_conversions ? 1 : 0
  if (fields.expires_at !== undefined) {
    if (fields.expires_at !== null && fields.expires_at <= murmur.now()) {
      const message = 'The expiry date is in the past. Pick a later one, or archive the link.'
      throw invalid(message, [{ path: 'expires_at', message }])
    }
    columns.expires_at = fields.expires_at
  }
  return columns
}

async function codeTaken(scope: WorkspaceScope, code: string): Promise<boolean> {
  // Codes are unique across workspaces: this is the one read outside the scope, and it reveals
  // no more than the redirect itself does (whether /l/CODE exists).
  const row = await scope.db
    .selectFrom('links')
    .select('id')
    .where('domain', '=', '')
    .where('code', '=', code)
    .executeTakeFirst()
  return row !== undefined
}

const takenError = (code: string) =>
  conflict(`The back-half "${code}" is already in use. Try another one.`, [
    { path: 'code', message: 'Already in use' },
  ])

export async function createLink(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: CreateLinkInput,
): Promise<Link> {
  const columns = columnsOf(murmur, input)
  const custom = input.code !== undefined ? parseBackHalf(input.code) : undefined
  const now = murmur.now()
  for (let attempt = 0; attempt < 8; attempt++) {
    const code = custom ?? generateCode()
    if (await codeTaken(scope, code)) {
      if (custom) throw takenError(custom)
      continue
    }
    const row: LinksTable = {
      id: newId('lnk', now),
      workspace_id: scope.workspaceId,
      domain: '',
      code,
      destination: columns.destination ?? '',
      utm_source: columns.utm_source ?? null,
      utm_medium: columns.utm_medium ?? null,
      utm_campaign: columns.utm_campaign ?? null,
      utm_term: columns.utm_term ?? null,
      utm_content: columns.utm_content ?? null,
      title: columns.title ?? null,
      description: columns.description ?? null,
      image_url: columns.image_url ?? null,
      campaign: columns.campaign ?? null,
      delivery_id: text(input.delivery_id, 64),
      track_conversions: columns.track_conversions ?? 1,
      expires_at: columns.expires_at ?? null,
      archived_at: null,
      created_by: input.createdBy,
      created_at: now,
      updated_at: now,
    }
    try {
      const { workspace_id: _, ...values } = row
      await scope.insertInto('links', values).execute()
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      if (custom) throw takenError(custom)
      continue // a twin took the same random code in the meantime
    }
    runningLinkTraffic(murmur)?.forget(code) // it may be cached as unknown
    return present(murmur, row, await shortDomainOf(murmur, scope))
  }
  throw conflict('Could not find a free short code; please try again.')
}

/**
 * The link for a post going to one network, tagged utm_source = network,
 * utm_medium = social, utm_campaign = campaign, utm_content = post (the
 * destination's own utm_* parameters win over these).
 */
export function createLinkForDelivery(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: {
    destination: string
    deliveryId: string
    network: string
    postId: string
    campaign?: string | null | undefined
    createdBy: string | null
  },
): Promise<Link> {
  return createLink(murmur, scope, {
    destination: input.destination,
    delivery_id: input.deliveryId,
    campaign: input.campaign,
    createdBy: input.createdBy,
    ...utmForDelivery({ network: input.network, campaign: input.campaign, postId: input.postId }),
  })
}

async function findRow(scope: WorkspaceScope, id: string): Promise<LinksTable> {
  const row = await scope.selectFrom('links').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('Link')
  return row
}

export async function getLink(murmur: Murmur, scope: WorkspaceScope, id: string): Promise<Link> {
  return present(murmur, await findRow(scope, id), await shortDomainOf(murmur, scope))
}

export async function updateLink(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
  input: UpdateLinkInput,
): Promise<Link> {
  const before = await findRow(scope, id)
  const columns = columnsOf(murmur, input)
  if (input.code !== undefined) {
    const code = parseBackHalf(input.code)
    if (code !== before.code) {
      if (await codeTaken(scope, code)) throw takenError(code)
      columns.code = code
    }
  }
  if (input.archived !== undefined)
    columns.archived_at = input.archived ? (before.archived_at ?? murmur.now()) : null
  columns.updated_at = murmur.now()
  try {
    if (columns.campaign === undefined)
      await scope.updateTable('links').set(columns).where('id', '=', id).execute()
    else await updateWithCampaign(scope, id, columns, murmur.now())
  } catch (error) {
    if (isUniqueViolation(error) && columns.code) throw takenError(columns.code)
    throw error
  }
  const traffic = runningLinkTraffic(murmur)
  traffic?.forget(before.code)
  if (columns.code) traffic?.forget(columns.code)
  return present(murmur, { ...before, ...columns }, await shortDomainOf(murmur, scope))
}

/**
 * An edit that sets the campaign: the link's clicks so far move with it to
 * the new campaign's rollup rows, in the same transaction. The rollup state
 * lock comes first, so the rollup job and late clicks write before or after
 * the move, never in between (they read the link's campaign under it too).
 */
async function updateWithCampaign(
  scope: WorkspaceScope,
  id: string,
  columns: Partial<LinksTable>,
  now: number,
): Promise<void> {
  await scope.transaction(async (trx) => {
    await lockRollupState(trx.db, now)
    const current = await trx
      .selectFrom('links')
      .select('campaign')
      .where('id', '=', id)
      .executeTakeFirst()
    await trx.updateTable('links').set(columns).where('id', '=', id).execute()
    if (current) await moveLinkHistory(trx, id, current.campaign, columns.campaign ?? null)
  })
}

export interface LinkListFilter {
  limit: number
  cursor?: string | undefined
  state?: 'active' | 'archived' | 'all' | undefined
  campaign?: string | undefined
  delivery_id?: string | undefined
  search?: string | undefined
}

/** Newest first, `limit` at a time; the cursor is the id of the last link of the previous page. */
export async function listLinks(
  murmur: Murmur,
  scope: WorkspaceScope,
  filter: LinkListFilter,
): Promise<{ data: Link[]; next_cursor: string | null }> {
  let query = scope
    .selectFrom('links')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
  if (filter.cursor) query = query.where('id', '<', filter.cursor)
  const state = filter.state ?? 'active'
  if (state === 'active') query = query.where('archived_at', 'is', null)
  if (state === 'archived') query = query.where('archived_at', 'is not', null)
  if (filter.campaign) query = query.where('campaign', '=', filter.campaign)
  if (filter.delivery_id) query = query.where('delivery_id', '=', filter.delivery_id)
  if (filter.search) {
    const pattern = `%${filter.search.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
    // An explicit ESCAPE: SQLite has no default escape character for LIKE.
    const like = (column: string) =>
      sql<boolean>`lower(coalesce(${sql.ref(column)}, '')) like ${pattern} escape '\\'`
    query = query.where((eb) => eb.or([like('destination'), like('title'), like('code')]))
  }
  const rows = await query.execute()
  const page = rows.slice(0, filter.limit)
  const more = rows.length > filter.limit
  const shortDomain = await shortDomainOf(murmur, scope)
  return {
    data: page.map((row) => present(murmur, row, shortDomain)),
    next_cursor: more ? (page.at(-1)?.id ?? null) : null,
  }
}

/** All-time clicks of some links, from the hourly rollup. */
export async function linkTotals(
  scope: WorkspaceScope,
  linkIds: string[],
): Promise<Map<string, { clicks: number; unique_clicks: number }>> {
  const totals = new Map<string, { clicks: number; unique_clicks: number }>()
  if (linkIds.length === 0) return totals
  const rows = await scope
    .selectFrom('click_hourly')
    .select((eb) => [
      'link_id',
      eb.fn.sum<number>('clicks').as('clicks'),
      eb.fn.sum<number>('unique_clicks').as('unique_clicks'),
    ])
    .where('link_id', 'in', linkIds)
    .groupBy('link_id')
    .execute()
  for (const row of rows) {
    totals.set(row.link_id, {
      clicks: Number(row.clicks),
      unique_clicks: Number(row.unique_clicks),
    })
  }
  return totals
}
