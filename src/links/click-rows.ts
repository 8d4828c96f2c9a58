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

/**
 * Turns buffered clicks into stored rows: the visitor id replaces the IP and
 * user agent, which go no further than this function.
 */
export function clickRows(
  batch: readonly PendingClick[],
  saltOf: (day: number) => string,
  uniques: RecentUniques,
): Map<string, WorkspaceBatch> {
  const byWorkspace = new Map<string, WorkspaceBatch>()
  const hourly = new Map<string, HourlyRow & { workspace: string }>()
  const daily = new Map<string, DailyRow & { workspace: string }>()

  const bump = (workspace: string, linkId: string, hour: number, click: ClickRow) => {
    for (const id of [linkId, WHOLE_WORKSPACE]) {
      const key = `${workspace}|${id}|${hour}`
      let row = hourly.get(key)
      if (!row) {
        row = { workspace, link_id: id, hour, clicks: 0, unique_clicks: 0, bot_hits: 0 }
        hourly.set(key, row)
      }
      if (click.is_bot) row.bot_hits++
      else {
        row.clicks++
        row.unique_clicks += click.is_unique
      }
    }
  }
  const bumpDimensions = (workspace: string, linkId: string, day: number, click: ClickRow) => {
    const values: Record<Dimension, string> = {
      country: click.country ?? 'unknown',
      device: click.device,
      browser: click.browser ?? 'unknown',
      os: click.os ?? 'unknown',
      referrer: click.referrer_host ?? 'direct',
      via: click.via_qr ? 'qr' : 'link',
    }
    for (const id of [linkId, WHOLE_WORKSPACE]) {
      for (const dimension of DIMENSIONS) {
        const value = values[dimension]
        const key = `${workspace}|${id}|${day}|${dimension}|${value}`
        let row = daily.get(key)
        if (!row) {
          row = { workspace, link_id: id, day, dimension, value, clicks: 0, unique_clicks: 0 }
          daily.set(key, row)
        }
        row.clicks++
        row.unique_clicks += click.is_unique
      }
    }
  }

  for (const click of batch) {
    let group = byWorkspace.get(click.workspaceId)
    if (!group) {
      group = { clicks: [], hourly: [], daily: [] }
      byWorkspace.set(click.workspaceId, group)
    }
    const day = startOfUtcDay(click.at)
    const visitor = visitorId(saltOf(day), click.workspaceId, click.ip, click.userAgent)
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
    group.clicks.push(row)
    bump(click.workspaceId, click.linkId, startOfUtcHour(click.at), row)
    if (!click.isBot) bumpDimensions(click.workspaceId, click.linkId, day, row)
  }

  for (const { workspace, ...row } of hourly.values()) byWorkspace.get(workspace)?.hourly.push(row)
  for (const { workspace, ...row } of daily.values()) byWorkspace.get(workspace)?.daily.push(row)
  return byWorkspace
}
