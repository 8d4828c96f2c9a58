import type { Command } from 'commander'
import { isRole } from '../../core/roles.js'
import { createApiKey } from '../../services/api-keys.js'
import { findWorkspaceBySlug } from '../../services/workspaces.js'
import { WorkspaceScope } from '../../storage/workspace-scope.js'
import { withMurmur } from '../context.js'
import { CliError, out } from '../output.js'

export function apikeyCommand(program: Command) {
  const apikey = program.command('apikey').description('Manage API keys')
  apikey
    .command('create')
    .description('Create an API key for a workspace; prints only the key')
    .requiredOption('--workspace <slug>', 'the workspace slug (see Settings > General)')
    .option('--name <name>', 'what the key is for', 'CLI')
    .option('--role <role>', 'admin, editor or viewer', 'admin')
    .action(async (options: { workspace: string; name: string; role: string }) => {
      const role = options.role
      if (!isRole(role) || role === 'owner')
        throw new CliError('--role must be admin, editor or viewer')
      await withMurmur(async (murmur) => {
        const workspace = await findWorkspaceBySlug(murmur, options.workspace)
        if (!workspace) throw new CliError(`No workspace with slug "${options.workspace}".`)
        const scope = new WorkspaceScope(murmur.db, workspace.id)
        const key = await createApiKey(murmur, scope, {
          name: options.name,
          role,
          actorRole: 'owner',
          createdBy: null,
        })
        out(key.key)
      })
    })
}
