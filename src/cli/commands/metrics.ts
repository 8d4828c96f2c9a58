import type { Command } from 'commander'
import { NETWORK_NAMES } from '../../networks/spec/index.js'
import type { MetricsSyncResult } from '../../services/metrics-sync.js'
import { syncMetricsNow } from '../../services/metrics-sync-now.js'
import { findWorkspaceBySlug } from '../../services/workspaces.js'
import { WorkspaceScope } from '../../storage/workspace-scope.js'
import { withMurmur } from '../context.js'
import { CliError, out } from '../output.js'

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`

function line(result: MetricsSyncResult): string {
  const where = `${NETWORK_NAMES[result.network]} @${result.handle}`
  const counts = [
    `${plural(result.fetched, 'post')} read`,
    ...(result.gone > 0 ? [`${result.gone} deleted on the network`] : []),
    ...(result.followers !== null ? [plural(result.followers, 'follower')] : []),
  ].join(', ')
  const status = {
    synced: '',
    more: ' (more posts come with the next round)',
    waiting: ` (waiting${result.retry_at ? ` until ${new Date(result.retry_at).toISOString()}` : ''})`,
    failed: ' (failed)',
    busy: ' (another metrics sync is running)',
    skipped: ' (skipped)',
  }[result.status]
  return `${where}: ${counts}${status}${result.error ? ` — ${result.error}` : ''}`
}

export function metricsCommand(program: Command) {
  const metrics = program
    .command('metrics')
    .description('Attention: the numbers of published posts, read from the networks')
  metrics
    .command('sync')
    .description(
      'Read the numbers of every followed post of a workspace now (posts read in the last five\n' +
        'minutes are left alone; channels a network asked to wait stay waiting).\n' +
        'Exit code 1 when a channel failed.',
    )
    .requiredOption('--workspace <slug>', 'the workspace slug (see Settings > General)')
    .option('--channel <id>', 'only this channel')
    .option('--json', 'print the results as JSON')
    .action(async (options: { workspace: string; channel?: string; json?: boolean }) => {
      await withMurmur(async (murmur) => {
        const workspace = await findWorkspaceBySlug(murmur, options.workspace)
        if (!workspace) throw new CliError(`No workspace with slug "${options.workspace}".`)
        const scope = new WorkspaceScope(murmur.db, workspace.id)
        const results = await syncMetricsNow(murmur, scope, { channelId: options.channel })
        if (options.json) out(JSON.stringify({ channels: results }, null, 2))
        else if (results.length === 0) out('No published post to read yet.')
        else {
          for (const result of results) out(line(result))
          const total = results.reduce((sum, r) => sum + r.fetched, 0)
          out(`${plural(total, 'post')} read in all.`)
        }
        if (results.some((r) => r.status === 'failed')) process.exitCode = 1
      })
    })
}
