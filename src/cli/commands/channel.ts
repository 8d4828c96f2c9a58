import type { Command } from 'commander'
import { type Channel, connectWithAppPassword, listChannels } from '../../services/channels.js'
import { findWorkspaceBySlug } from '../../services/workspaces.js'
import { WorkspaceScope } from '../../storage/workspace-scope.js'
import { withMurmur } from '../context.js'
import { CliError, note, out } from '../output.js'

/** The same rule as the API's service_url: an http(s) address. */
function serviceUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new CliError(`--service "${value}" is not an address; use one like https://bsky.social`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CliError(`--service must be an http(s) address, like https://bsky.social`)
  }
  return value
}

const describe = (channel: Channel) =>
  `${channel.id}\t${channel.network}\t@${channel.handle}\t${channel.status}${channel.status_reason ? ` (${channel.status_reason})` : ''}`

export function channelCommands(program: Command) {
  const channel = program
    .command('channel')
    .description('Channels: connected network accounts (docs/publishing.md)')

  channel
    .command('add')
    .description(
      'Connect a network account to a workspace; prints the channel id.\n' +
        'Bluesky signs in with the handle and an app password (Settings > App passwords);\n' +
        'the credentials are checked against the service, then stored encrypted.',
    )
    .argument('<network>', 'the network: bluesky')
    .requiredOption('--workspace <slug>', 'the workspace slug (see Settings > General)')
    .requiredOption('--handle <handle>', 'the account handle, such as cornerbakery.bsky.social')
    .requiredOption('--app-password <password>', 'an app password of that account')
    .option('--service <url>', "the account's own server, if not https://bsky.social")
    .action(
      async (
        network: string,
        options: { workspace: string; handle: string; appPassword: string; service?: string },
      ) => {
        // Other networks connect through their sign-in page in the web app (OAuth).
        if (network !== 'bluesky') {
          throw new CliError(
            `"${network}" cannot be added from the command line; only bluesky (app password). Connect other networks in the web app.`,
          )
        }
        const service = serviceUrl(options.service)
        await withMurmur(async (murmur) => {
          const workspace = await findWorkspaceBySlug(murmur, options.workspace)
          if (!workspace) throw new CliError(`No workspace with slug "${options.workspace}".`)
          const { channel, created } = await connectWithAppPassword(
            murmur,
            new WorkspaceScope(murmur.db, workspace.id),
            {
              network: 'bluesky',
              handle: options.handle,
              appPassword: options.appPassword,
              serviceUrl: service,
              createdBy: null,
            },
          )
          if (!created) note(`@${channel.handle} was already a channel; its connection is renewed.`)
          out(channel.id)
        })
      },
    )

  channel
    .command('list')
    .description('The channels of a workspace: id, network, handle and status, one a line')
    .requiredOption('--workspace <slug>', 'the workspace slug')
    .option('--json', 'print them as JSON')
    .action(async (options: { workspace: string; json?: boolean }) => {
      await withMurmur(async (murmur) => {
        const workspace = await findWorkspaceBySlug(murmur, options.workspace)
        if (!workspace) throw new CliError(`No workspace with slug "${options.workspace}".`)
        const channels = await listChannels(new WorkspaceScope(murmur.db, workspace.id))
        if (options.json) out(JSON.stringify({ data: channels }, null, 2))
        else if (channels.length === 0) note('No channel yet: murmur channel add bluesky …')
        else for (const c of channels) out(describe(c))
      })
    })
}
