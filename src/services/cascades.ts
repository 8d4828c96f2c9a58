import {
  branchTotals,
  type CascadeTree,
  CascadeTreeBuilder,
  cascadeReport,
  classifyMedia,
  type Exclusion,
  earnedMediaValue,
  estimateShareModel,
  filterAbuse,
  forecastReach,
  forecastReport,
  MEDIA_CLASSES,
  type MediaClass,
  subtreeSizes,
} from '../core/cascades/index.js'
import { notFound } from '../core/errors.js'
import type { ShareLinksTable, ShareRootKind } from '../storage/tables/share-links.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import type { NetworkAuthor } from './share-links-network.js'

type ShareRow = Omit<ShareLinksTable, 'workspace_id'>

/** One share link with what came through it (its own link only, not its branch). */
export interface CascadeNode {
  row: ShareRow
  /** Clicks by people (bots left out) on this share link's tracked link. */
  visits: number
  uniqueVisitors: number
  leads: number
  customers: number
  /** Minor units (cents). */
  revenue: number
  /** The visitor who made it only ever came as a bot. */
  bot: boolean
}

export interface LoadedCascade {
  rootKind: ShareRootKind
  rootId: string
  /** Input order: share links by created_at. */
  nodes: CascadeNode[]
  /** Every share link, abuse included. */
  whole: CascadeTree
  /** Abuse left out. */
  tree: CascadeTree
  excluded: Exclusion[]
}

export interface CascadeOptions {
  maxLinksPerVisitor?: number | undefined
}

/** Who a node's sharer is, for abuse checks: the visitor id, or the contact for links the business made. */
const sharerKey = (row: ShareRow) =>
  row.created_by_visitor ?? (row.contact_id ? `contact:${row.contact_id}` : null)

/** Per link: clicks and unique visitors (bots apart), and the visitors seen only as bots. */
async function trafficOf(scope: WorkspaceScope, linkIds: string[]) {
  const visits = new Map<string, { visits: number; unique: number }>()
  const botOnly = new Set<string>()
  if (linkIds.length === 0) return { visits, botOnly }
  const rows = await scope
    .selectFrom('clicks')
    .select(['link_id', 'visitor_id', 'is_bot'])
    .where('link_id', 'in', linkIds)
    .execute()
  const seen = new Map<string, Set<string>>()
  const human = new Set<string>()
  for (const r of rows) {
    if (r.is_bot) {
      botOnly.add(r.visitor_id)
      continue
    }
    human.add(r.visitor_id)
    const entry = visits.get(r.link_id) ?? { visits: 0, unique: 0 }
    entry.visits++
    const set = seen.get(r.link_id) ?? new Set()
    if (!set.has(r.visitor_id)) {
      set.add(r.visitor_id)
      entry.unique++
    }
    seen.set(r.link_id, set)
    visits.set(r.link_id, entry)
  }
  for (const v of human) botOnly.delete(v)
  return { visits, botOnly }
}

/**
 * Conversions credited to links: each lead or sale goes to the latest of its
 * touchpoints on one of `linkIds` (last click among these links).
 */
async function conversionsOf(scope: WorkspaceScope, linkIds: string[]) {
  const byLink = new Map<string, { leads: number; customers: number; revenue: number }>()
  if (linkIds.length === 0) return byLink
  const rows = await scope
    .selectFrom('conversion_touchpoints')
    .innerJoin('conversions', 'conversions.id', 'conversion_touchpoints.conversion_id')
    .select([
      'conversion_touchpoints.conversion_id',
      'conversion_touchpoints.link_id',
      'conversion_touchpoints.at',
      'conversions.kind',
      'conversions.amount',
    ])
    .where('conversions.workspace_id', '=', scope.workspaceId)
    .where('conversion_touchpoints.link_id', 'in', linkIds)
    .execute()
  const last = new Map<string, (typeof rows)[number]>()
  for (const r of rows) {
    const known = last.get(r.conversion_id)
    if (!known || Number(r.at) > Number(known.at)) last.set(r.conversion_id, r)
  }
  for (const r of last.values()) {
    const entry = byLink.get(r.link_id) ?? { leads: 0, customers: 0, revenue: 0 }
    if (r.kind === 'sale') {
      entry.customers++
      entry.revenue += Number(r.amount ?? 0)
    } else entry.leads++
    byLink.set(r.link_id, entry)
  }
  return byLink
}

function assemble(
  rootKind: ShareRootKind,
  rootId: string,
  rows: ShareRow[],
  traffic: Awaited<ReturnType<typeof trafficOf>>,
  conversions: Awaited<ReturnType<typeof conversionsOf>>,
  options: CascadeOptions,
): LoadedCascade {
  const nodes: CascadeNode[] = rows.map((row) => {
    const t = traffic.visits.get(row.link_id)
    const c = conversions.get(row.link_id)
    return {
      row,
      visits: t?.visits ?? 0,
      uniqueVisitors: t?.unique ?? 0,
      leads: c?.leads ?? 0,
      customers: c?.customers ?? 0,
      revenue: c?.revenue ?? 0,
      bot: row.created_by_visitor !== null && traffic.botOnly.has(row.created_by_visitor),
    }
  })
  const builder = new CascadeTreeBuilder()
  for (const n of nodes) builder.add(n.row.parent_share_link_id, n.row.id)
  const whole = builder.build()
  const { tree, excluded } = filterAbuse(whole, {
    visitors: nodes.map((n) => sharerKey(n.row)),
    bots: nodes.map((n) => n.bot),
    maxLinksPerVisitor: options.maxLinksPerVisitor,
  })
  return { rootKind, rootId, nodes, whole, tree, excluded }
}

/** Oldest first; at the same millisecond, parents before children (a root's id need not sort first). */
const byTime = (a: ShareRow, b: ShareRow) =>
  Number(a.created_at) - Number(b.created_at) ||
  a.generation - b.generation ||
  (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

const normalise = (r: ShareRow & Record<string, unknown>): ShareRow => ({
  id: r.id,
  link_id: r.link_id,
  parent_share_link_id: r.parent_share_link_id,
  root_kind: r.root_kind,
  root_id: r.root_id,
  generation: Number(r.generation),
  contact_id: r.contact_id,
  created_by_visitor: r.created_by_visitor,
  source: r.source,
  is_paid: Number(r.is_paid),
  created_at: Number(r.created_at),
  network_reshare_id: r.network_reshare_id,
  network_author: r.network_author,
})

/** Every cascade of the workspace (or one root's), loaded with its traffic and filtered. */
export async function loadCascades(
  scope: WorkspaceScope,
  filter: { rootKind?: ShareRootKind; rootId?: string },
  options: CascadeOptions = {},
): Promise<LoadedCascade[]> {
  let query = scope.selectFrom('share_links').selectAll()
  if (filter.rootKind) query = query.where('root_kind', '=', filter.rootKind)
  if (filter.rootId) query = query.where('root_id', '=', filter.rootId)
  const rows = (await query.execute()).map(normalise).sort(byTime)
  const linkIds = rows.map((r) => r.link_id)
  const [traffic, conversions] = await Promise.all([
    trafficOf(scope, linkIds),
    conversionsOf(scope, linkIds),
  ])
  const groups = new Map<string, ShareRow[]>()
  for (const r of rows) {
    const key = `${r.root_kind}\u0000${r.root_id}`
    const group = groups.get(key) ?? []
    group.push(r)
    groups.set(key, group)
  }
  return [...groups.values()].map((group) =>
    assemble(group[0]!.root_kind, group[0]!.root_id, group, traffic, conversions, options),
  )
}

export async function loadCascade(
  scope: WorkspaceScope,
  rootKind: ShareRootKind,
  rootId: string,
  options: CascadeOptions = {},
): Promise<LoadedCascade> {
  const [cascade] = await loadCascades(scope, { rootKind, rootId }, options)
  if (!cascade) throw notFound('Cascade')
  return cascade
}

/** The cascade's metrics (docs/word-of-mouth.md), with what was left out and why. */
export function cascadeMetricsReport(cascade: LoadedCascade): Record<string, unknown> {
  const { nodes } = cascade
  const report = cascadeReport({
    tree: cascade.tree,
    times: nodes.map((n) => n.row.created_at),
    excluded: cascade.excluded,
    conversions: nodes.map((n) => n.leads + n.customers),
    revenue: nodes.map((n) => n.revenue),
  })
  let visits = 0
  let leads = 0
  let customers = 0
  for (const n of nodes) {
    visits += n.visits
    leads += n.leads
    customers += n.customers
  }
  return {
    root: { kind: cascade.rootKind, id: cascade.rootId },
    visits,
    leads,
    customers,
    ...report,
  }
}

/** Branch totals (tree order) of the filtered tree for the values of each node. */
function branches(cascade: LoadedCascade) {
  const { tree, nodes } = cascade
  const of = (pick: (n: CascadeNode) => number) => branchTotals(tree, nodes.map(pick)).branch
  return {
    sizes: subtreeSizes(tree),
    visits: of((n) => n.visits),
    leads: of((n) => n.leads),
    customers: of((n) => n.customers),
    revenue: of((n) => n.revenue),
  }
}

export interface TreeNode {
  id: string
  parent_id: string | null
  /** The parent the metrics use: the nearest counted share link above (abuse left out). */
  counted_parent_id: string | null
  generation: number
  contact: { id: string; name: string } | null
  source: string
  /** For a repost, quote or boost on a network: who, and how. */
  network: (NetworkAuthor & { network: string }) | null
  is_paid: boolean
  created_at: number
  visits: number
  unique_visitors: number
  leads: number
  customers: number
  revenue: number
  excluded: { reason: string; detail: string } | null
  branch: {
    people_reached: number
    visits: number
    leads: number
    customers: number
    revenue: number
  } | null
}

/** Who reshared, for nodes that are reposts, quotes or boosts on a network. */
export function networkAuthorOf(row: ShareRow): (NetworkAuthor & { network: string }) | null {
  if (!row.network_author) return null
  try {
    return { ...(JSON.parse(row.network_author) as NetworkAuthor), network: row.source }
  } catch {
    return null
  }
}

const NETWORK_LABELS: Record<string, string> = { bluesky: 'Bluesky', mastodon: 'Mastodon' }

/** Nodes of the cascade (by created_at) with parent, contact name if known, and branch credit. */
export async function cascadeTree(scope: WorkspaceScope, cascade: LoadedCascade) {
  const { tree, nodes } = cascade
  const contactIds = [
    ...new Set(nodes.flatMap((n) => (n.row.contact_id ? [n.row.contact_id] : []))),
  ]
  const names = new Map<string, string>()
  if (contactIds.length > 0)
    for (const c of await scope
      .selectFrom('contacts')
      .select(['id', 'display_name'])
      .where('id', 'in', contactIds)
      .execute())
      names.set(c.id, c.display_name)
  const excluded = new Map(cascade.excluded.map((e) => [e.node, e]))
  const b = branches(cascade)
  const position = new Map<number, number>() // input index -> tree position
  for (let v = 0; v < tree.size; v++) position.set(tree.inputIndex[v]!, v)
  const out: TreeNode[] = nodes.map((n, i) => {
    const v = position.get(i)
    const e = excluded.get(i)
    const countedParent =
      v === undefined || v === 0 ? null : nodes[tree.inputIndex[tree.parent[v]!]!]!.row.id
    return {
      id: n.row.id,
      parent_id: n.row.parent_share_link_id,
      counted_parent_id: countedParent,
      generation: n.row.generation,
      contact: n.row.contact_id
        ? { id: n.row.contact_id, name: names.get(n.row.contact_id) ?? '' }
        : null,
      source: n.row.source,
      network: networkAuthorOf(n.row),
      is_paid: n.row.is_paid === 1,
      created_at: n.row.created_at,
      visits: n.visits,
      unique_visitors: n.uniqueVisitors,
      leads: n.leads,
      customers: n.customers,
      revenue: n.revenue,
      excluded: e ? { reason: e.reason, detail: e.detail } : null,
      branch:
        v === undefined
          ? null
          : {
              people_reached: b.sizes[v]! - 1,
              visits: b.visits[v]!,
              leads: b.leads[v]!,
              customers: b.customers[v]!,
              revenue: b.revenue[v]!,
            },
    }
  })
  return { root: { kind: cascade.rootKind, id: cascade.rootId }, nodes: out }
}

/** An anonymous sharer's label: their network handle, or a short piece of a daily visitor id. */
function sharerLabel(row: ShareRow, key: string): string {
  const author = networkAuthorOf(row)
  if (author) return `@${author.handle} on ${NETWORK_LABELS[author.network] ?? author.network}`
  return `visitor ${key.slice(0, 8)}`
}

export interface Advocate {
  /** Who, as rewards name them: `contact:<id>`, a daily visitor id, or `network:author id`. */
  sharer_key: string
  contact: { id: string; name: string } | null
  /** A short, stable label for anonymous sharers (part of a daily visitor id, never an address). */
  sharer: string
  share_links: number
  people_reached: number
  visitors: number
  leads: number
  customers: number
  revenue: number
}

/**
 * The sharers whose branches brought the most: each counted share link (the
 * business's originals left out) credits its sharer with everything that came
 * down its branch; a sharer's links in several cascades add up.
 */
export type SharerTotals = Advocate & { contactId: string | null }

/**
 * Every sharer's credit over the cascades, keyed as rewards and abuse checks key sharers:
 * `contact:<id>` for contacts, the visitor id (or `network:author`) for everyone else.
 */
export function sharerTotals(cascades: LoadedCascade[]): Map<string, SharerTotals> {
  const bySharer = new Map<string, SharerTotals>()
  for (const cascade of cascades) {
    const b = branches(cascade)
    for (let v = 1; v < cascade.tree.size; v++) {
      const row = cascade.nodes[cascade.tree.inputIndex[v]!]!.row
      const key = row.contact_id ? `contact:${row.contact_id}` : (row.created_by_visitor ?? row.id)
      const entry = bySharer.get(key) ?? {
        sharer_key: key,
        contactId: row.contact_id,
        contact: null,
        sharer: row.contact_id ? row.contact_id : sharerLabel(row, key),
        share_links: 0,
        people_reached: 0,
        visitors: 0,
        leads: 0,
        customers: 0,
        revenue: 0,
      }
      entry.share_links++
      entry.people_reached += b.sizes[v]! - 1
      entry.visitors += b.visits[v]!
      entry.leads += b.leads[v]!
      entry.customers += b.customers[v]!
      entry.revenue += b.revenue[v]!
      bySharer.set(key, entry)
    }
  }
  return bySharer
}

/** Contact names by id, for labels. */
export async function contactNames(scope: WorkspaceScope, ids: string[]) {
  const names = new Map<string, string>()
  if (ids.length > 0)
    for (const c of await scope
      .selectFrom('contacts')
      .select(['id', 'display_name'])
      .where('id', 'in', ids)
      .execute())
      names.set(c.id, c.display_name)
  return names
}

export async function rankSharers(
  scope: WorkspaceScope,
  cascades: LoadedCascade[],
  limit: number,
  onlyContact?: string | undefined,
): Promise<Advocate[]> {
  const bySharer = sharerTotals(cascades)
  const top = [...bySharer.values()]
    .filter((a) => onlyContact === undefined || a.contactId === onlyContact)
    .sort(
      (a, b) =>
        b.revenue - a.revenue ||
        b.customers - a.customers ||
        b.leads - a.leads ||
        b.visitors - a.visitors ||
        b.people_reached - a.people_reached,
    )
    .slice(0, limit)
  const contactIds = top.flatMap((a) => (a.contactId ? [a.contactId] : []))
  const names = new Map<string, string>()
  if (contactIds.length > 0)
    for (const c of await scope
      .selectFrom('contacts')
      .select(['id', 'display_name'])
      .where('id', 'in', contactIds)
      .execute())
      names.set(c.id, c.display_name)
  return top.map(({ contactId, ...a }) => ({
    ...a,
    contact: contactId ? { id: contactId, name: names.get(contactId) ?? '' } : null,
    sharer: contactId ? (names.get(contactId) ?? a.sharer) : a.sharer,
  }))
}

type Totals = {
  visits: number
  unique_visitors: number
  leads: number
  customers: number
  revenue: number
}
const zero = (): Totals => ({ visits: 0, unique_visitors: 0, leads: 0, customers: 0, revenue: 0 })

/**
 * Visits, leads, customers and revenue of every tracked link of the workspace,
 * split owned / earned / paid (classifyMedia, per link: all clicks on one link
 * share its class). Share links count at their generation; other tracked links
 * are the business's own (generation 0). A conversion goes to its last touchpoint.
 */
export async function mediaSplit(
  scope: WorkspaceScope,
  rates: { costPerClick?: number | undefined; costPerThousandImpressions?: number | undefined },
) {
  const links = await scope
    .selectFrom('links')
    .leftJoin('share_links', (join) =>
      join
        .onRef('share_links.link_id', '=', 'links.id')
        .onRef('share_links.workspace_id', '=', 'links.workspace_id'),
    )
    .select(['links.id', 'links.utm_medium', 'share_links.generation', 'share_links.is_paid'])
    .execute()
  const classOf = new Map<string, { mediaClass: MediaClass; reason: string }>()
  for (const l of links)
    classOf.set(
      l.id,
      classifyMedia({
        paidLink: Number(l.is_paid ?? 0) === 1,
        utmMedium: l.utm_medium,
        shareDepth: l.generation === null ? 0 : Number(l.generation),
      }),
    )
  const ids = [...classOf.keys()]
  const [traffic, conversions] = await Promise.all([
    trafficOf(scope, ids),
    conversionsOf(scope, ids),
  ])
  const totals = Object.fromEntries(MEDIA_CLASSES.map((m) => [m, zero()])) as Record<
    MediaClass,
    Totals
  >
  const reasons = Object.fromEntries(MEDIA_CLASSES.map((m) => [m, new Set<string>()])) as Record<
    MediaClass,
    Set<string>
  >
  for (const [id, { mediaClass, reason }] of classOf) {
    const t = traffic.visits.get(id)
    const c = conversions.get(id)
    if (!t && !c) continue
    const into = totals[mediaClass]
    into.visits += t?.visits ?? 0
    into.unique_visitors += t?.unique ?? 0
    into.leads += c?.leads ?? 0
    into.customers += c?.customers ?? 0
    into.revenue += c?.revenue ?? 0
    reasons[mediaClass].add(reason.replace(/ \(generation \d+\)/, ''))
  }
  const value = earnedMediaValue({
    earnedClicks: totals.earned.visits,
    earnedImpressions: null,
    costPerClick: rates.costPerClick ?? null,
    costPerThousandImpressions: rates.costPerThousandImpressions ?? null,
  })
  return {
    ...totals,
    reasons: Object.fromEntries(MEDIA_CLASSES.map((m) => [m, [...reasons[m]].sort()])),
    earned_media_value: value
      ? { value: value.value, method: value.method }
      : {
          value: null,
          method:
            rates.costPerThousandImpressions !== undefined
              ? 'Not computed: Murmur does not know earned impressions yet; give cost_per_click to value earned clicks.'
              : 'Not computed: give cost_per_click (minor units) to value earned clicks.',
        },
  }
}

/** A reach forecast from the workspace's past cascades (abuse left out). */
export function reachForecast(
  cascades: LoadedCascade[],
  options: { runs?: number | undefined; seed?: number | undefined },
) {
  const model = estimateShareModel(cascades.map((c) => c.tree))
  const forecast = forecastReach(model, {
    ...(options.runs !== undefined ? { runs: options.runs } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  })
  return forecastReport(model, forecast)
}
