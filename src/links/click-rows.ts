import { type AgentDescription, describeAgent } from '../core/links/agents.js'
import { countryOf } from '../core/links/country.js'
import { referrerHost } from '../core/links/referrer.js'
import { startOfUtcDay, startOfUtcHour, visitorId } from '../core/links/visitor.js'
import type { Schema } from '../storage/schema.js'
import { BoundedCache } from './bounded-cache.js'
import type { PendingClick } from './click-recorder.js'
import type { RecentUniques } from './recent-uniques.js'

export type ClickRow = Omit<Schema['clicks'], 'workspace_id'>
export type HourlyRow = Omit<Schema['click_hourly'], 'workspace_id'>
export type DailyRow = Omit<Schema['click_daily'], 'workspace_id'>

/** The link id of rollup rows that hold the whole workspace. */
export const WHOLE_WORKSPACE = ''

/**
 * The link id of rollup rows that hold one campaign: a campaign widget reads
 * one key instead of every link of the campaign. The prefix cannot be a real
 * link id (those start with `lnk_`) nor the whole-workspace key.
 */
export const campaignRollupKey = (campaign: string) => `~campaign:${campaign}`

/** Whether a rollup row's link id is a real link's (not a workspace or campaign sum). */
export const isLinkRollupKey = (linkId: string) =>
  linkId !== WHOLE_WORKSPACE && !linkId.startsWith('~')

/** The campaign of a link of a workspace; null or undefined when it has none (or is unknown). */
export type CampaignOf = (workspace: string, linkId: string) => string | null | undefined

export const DIMENSIONS = ['country', 'device', 'browser', 'os', 'referrer', 'via'] as const
export type Dimension = (typeof DIMENSIONS)[number]

/**
 * Clicks that share workspace, link, hour and every dimension value, counted:
 * what the rollup rows are made from, whether the clicks come from memory or
 * from a GROUP BY over the raw table.
 */
export interface ClickGroup {
  workspace: string
  linkId: string
  hour: number
  /** Undefined for bot hits, which only count in `bots`. */
  values: Record<Dimension, string> | undefined
  clicks: number
  unique: number
  bots: number
}

// Parsing a user agent costs ~75 µs; the same few hundred agents make most clicks.
const agents = new BoundedCache<AgentDescription>(2_000, 3_600_000)

function describe(userAgent: string): AgentDescription {
  let description = agents.get(userAgent)
  if (!description) {
    description = describeAgent(userAgent)
    agents.set(userAgent, description)
  }
  return description
}

export function dimensionValues(row: {
  country: string | null
  device: string
  browser: string | null
  os: string | null
  referrer_host: string | null
  via_qr: number
}): Record<Dimension, string> {
  return {
    country: row.country ?? 'unknown',
    device: row.device,
    browser: row.browser ?? 'unknown',
    os: row.os ?? 'unknown',
    referrer: row.referrer_host ?? 'direct',
    via: row.via_qr ? 'qr' : 'link',
  }
}

/**
 * Turns buffered clicks into stored rows: the visitor id replaces the IP and
 * user agent, which go no further than this function. Clicks older than
 * `lateBefore` are marked rolled and grouped here, because the rollup job has
 * already passed their time; the others are left to the job.
 */
export function clickRows(
  batch: readonly PendingClick[],
  saltOf: (day: number) => string,
  uniques: RecentUniques,
  lateBefore: number,
): { byWorkspace: Map<string, ClickRow[]>; lateGroups: ClickGroup[] } {
  const byWorkspace = new Map<string, ClickRow[]>()
  const late = new Map<string, ClickGroup>()
  for (const click of batch) {
    let rows = byWorkspace.get(click.workspaceId)
    if (!rows) {
      rows = []
      byWorkspace.set(click.workspaceId, rows)
    }
    const visitor = visitorId(
      saltOf(startOfUtcDay(click.at)),
      click.workspaceId,
      click.ip,
      click.userAgent,
    )
    const agent = click.isBot ? undefined : describe(click.userAgent)
    const isLate = click.at < lateBefore
    const row: ClickRow = {
      id: click.clickId,
      link_id: click.linkId,
      at: click.at,
      visitor_id: visitor,
      referrer_host: referrerHost(click.referer),
      country: click.isBot ? null : countryOf(click.ip),
      device: agent?.device ?? 'bot',
      browser: agent?.browser ?? null,
      os: agent?.os ?? null,
      is_bot: click.isBot ? 1 : 0,
      is_unique:
        !click.isBot && uniques.check(click.linkId, visitor, click.at, click.clickId) ? 1 : 0,
      via_qr: click.viaQr ? 1 : 0,
      rolled: isLate ? 1 : 0,
    }
    rows.push(row)
    if (isLate) addToGroups(late, click.workspaceId, row)
  }
  return { byWorkspace, lateGroups: [...late.values()] }
}

// In a group key, a missing value: no country, browser or host is spelled so.
const NONE = '\u0001'

/** What grouping needs of a click, as stored (PostgreSQL may answer numbers as strings). */
export type GroupableClick = Pick<
  ClickRow,
  'link_id' | 'country' | 'device' | 'browser' | 'os' | 'referrer_host'
> & {
  at: number | string
  via_qr: number | string
  is_bot: number | string
  is_unique: number | string
}

/**
 * Adds a click to its group: one string key per click, where summing it
 * straight into the rollups took seven (an hourly key and one per dimension).
 */
export function addToGroups(
  groups: Map<string, ClickGroup>,
  workspace: string,
  row: GroupableClick,
): void {
  const hour = startOfUtcHour(Number(row.at))
  const isBot = Number(row.is_bot) === 1
  const key = isBot
    ? `${workspace}\u0000${row.link_id}\u0000${hour}\u0000bot`
    : `${workspace}\u0000${row.link_id}\u0000${hour}\u0000${row.country ?? NONE}\u0000${row.device}\u0000${row.browser ?? NONE}\u0000${row.os ?? NONE}\u0000${row.referrer_host ?? NONE}\u0000${row.via_qr}`
  let group = groups.get(key)
  if (!group) {
    const values = isBot ? undefined : dimensionValues({ ...row, via_qr: Number(row.via_qr) })
    group = { workspace, linkId: row.link_id, hour, values, clicks: 0, unique: 0, bots: 0 }
    groups.set(key, group)
  }
  if (isBot) group.bots++
  else {
    group.clicks++
    group.unique += Number(row.is_unique)
  }
}

/**
 * Rollup increments summed in memory, so each rollup row is written once per
 * batch however many clicks share it. Clicks go in per link (one hourly key
 * and one daily key per dimension); the whole-workspace and campaign rows are
 * summed from the link rows at the end, which are far fewer than the clicks.
 */
export class RollupSums {
  readonly #hourly = new Map<string, HourlyRow & { workspace: string }>()
  readonly #daily = new Map<string, DailyRow & { workspace: string }>()

  /** Clicks that share workspace, link, hour and (for people) every dimension value. */
  add(
    workspace: string,
    linkId: string,
    hour: number,
    values: Record<Dimension, string> | undefined,
    counts: { clicks: number; unique: number; bots: number },
  ): void {
    this.#addHour(workspace, linkId, hour, counts.clicks, counts.unique, counts.bots)
    if (!values || counts.clicks === 0) return
    const day = startOfUtcDay(hour)
    for (const dimension of DIMENSIONS) {
      this.#addDay(
        workspace,
        linkId,
        day,
        dimension,
        values[dimension],
        counts.clicks,
        counts.unique,
      )
    }
  }

  #addHour(
    workspace: string,
    linkId: string,
    hour: number,
    clicks: number,
    unique: number,
    bots: number,
  ): void {
    const key = `${workspace}\u0000${linkId}\u0000${hour}`
    const row = this.#hourly.get(key)
    if (row) {
      row.clicks += clicks
      row.unique_clicks += unique
      row.bot_hits += bots
    } else {
      this.#hourly.set(key, {
        workspace,
        link_id: linkId,
        hour,
        clicks,
        unique_clicks: unique,
        bot_hits: bots,
      })
    }
  }

  #addDay(
    workspace: string,
    linkId: string,
    day: number,
    dimension: string,
    value: string,
    clicks: number,
    unique: number,
  ): void {
    const key = `${workspace}\u0000${linkId}\u0000${day}\u0000${dimension}\u0000${value}`
    const row = this.#daily.get(key)
    if (row) {
      row.clicks += clicks
      row.unique_clicks += unique
    } else {
      this.#daily.set(key, {
        workspace,
        link_id: linkId,
        day,
        dimension,
        value,
        clicks,
        unique_clicks: unique,
      })
    }
  }

  /** The real links summed here, per workspace (whose campaigns `rows` needs). */
  linkIds(): Map<string, Set<string>> {
    const byWorkspace = new Map<string, Set<string>>()
    for (const { workspace, link_id } of this.#hourly.values()) {
      if (!isLinkRollupKey(link_id)) continue
      let ids = byWorkspace.get(workspace)
      if (!ids) {
        ids = new Set()
        byWorkspace.set(workspace, ids)
      }
      ids.add(link_id)
    }
    return byWorkspace
  }

  /**
   * The rows to add, per workspace, the whole-workspace rows included, and
   * the campaign rows of the links `campaignOf` knows a campaign of. Both are
   * summed from the link rows, which are far fewer than the clicks.
   */
  rows(
    campaignOf: CampaignOf = () => undefined,
  ): Map<string, { hourly: HourlyRow[]; daily: DailyRow[] }> {
    const byWorkspace = new Map<string, { hourly: HourlyRow[]; daily: DailyRow[] }>()
    const target = (workspace: string) => {
      let entry = byWorkspace.get(workspace)
      if (!entry) {
        entry = { hourly: [], daily: [] }
        byWorkspace.set(workspace, entry)
      }
      return entry
    }
    // The sums' keys: the whole workspace, and the link's campaign if it has one.
    const keysOf = (workspace: string, linkId: string): string[] => {
      if (!isLinkRollupKey(linkId)) return []
      const campaign = campaignOf(workspace, linkId)
      return campaign ? [WHOLE_WORKSPACE, campaignRollupKey(campaign)] : [WHOLE_WORKSPACE]
    }
    const sums = new RollupSums()
    for (const { workspace, ...row } of this.#hourly.values()) {
      target(workspace).hourly.push(row)
      for (const key of keysOf(workspace, row.link_id))
        sums.#addHour(workspace, key, row.hour, row.clicks, row.unique_clicks, row.bot_hits)
    }
    for (const { workspace, ...row } of this.#daily.values()) {
      target(workspace).daily.push(row)
      for (const key of keysOf(workspace, row.link_id))
        sums.#addDay(
          workspace,
          key,
          row.day,
          row.dimension,
          row.value,
          row.clicks,
          row.unique_clicks,
        )
    }
    for (const { workspace, ...row } of sums.#hourly.values()) target(workspace).hourly.push(row)
    for (const { workspace, ...row } of sums.#daily.values()) target(workspace).daily.push(row)
    return byWorkspace
  }
}

/** Click groups summed per rollup key (the link rows; `rows` adds the workspace and campaign ones). */
export function rollupSums(groups: Iterable<ClickGroup>): RollupSums {
  const sums = new RollupSums()
  for (const group of groups)
    sums.add(group.workspace, group.linkId, group.hour, group.values, group)
  return sums
}
