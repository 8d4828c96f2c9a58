import { type AgentDescription, describeAgent } from '../core/links/agents.js'
import { countryOf } from '../core/links/country.js'
import { referrerHost } from '../core/links/referrer.js'
import { startOfUtcDay, startOfUtcHour, visitorId } from '../core/links/visitor.js'
import type { Schema } from '../storage/schema.js'
import { BoundedCache } from './bounded-cache.js'
import type { PendingClick } from './click-recorder.js'
import type { RecentUniques } from './recent-uniques.js'

type ClickRow = Omit<Schema['clicks'], 'workspace_id'>
type HourlyRow = Omit<Schema['click_hourly'], 'workspace_id'>
type DailyRow = Omit<Schema['click_daily'], 'workspace_id'>

/** What one batch of clicks becomes, per workspace: raw rows and rollup increments. */
export interface WorkspaceBatch {
  clicks: ClickRow[]
  hourly: HourlyRow[]
  daily: DailyRow[]
}

/** The link id of rollup rows that hold the whole workspace. */
export const WHOLE_WORKSPACE = ''

export const DIMENSIONS = ['country', 'device', 'browser', 'os', 'referrer', 'via'] as const
export type Dimension = (typeof DIMENSIONS)[number]

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

/** Clicks that share link, hour and every dimension value: rollups are made from these groups. */
interface Group {
  workspace: string
  linkId: string
  hour: number
  values: Record<Dimension, string> | undefined
  clicks: number
  unique: number
  bots: number
}

/**
 * Turns buffered clicks into stored rows: the visitor id replaces the IP and
 * user agent, which go no further than this function. Rollups are summed in
 * two steps (clicks into groups with one key each, then groups into rollup
 * rows) so the cost per click stays a couple of map lookups.
 */
export function clickRows(
  batch: readonly PendingClick[],
  saltOf: (day: number) => string,
  uniques: RecentUniques,
): Map<string, WorkspaceBatch> {
  const byWorkspace = new Map<string, WorkspaceBatch>()
  const groups = new Map<string, Group>()

  for (const click of batch) {
    let target = byWorkspace.get(click.workspaceId)
    if (!target) {
      target = { clicks: [], hourly: [], daily: [] }
      byWorkspace.set(click.workspaceId, target)
    }
    const visitor = visitorId(
      saltOf(startOfUtcDay(click.at)),
      click.workspaceId,
      click.ip,
      click.userAgent,
    )
    const agent = click.isBot ? undefined : describe(click.userAgent)
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
    }
    target.clicks.push(row)

    const hour = startOfUtcHour(click.at)
    const values: Record<Dimension, string> | undefined = click.isBot
      ? undefined
      : {
          country: row.country ?? 'unknown',
          device: row.device,
          browser: row.browser ?? 'unknown',
          os: row.os ?? 'unknown',
          referrer: row.referrer_host ?? 'direct',
          via: row.via_qr ? 'qr' : 'link',
        }
    const key = values
      ? `${click.workspaceId}\u0000${click.linkId}\u0000${hour}\u0000${values.country}\u0000${values.device}\u0000${values.browser}\u0000${values.os}\u0000${values.referrer}\u0000${values.via}`
      : `${click.workspaceId}\u0000${click.linkId}\u0000${hour}\u0000bot`
    let group = groups.get(key)
    if (!group) {
      group = {
        workspace: click.workspaceId,
        linkId: click.linkId,
        hour,
        values,
        clicks: 0,
        unique: 0,
        bots: 0,
      }
      groups.set(key, group)
    }
    if (click.isBot) group.bots++
    else {
      group.clicks++
      group.unique += row.is_unique
    }
  }

  const hourly = new Map<string, HourlyRow & { workspace: string }>()
  const daily = new Map<string, DailyRow & { workspace: string }>()
  for (const group of groups.values()) {
    for (const linkId of [group.linkId, WHOLE_WORKSPACE]) {
      const hourKey = `${group.workspace}\u0000${linkId}\u0000${group.hour}`
      let hourRow = hourly.get(hourKey)
      if (!hourRow) {
        hourRow = {
          workspace: group.workspace,
          link_id: linkId,
          hour: group.hour,
          clicks: 0,
          unique_clicks: 0,
          bot_hits: 0,
        }
        hourly.set(hourKey, hourRow)
      }
      hourRow.clicks += group.clicks
      hourRow.unique_clicks += group.unique
      hourRow.bot_hits += group.bots
      if (!group.values) continue
      const day = startOfUtcDay(group.hour)
      for (const dimension of DIMENSIONS) {
        const value = group.values[dimension]
        const dayKey = `${group.workspace}\u0000${linkId}\u0000${day}\u0000${dimension}\u0000${value}`
        let dayRow = daily.get(dayKey)
        if (!dayRow) {
          dayRow = {
            workspace: group.workspace,
            link_id: linkId,
            day,
            dimension,
            value,
            clicks: 0,
            unique_clicks: 0,
          }
          daily.set(dayKey, dayRow)
        }
        dayRow.clicks += group.clicks
        dayRow.unique_clicks += group.unique
      }
    }
  }
  for (const { workspace, ...row } of hourly.values()) byWorkspace.get(workspace)?.hourly.push(row)
  for (const { workspace, ...row } of daily.values()) byWorkspace.get(workspace)?.daily.push(row)
  return byWorkspace
}
