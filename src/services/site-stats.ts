import { sql } from 'kysely'
import type { WorkspaceScope } from '../storage/workspace-scope.js'

export interface SiteStats {
  page_views: number
  visitors: number
  /** Page views of visits that arrived through a tracked link (they carry its click id). */
  page_views_from_links: number
  top_pages: Array<{ host: string; path: string; page_views: number }>
  top_referrers: Array<{ referrer_host: string; page_views: number }>
  /** Page views per link the visit came through, with the link's post delivery and campaign. */
  by_link: Array<{
    link_id: string
    code: string
    delivery_id: string | null
    campaign: string | null
    page_views: number
    visitors: number
  }>
}

/**
 * What the site script reported in a period: page views, visitors, top pages
 * and referrers, and which links (so which posts and networks) the visits came
 * through. Page views join their click by the click id, while raw clicks are kept.
 */
export async function siteStats(
  scope: WorkspaceScope,
  period: { from: number; to: number },
  limit = 20,
): Promise<SiteStats> {
  const inPeriod = () =>
    scope
      .selectFrom('page_views')
      .where('page_views.at', '>=', period.from)
      .where('page_views.at', '<', period.to)
  const totals = await inPeriod()
    .select((eb) => [
      eb.fn.countAll<number>().as('page_views'),
      eb.fn.count<number>('visitor_id').distinct().as('visitors'),
      eb.fn.count<number>('click_id').as('from_links'),
    ])
    .executeTakeFirstOrThrow()
  const pages = await inPeriod()
    .select((eb) => ['host', 'path', eb.fn.countAll<number>().as('n')])
    .groupBy(['host', 'path'])
    .orderBy('n', 'desc')
    .orderBy('path')
    .limit(limit)
    .execute()
  const referrers = await inPeriod()
    .select((eb) => ['referrer_host', eb.fn.countAll<number>().as('n')])
    .where('referrer_host', 'is not', null)
    .groupBy('referrer_host')
    .orderBy('n', 'desc')
    .orderBy('referrer_host')
    .limit(limit)
    .execute()
  const byLink = await inPeriod()
    .innerJoin('clicks', 'clicks.id', 'page_views.click_id')
    .innerJoin('links', 'links.id', 'clicks.link_id')
    .where('clicks.workspace_id', '=', scope.workspaceId)
    .where('links.workspace_id', '=', scope.workspaceId)
    .select((eb) => [
      'links.id as link_id',
      'links.code',
      'links.delivery_id',
      'links.campaign',
      eb.fn.countAll<number>().as('n'),
      sql<number>`count(distinct page_views.visitor_id)`.as('visitors'),
    ])
    .groupBy(['links.id', 'links.code', 'links.delivery_id', 'links.campaign'])
    .orderBy('n', 'desc')
    .orderBy('links.id')
    .limit(limit)
    .execute()
  return {
    page_views: Number(totals.page_views),
    visitors: Number(totals.visitors),
    page_views_from_links: Number(totals.from_links),
    top_pages: pages.map((p) => ({ host: p.host, path: p.path, page_views: Number(p.n) })),
    top_referrers: referrers.map((r) => ({
      referrer_host: r.referrer_host ?? '',
      page_views: Number(r.n),
    })),
    by_link: byLink.map((l) => ({
      link_id: l.link_id,
      code: l.code,
      delivery_id: l.delivery_id,
      campaign: l.campaign,
      page_views: Number(l.n),
      visitors: Number(l.visitors),
    })),
  }
}
