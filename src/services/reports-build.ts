import { notFound } from '../core/errors.js'
import type { Murmur } from '../murmur.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { type EngagementAnalytics, engagementAnalytics } from './analytics.js'
import { reportLogo } from './workspace-logo.js'
import { findWorkspace } from './workspaces.js'

export interface AttentionReport {
  report: EngagementAnalytics
  /** `logo`: a `data:image/png` URL of the workspace logo, or null. */
  workspace: { name: string; time_zone: string; logo: string | null }
  /** The filter in words, e.g. `channel @cornerbakery, campaign “spring”`. */
  filterText: string
  /** File name without extension, e.g. `attention-2027-03-01`. */
  fileStem: string
}

/** Everything a report needs, for the API and the CLI alike. */
export async function buildAttentionReport(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: {
    from: number
    to: number
    channelId?: string | undefined
    campaign?: string | undefined
    label?: string | undefined
    limit: number
  },
): Promise<AttentionReport> {
  const workspace = await findWorkspace(murmur, scope.workspaceId)
  if (!workspace) throw notFound('Workspace')
  const report = await engagementAnalytics(murmur, scope, {
    ...input,
    timeZone: workspace.time_zone,
    sort: 'engagements',
  })
  const channel = input.channelId
    ? await scope
        .selectFrom('channels')
        .select('handle')
        .where('id', '=', input.channelId)
        .executeTakeFirst()
    : undefined
  const filterText = [
    channel ? `channel @${channel.handle}` : '',
    input.campaign ? `campaign “${input.campaign}”` : '',
    input.label ? `label “${input.label}”` : '',
  ]
    .filter(Boolean)
    .join(', ')
  return {
    report,
    workspace: {
      name: workspace.name,
      time_zone: workspace.time_zone,
      logo: await reportLogo(murmur, scope, workspace.logo_media_id),
    },
    filterText,
    fileStem: `attention-${report.series[0]?.day ?? 'report'}`,
  }
}
