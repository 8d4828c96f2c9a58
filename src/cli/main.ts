import { Command, CommanderError } from 'commander'
import { isMurmurError } from '../core/errors.js'
import { apikeyCommand } from './commands/apikey.js'
import { backupCommands } from './commands/backup.js'
import { cascadeCommands } from './commands/cascade.js'
import { channelCommands } from './commands/channel.js'
import { contactsCommand } from './commands/contacts.js'
import { inboxCommand } from './commands/inbox.js'
import { linkCommands } from './commands/link.js'
import { metricsCommand } from './commands/metrics.js'
import { reportCommand } from './commands/metrics-report.js'
import { migrateCommand } from './commands/migrate.js'
import { postCommands } from './commands/post.js'
import { postsCommands } from './commands/posts.js'
import { seoCommand } from './commands/seo.js'
import { startCommand } from './commands/start.js'
import { userCommand } from './commands/user.js'
import { workerCommand } from './commands/worker.js'
import { CliError, fail } from './output.js'

const program = new Command()
  .name('murmur')
  .description(
    'Murmur: self-hosted social media marketing.\nConfiguration comes from the environment (docs/configuration.md).',
  )
  .version('0.1.0')
  .exitOverride()
  .showHelpAfterError('(run with --help for usage)')

startCommand(program)
workerCommand(program)
migrateCommand(program)
userCommand(program)
apikeyCommand(program)
backupCommands(program)
seoCommand(program)
cascadeCommands(program)
inboxCommand(program)
contactsCommand(program)
linkCommands(program)
channelCommands(program)
postCommands(program)
postsCommands(program)
metricsCommand(program)
reportCommand(program)

// Exit codes: 0 success, 1 failure, 2 bad usage.
try {
  await program.parseAsync(process.argv)
} catch (error) {
  if (error instanceof CommanderError) {
    process.exit(error.exitCode === 0 ? 0 : 2)
  }
  if (error instanceof CliError || isMurmurError(error)) fail(error.message)
  else fail(error instanceof Error ? error.message : String(error))
  process.exit(1)
}
