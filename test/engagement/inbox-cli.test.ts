import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import SqliteDatabase from 'better-sqlite3'
import { afterAll, describe, expect, test } from 'vitest'

const run = promisify(execFile)
const dataDir = mkdtempSync(join(tmpdir(), 'murmur-inbox-cli-'))
const env: NodeJS.ProcessEnv = {
  ...process.env,
  MURMUR_DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  NO_COLOR: '1',
}
delete env.DATABASE_URL

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

describe('murmur inbox sync', () => {
  test('help, bad usage, unknown workspace, no channel, a channel that needs reconnecting', async () => {
    const help = await murmur('inbox', 'sync', '--help')
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('--workspace')
    expect((await murmur('inbox', 'sync')).code).toBe(2)

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
    const missing = await murmur('inbox', 'sync', '--workspace', 'nope')
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('No workspace with slug "nope"')

    const empty = await murmur('inbox', 'sync', '--workspace', 'corner-bakery')
    expect(empty).toMatchObject({ code: 0, stdout: 'No channel to sync: connect one first.\n' })

    const db = new SqliteDatabase(join(dataDir, 'murmur.sqlite'))
    const workspace = db.prepare('select id from workspaces').get() as { id: string }
    db.prepare(
      `insert into channels (workspace_id, id, network, account_id, handle, display_name,
        credentials, status, status_reason, created_at, updated_at)
       values (?, 'ch_cli', 'bluesky', 'did:plc:cli', 'cornerbakery.bsky.social', 'Corner Bakery',
        'sealed', 'needs_reconnect', 'revoked', 0, 0)`,
    ).run(workspace.id)
    db.close()
    const skipped = await murmur('inbox', 'sync', '--workspace', 'corner-bakery')
    expect(skipped.code).toBe(0)
    expect(skipped.stdout).toBe(
      'Bluesky @cornerbakery.bsky.social: 0 new messages (skipped) — The channel needs reconnecting; its inbox waits until then.\n0 new messages in all.\n',
    )
    const json = await murmur('inbox', 'sync', '--workspace', 'corner-bakery', '--json')
    expect(JSON.parse(json.stdout).channels[0]).toMatchObject({ status: 'skipped', received: 0 })
  }, 180_000) // each command is a fresh process (several seconds on a busy machine)

  test('contacts import with a report, export as CSV', async () => {
    const file = join(dataDir, 'contacts.csv')
    writeFileSync(
      file,
      'name,email,stage,x\nAnna,anna@example.com,lead,anna_x\nBo,bo@example.com,vip,\n',
    )
    const imported = await murmur('contacts', 'import', file, '--workspace', 'corner-bakery')
    expect(imported.code).toBe(1)
    expect(imported.stdout).toBe('2 rows: 1 added, 0 updated, 0 unchanged, 1 refused.\n')
    expect(imported.stderr).toMatch(/line 3: Stage "vip" is not one of/)
    const exported = await murmur('contacts', 'export', '--workspace', 'corner-bakery')
    expect(exported.code).toBe(0)
    expect(exported.stdout).toMatch(/^id,display_name,/)
    expect(exported.stdout).toContain(',Anna,,anna@example.com,,lead,')
    expect(exported.stdout).toContain('anna_x')
  }, 120_000)
})
