import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import SqliteDatabase from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'

const run = promisify(execFile)
// Each call starts a Node process with tsx: slow on a busy machine, so allow minutes.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 })
const dataDir = mkdtempSync(join(tmpdir(), 'murmur-cli-posts-'))
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

const file = (name: string, content: string) => {
  const path = join(dataDir, name)
  writeFileSync(path, content)
  return path
}

describe('murmur posts import / export', () => {
  beforeAll(async () => {
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
    // A Bluesky channel, as connecting one would leave it (publishing is not part of this test).
    const db = new SqliteDatabase(join(dataDir, 'murmur.sqlite'))
    const workspace = db.prepare('select id from workspaces').get() as { id: string }
    db.prepare(
      `insert into channels (workspace_id, id, network, account_id, handle, display_name, credentials, status, created_at, updated_at)
       values (?, 'ch_cli', 'bluesky', 'did:plc:cli', 'cornerbakery.bsky.social', 'Corner Bakery', '{}', 'active', 0, 0)`,
    ).run(workspace.id)
    db.close()
  })
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  test('a dry run lists bad rows by number and creates nothing; then good rows go in once', async () => {
    const csv = file(
      'posts.csv',
      [
        'text,channels,time,labels',
        '"Fresh bread, every morning",bluesky,2099-12-01 09:30,bread',
        'Nowhere to go,mastodon,2099-12-01 09:30,',
        'A draft,bluesky,,',
      ].join('\n'),
    )
    const dry = await murmur('posts', 'import', csv, '--workspace', 'corner-bakery', '--dry-run')
    expect(dry.code).toBe(1)
    expect(dry.stdout).toContain('3 rows: 2 good, 1 with problems, 0 already imported.')
    expect(dry.stdout).toContain('Dry run: nothing was imported.')
    expect(dry.stderr).toContain('row 3: Channel "mastodon" is not one of this workspace')

    const refused = await murmur('posts', 'import', csv, '--workspace', 'corner-bakery')
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('add --skip-bad-rows to import the 2 good rows')

    const imported = await murmur(
      'posts',
      'import',
      csv,
      '--workspace',
      'corner-bakery',
      '--skip-bad-rows',
    )
    expect(imported.stdout).toContain('2 posts created, 0 already imported, 1 refused.')
    const again = await murmur(
      'posts',
      'import',
      csv,
      '--workspace',
      'corner-bakery',
      '--skip-bad-rows',
    )
    expect(again.stdout).toContain('0 posts created, 2 already imported, 1 refused.')
  })

  test('export writes CSV or JSON to a file or to standard output', async () => {
    const out = join(dataDir, 'export.json')
    const written = await murmur('posts', 'export', out, '--workspace', 'corner-bakery')
    expect(written.code).toBe(0)
    expect(written.stderr).toContain(`2 posts written to ${out}.`)
    const json = JSON.parse(readFileSync(out, 'utf8'))
    expect(json.posts.map((p: { text: string }) => p.text).sort()).toEqual([
      'A draft',
      'Fresh bread, every morning',
    ])
    const csv = await murmur(
      'posts',
      'export',
      '--workspace',
      'corner-bakery',
      '--from',
      '2099-12-01',
      '--to',
      '2099-12-02',
    )
    expect(csv.stdout.split('\r\n')[0]).toMatch(/^id,text,channels,time,/)
    // The workspace made by `user create` keeps time in UTC.
    expect(csv.stdout).toContain(
      '"Fresh bread, every morning",bluesky:cornerbakery.bsky.social,2099-12-01T09:30:00.000Z',
    )
    expect(csv.stdout).not.toContain('A draft')
    const bad = await murmur('posts', 'export', '--workspace', 'corner-bakery', '--format', 'xml')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('--format is csv or json')
  })
})
