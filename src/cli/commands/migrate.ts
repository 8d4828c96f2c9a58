import type { Command } from 'commander'
import { loadConfig } from '../../config.js'
import { createLogger } from '../../logger.js'
import { createMurmur } from '../../murmur.js'
import { migrateToLatest } from '../../storage/migrate.js'
import { out } from '../output.js'

export function migrateCommand(program: Command) {
  program
    .command('migrate')
    .description('Apply pending database migrations (start does this too)')
    .action(async () => {
      const murmur = await createMurmur(loadConfig(), createLogger('warn', false), {
        migrate: false,
      })
      try {
        const result = await migrateToLatest(murmur.storage)
        const applied =
          result.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? []
        out(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.')
      } finally {
        await murmur.storage.close()
      }
    })
}
