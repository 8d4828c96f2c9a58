import type { Command } from 'commander'
import { startBackgroundWork } from '../../background.js'
import { loadConfig } from '../../config.js'
import { createLogger } from '../../logger.js'
import { createMurmur } from '../../murmur.js'

export function workerCommand(program: Command) {
  program
    .command('worker')
    .description(
      'Publish scheduled posts and sync inboxes without serving HTTP (run several on PostgreSQL; set MURMUR_SCHEDULER=off on the web processes)',
    )
    .action(async () => {
      const config = loadConfig()
      const log = createLogger(config.logLevel)
      const murmur = await createMurmur(config, log)
      if (!murmur.storage.capabilities.multipleWriters) {
        log.warn(
          'Workers beside `murmur start` on SQLite compete for one writer; use PostgreSQL to scale out.',
        )
      }
      const background = startBackgroundWork(murmur)
      log.info(
        { database: murmur.storage.kind, data: murmur.storage.location },
        'Murmur worker started',
      )
      let stopping = false
      const stop = async (signal: string) => {
        if (stopping) return
        stopping = true
        log.info({ signal }, 'stopping worker')
        await background.stop()
        await murmur.storage.close()
        process.exit(0)
      }
      process.on('SIGINT', () => void stop('SIGINT'))
      process.on('SIGTERM', () => void stop('SIGTERM'))
    })
}
