import { execFile, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import SqliteDatabase from 'better-sqlite3'
import { afterAll, describe, expect, test, vi } from 'vitest'

const run = promisify(execFile)
// Each call starts a Node process with tsx: slow on a busy 2-core machine, so allow minutes, not seconds.
vi.setConfig({ testTimeout: 180_000 })
const dataDir = mkdtempSync(join(tmpdir(), 'murmur-cli-'))
const env: NodeJS.ProcessEnv = {
  ...process.env,
  MURMUR_DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  NO_COLOR: '1',
}
delete env.DATABASE_URL

/** Runs the CLI from source, like ./bin/murmur does from the build. */
async function murmur(...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { env },
    )
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe('murmur CLI', () => {
  test('--help on every command, exit 2 on bad usage', async () => {
    const help = await murmur('--help')
    expect(help.code).toBe(0)
    for (const command of ['start', 'migrate', 'user', 'apikey', 'backup', 'restore'])
      expect(help.stdout).toContain(command)
    expect((await murmur('user', 'create', '--help')).stdout).toContain('--workspace')
    expect((await murmur('apikey', 'create', '--help')).stdout).toContain('--workspace')
    const bad = await murmur('user', 'create', '--email', 'x@example.com')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/required option/)
  })

  test('migrate, user create, apikey create prints only the key', async () => {
    expect((await murmur('migrate')).code).toBe(0)
    const created = await murmur(
      'user',
      'create',
      '--email',
      'ada@cornerbakery.example',
      '--password',
      'correct horse battery',
      '--workspace',
      'Corner Bakery',
    )
    expect(created.code).toBe(0)
    expect(created.stdout).toContain('slug corner-bakery')
    const weak = await murmur(
      'user',
      'create',
      '--email',
      'bo@example.com',
      '--password',
      'short',
      '--workspace',
      'X',
    )
    expect(weak.code).toBe(1)
    expect(weak.stderr).toContain('at least 10 characters')

    const key = await murmur('apikey', 'create', '--workspace', 'corner-bakery', '--name', 'Zapier')
    expect(key.code).toBe(0)
    expect(key.stdout).toMatch(/^mur_[\w-]+\n$/)
    const missing = await murmur('apikey', 'create', '--workspace', 'nope')
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('No workspace with slug "nope"')
  })

  test('backup writes a consistent copy; restore puts it back and keeps the old one', async () => {
    const file = join(dataDir, 'backup.sqlite')
    const backup = await murmur('backup', file)
    expect(backup.code).toBe(0)
    const copy = new SqliteDatabase(file, { readonly: true })
    expect(copy.prepare('select email from users').all()).toEqual([
      { email: 'ada@cornerbakery.example' },
    ])
    copy.close()
    expect((await murmur('backup', file)).code).toBe(1) // never overwrites

    await murmur(
      'user',
      'create',
      '--email',
      'later@example.com',
      '--password',
      'correct horse battery',
      '--workspace',
      'Later',
    )
    const notABackup = join(dataDir, 'master.key')
    expect((await murmur('restore', notABackup)).stderr).toContain('not a SQLite database')
    const restored = await murmur('restore', file)
    expect(restored.code).toBe(0)
    const db = new SqliteDatabase(join(dataDir, 'murmur.sqlite'), { readonly: true })
    expect(db.prepare('select email from users').all()).toEqual([
      { email: 'ada@cornerbakery.example' },
    ])
    db.close()
    expect(restored.stderr).toContain('before-restore')
    expect(existsSync(join(dataDir, 'murmur.sqlite'))).toBe(true)
  })

  test('worker runs the background jobs without HTTP and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker'], {
      env: { ...env, LOG_LEVEL: 'info' },
    })
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += String(chunk)
    })
    for (let i = 0; i < 1200 && !output.includes('Murmur worker started'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(output).toContain('Murmur worker started')
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    )
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  })
})
