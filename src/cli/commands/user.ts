import type { Command } from 'commander'
import { MurmurError } from '../../core/errors.js'
import { createUser } from '../../services/accounts.js'
import { createWorkspace, findWorkspaceBySlug } from '../../services/workspaces.js'
import { withMurmur } from '../context.js'
import { out } from '../output.js'

export function userCommand(program: Command) {
  const user = program.command('user').description('Manage user accounts')
  user
    .command('create')
    .description(
      'Create a user who owns a new workspace (or joins an existing one by slug as owner)',
    )
    .requiredOption('--email <email>', 'their sign-in email')
    .requiredOption('--password <password>', 'at least 10 characters')
    .requiredOption(
      '--workspace <name>',
      'name of the new workspace, or the slug of an existing one',
    )
    .option('--name <name>', 'display name')
    .option('--time-zone <zone>', 'IANA time zone of a new workspace', 'UTC')
    .option('--json', 'print JSON')
    .action(
      async (options: {
        email: string
        password: string
        workspace: string
        name?: string
        timeZone: string
        json?: boolean
      }) => {
        await withMurmur(async (murmur) => {
          const created = await createUser(murmur, {
            email: options.email,
            password: options.password,
            name: options.name,
          })
          const existing = await findWorkspaceBySlug(murmur, options.workspace)
          let workspace: { id: string; slug: string; name: string }
          try {
            if (existing) {
              await murmur.db
                .insertInto('members')
                .values({
                  workspace_id: existing.id,
                  user_id: created.id,
                  role: 'owner',
                  created_at: murmur.now(),
                })
                .execute()
              workspace = existing
            } else {
              workspace = await createWorkspace(murmur, {
                name: options.workspace,
                timeZone: options.timeZone,
                ownerId: created.id,
              })
            }
          } catch (error) {
            await murmur.db.deleteFrom('users').where('id', '=', created.id).execute()
            throw error instanceof MurmurError ? error : new MurmurError('internal', String(error))
          }
          if (options.json) out(JSON.stringify({ user: created, workspace }))
          else
            out(`Created ${created.email}, owner of "${workspace.name}" (slug ${workspace.slug}).`)
        })
      },
    )
}
