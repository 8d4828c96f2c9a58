import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import { loadConfig } from '../../config.js'
import { createLogger } from '../../logger.js'
import { startServer } from '../../server.js'

export const PID_FILE = 'murmur.pid'

/** The process id of a Murmur server using this data folder, if one is running. */
export function runningServerPid(dataDir: string): number | undefined {
  const file = join(dataDir, PID_FILE)
  if (!existsSync(file)) return undefined
  const pid = Number(readFileSync(file, 'utf8'))
  try {
    process.kill(pid, 0)
    return pid
  } catch {
    return undefined
  }
}

export function startCommand(program: Command) {
  program
    .command('start')
    .description('Serve the web app and API (migrates the database first)')
    .action(async () => {
      const config = loadConfig()
      const log = createLogger(config.logLevel)
      const server = await startServer(config, log)
      const usesFile = server.murmur.storage.kind === 'sqlite'
      if (usesFile) writeFileSync(join(config.dataDir, PID_FILE), String(process.pid))
      log.info(
        {
          url: server.url,
          database: server.murmur.storage.kind,
          data: server.murmur.storage.location,
        },
        `Murmur is listening on ${server.url} (data: ${server.murmur.storage.location})`,
      )
      let stopping = false
      const stop = async (signal: string) => {
        if (stopping) return
        stopping = true
        log.info({ signal }, 'stopping')
        await server.close()
        if (usesFile) rmSync(join(config.dataDir, PID_FILE), { force: true })
        process.exit(0)
      }
      process.on('SIGINT', () => void stop('SIGINT'))
      process.on('SIGTERM', () => void stop('SIGTERM'))
    })
}
