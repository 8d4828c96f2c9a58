import type { Command } from 'commander'
import { syncWorkspaceNow } from '../../engagement/inbox-sync.js'
import type { ChannelSyncResult } from '../../engagement/sync-channel.js'
import { NETWORK_NAMES } from '../../networks/spec/index.js'
import { findWorkspaceBySlug } from '../../services/workspaces.js'
import { WorkspaceScope } from '../../storage/workspace-scope.js'
import { withMurmur } from '../context.js'
import { CliError, out } from '../output.js'

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`

function line(result: ChannelSyncResult): string {
  const where = `${NETWORK_NAMES[result.network]} @${result.handle}`
  const counts = [
    plural(result.received, 'new message'),
    ...(result.edited > 0 ? [`${result.edited} edited`] : []),
    ...(result.deleted > 0 ? [`${result.deleted} deleted`] : []),
  ].join(', ')
  const status = {
    synced: '',
    more: ' (more history comes with the next sync)',
    waiting: ` (waiting${result.retry_at ? ` until ${new Date(result.retry_at).toISOString()}` : ''})`,
    failed: ' (failed)',
    busy: ' (another sync is running)',
    skipped: ' (skipped)',
  }[result.status]
  return `${where}: ${counts}${status}${result.error ? ` — ${result.error}` : ''}`
}

export function inboxCommand(program: Command) {
  const inbox = program.command('inbox').description('The inbox: mentions, replies and comments')
  inbox
    .command('sync')
    .description(
      'Read every active channel of a workspace from the networks once, and print what came.\n' +
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
        const results = await syncWorkspaceNow(murmur, scope, { channelId: options.channel })
        if (options.json) out(JSON.stringify({ channels: results }, null, 2))
        else if (results.length === 0) out('No channel to sync: connect one first.')
        else {
          for (const result of results) out(line(result))
          const total = results.reduce((sum, r) => sum + r.received, 0)
          out(`${plural(total, 'new message')} in all.`)
        }
        if (results.some((r) => r.status === 'failed')) process.exitCode = 1
      })
    })
}
