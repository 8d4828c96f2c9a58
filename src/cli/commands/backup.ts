import {
  closeSync,
  copyFileSync,
  existsSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
} from 'node:fs'
import { join, resolve } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import type { Command } from 'commander'
import { loadConfig } from '../../config.js'
import { SQLITE_FILE } from '../../storage/open.js'
import { withMurmur } from '../context.js'
import { CliError, note, out, progress } from '../output.js'
import { runningServerPid } from './start.js'

const POSTGRES_HINT =
  'With PostgreSQL, back up with pg_dump and restore with pg_restore (see docs/operations.md).'

function isSqliteFile(file: string): boolean {
  const header = Buffer.alloc(16)
  const fd = openSync(file, 'r')
  try {
    readSync(fd, header, 0, 16, 0)
  } finally {
    closeSync(fd)
  }
  return header.toString('latin1') === 'SQLite format 3\u0000'
}

export function backupCommands(program: Command) {
  program
    .command('backup')
    .description('Write a consistent copy of the SQLite database to FILE (safe while Murmur runs)')
    .argument('<file>', 'where to write the backup')
    .action(async (file: string) => {
      const target = resolve(file)
      if (existsSync(target))
        throw new CliError(`${target} already exists; choose a new file name.`)
      await withMurmur(async (murmur) => {
        if (!murmur.storage.backup) throw new CliError(POSTGRES_HINT)
        const bar = progress('Backing up')
        await murmur.storage.backup(target, (done, total) => bar.update(done, total))
        bar.end()
      })
      out(`Backup written to ${target}`)
    })

  program
    .command('restore')
    .description('Replace the SQLite database with a backup FILE (stop Murmur first)')
    .argument('<file>', 'a file written by murmur backup')
    .action(async (file: string) => {
      const config = loadConfig()
      if (config.databaseUrl?.startsWith('postgres')) throw new CliError(POSTGRES_HINT)
      const source = resolve(file)
      if (!existsSync(source)) throw new CliError(`${source} does not exist.`)
      if (!isSqliteFile(source)) throw new CliError(`${source} is not a SQLite database.`)
      const check = new SqliteDatabase(source, { readonly: true, fileMustExist: true })
      try {
        const integrity = check.pragma('integrity_check', { simple: true })
        if (integrity !== 'ok') throw new CliError(`${source} is damaged: ${String(integrity)}`)
        const migrations = check
          .prepare(
            "select count(*) as n from sqlite_master where type = 'table' and name = 'kysely_migration'",
          )
          .get() as { n: number }
        if (migrations.n === 0)
          throw new CliError(`${source} is not a Murmur backup (no migration table).`)
      } finally {
        check.close()
      }
      const pid = runningServerPid(config.dataDir)
      if (pid)
        throw new CliError(
          `Murmur is running (pid ${pid}) on this data folder; stop it, then restore.`,
        )
      const target = join(config.dataDir, SQLITE_FILE)
      if (existsSync(target)) {
        const kept = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`
        renameSync(target, kept)
        note(`The previous database is kept as ${kept}`)
      }
      rmSync(`${target}-wal`, { force: true })
      rmSync(`${target}-shm`, { force: true })
      copyFileSync(source, target)
      out(`Restored ${source}. Start Murmur to use it (newer migrations apply on start).`)
    })
}
