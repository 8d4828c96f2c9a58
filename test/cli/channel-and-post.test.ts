import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  getPostRecord,
  type LocalBluesky,
  startLocalBluesky,
  type TestAccount,
} from '../networks/support/local-bluesky.js'

/**
 * `murmur channel add` and `murmur post` as a script uses them, against a real local Bluesky
 * server: the credentials are checked by the server, posts are read back from it.
 */
const dir = mkdtempSync(join(tmpdir(), 'murmur-cli-post-'))
const env: NodeJS.ProcessEnv = {
  ...process.env,
  MURMUR_DATA_DIR: dir,
  // The local Bluesky listens on loopback: name it, as an operator would a PDS at home.
  MURMUR_ALLOW_PRIVATE_NETWORK_HOSTS: 'localhost,127.0.0.1',
  LOG_LEVEL: 'silent',
  NO_COLOR: '1',
}
delete env.DATABASE_URL

function murmur(...args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { env },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr })
      },
    )
  })
}

function database() {
  return new SqliteDatabase(join(dir, 'murmur.sqlite'), { readonly: true })
}

let local: LocalBluesky
let bakery: TestAccount
let cafe: TestAccount
let bakeryChannel: string
let cafeChannel: string
let image: string

beforeAll(async () => {
  local = await startLocalBluesky()
  bakery = await local.createAccount('bakery')
  cafe = await local.createAccount('cafe')
  image = join(dir, 'croissants.png')
  writeFileSync(
    image,
    await sharp({ create: { width: 40, height: 30, channels: 3, background: '#d2691e' } })
      .png()
      .toBuffer(),
  )
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
  expect(created.code, created.stderr).toBe(0)
}, 180_000)

afterAll(async () => {
  await local?.close()
  rmSync(dir, { recursive: true, force: true })
})

// Each case starts the CLI a few times with tsx; on a busy 2-core machine that takes a while.
describe('murmur channel add / post / post show against a local Bluesky', {
  timeout: 360_000,
}, () => {
  test('channel add checks the app password with the server and stores it sealed', async () => {
    const wrong = await murmur(
      'channel',
      'add',
      'bluesky',
      '--service',
      local.url,
      '--handle',
      bakery.handle,
      '--app-password',
      'wron-gpas-swor-dxxx',
      '--workspace',
      'corner-bakery',
    )
    expect(wrong.code).toBe(1)
    expect(wrong.stdout).toBe('')
    expect(wrong.stderr).toMatch(/^error: .*wrong handle, email or app password.*\n$/)

    const added = await murmur(
      'channel',
      'add',
      'bluesky',
      '--service',
      local.url,
      '--handle',
      bakery.handle,
      '--app-password',
      bakery.appPassword,
      '--workspace',
      'corner-bakery',
    )
    expect(added.stderr).toBe('')
    expect(added.code).toBe(0)
    expect(added.stdout).toMatch(/^ch_\w+\n$/)
    bakeryChannel = added.stdout.trim()

    const second = await murmur(
      'channel',
      'add',
      'bluesky',
      '--service',
      local.url,
      '--handle',
      cafe.handle,
      '--app-password',
      cafe.appPassword,
      '--workspace',
      'corner-bakery',
    )
    expect(second.code, second.stderr).toBe(0)
    cafeChannel = second.stdout.trim()
    expect(cafeChannel).not.toBe(bakeryChannel)

    // Adding the same account again renews that channel instead of making a twin.
    const again = await murmur(
      'channel',
      'add',
      'bluesky',
      '--service',
      local.url,
      '--handle',
      bakery.handle,
      '--app-password',
      bakery.appPassword,
      '--workspace',
      'corner-bakery',
    )
    expect(again.stdout.trim()).toBe(bakeryChannel)
    expect(again.stderr).toContain('already a channel')

    const db = database()
    const rows = db.prepare('select id, account_id, credentials from channels').all() as Array<{
      id: string
      account_id: string
      credentials: string
    }>
    db.close()
    expect(rows.map((row) => row.account_id).sort()).toEqual([bakery.did, cafe.did].sort())
    for (const row of rows) {
      expect(row.credentials).toMatch(/^v1\./)
      expect(row.credentials).not.toContain(bakery.appPassword)
      expect(row.credentials).not.toContain(row.account_id)
    }

    const list = await murmur('channel', 'list', '--workspace', 'corner-bakery')
    expect(list.stdout).toContain(`${bakeryChannel}\tbluesky\t@${bakery.handle}\tactive`)
  })

  test('post publishes now with an image and alt text; post show gives the address', async () => {
    const posted = await murmur(
      'post',
      '--workspace',
      'corner-bakery',
      '--channel',
      `@${bakery.handle}`,
      '--channel',
      cafeChannel,
      '--text',
      'Croissants are out 🥐 https://cornerbakery.example/menu #bakery',
      '--image',
      image,
      '--alt',
      'A tray of croissants',
    )
    expect(posted.stderr).toBe('')
    expect(posted.code).toBe(0)
    const [postId, ...lines] = posted.stdout.trim().split('\n')
    expect(postId).toMatch(/^post_\w+$/)
    expect(lines).toHaveLength(2)
    for (const line of lines) {
      expect(line).toMatch(/^dlv_\w+\tBluesky @\S+\tpublished\thttps:\/\/bsky\.app\/profile\//)
    }

    const shown = await murmur('post', 'show', postId!, '--workspace', 'corner-bakery')
    expect(shown.code, shown.stderr).toBe(0)
    const post = JSON.parse(shown.stdout)
    expect(post).toMatchObject({ id: postId, state: 'published' })
    expect(post.deliveries).toHaveLength(2)
    for (const delivery of post.deliveries) {
      expect(delivery).toMatchObject({ state: 'published', error: null })
      expect(delivery.channel).toMatch(/^Bluesky @/)
      expect(delivery.url).toBe(delivery.remote.parts[0].url)
      const record = await getPostRecord(local.url, delivery.remote.parts[0].id)
      expect(record?.text).toBe('Croissants are out 🥐 https://cornerbakery.example/menu #bakery')
      expect(record?.embed?.images?.map((i) => i.alt)).toEqual(['A tray of croissants'])
      const features = (record?.facets ?? []).flatMap((facet) => facet.features)
      expect(features).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ uri: 'https://cornerbakery.example/menu' }),
          expect.objectContaining({ tag: 'bakery' }),
        ]),
      )
    }
    const dids = post.deliveries.map(
      (d: { remote: { parts: Array<{ id: string }> } }) => d.remote.parts[0]!.id.split('/')[2],
    )
    expect(dids.sort()).toEqual([bakery.did, cafe.did].sort())
  })

  test('--at schedules: an offset as given, a local time in the workspace zone', async () => {
    const iso = await murmur(
      'post',
      '--workspace',
      'corner-bakery',
      '--channel',
      bakeryChannel,
      '--text',
      'Christmas opening hours',
      '--at',
      '2099-12-24T09:30:00+01:00',
    )
    expect(iso.code, iso.stderr).toBe(0)
    const [postId, line] = iso.stdout.trim().split('\n')
    expect(line).toMatch(/\tscheduled\tat 2099-12-24T08:30:00\.000Z$/)
    const shown = JSON.parse(
      (await murmur('post', 'show', postId!, '--workspace', 'corner-bakery')).stdout,
    )
    expect(shown.deliveries[0]).toMatchObject({
      state: 'scheduled',
      scheduled_at: '2099-12-24T08:30:00.000Z',
      url: null,
    })

    const db = database()
    const { time_zone: zone } = db
      .prepare("select time_zone from workspaces where slug = 'corner-bakery'")
      .get() as { time_zone: string }
    db.close()
    const local = await murmur(
      'post',
      '--workspace',
      'corner-bakery',
      '--channel',
      bakeryChannel,
      '--text',
      'Summer hours',
      '--at',
      '2099-07-01 09:30',
    )
    expect(local.code, local.stderr).toBe(0)
    const at = local.stdout.match(/at (\S+)$/m)?.[1]
    const wall = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(at ?? ''))
    expect(wall).toBe('2099-07-01, 09:30')
  })

  test('problems name every channel and rule; nothing is saved', async () => {
    const db = database()
    const count = () =>
      (db.prepare('select count(*) as n from posts').get() as { n: number }).n +
      (db.prepare('select count(*) as n from media').get() as { n: number }).n
    const before = count()

    const tooLong = await murmur(
      'post',
      '--workspace',
      'corner-bakery',
      '--channel',
      bakeryChannel,
      '--channel',
      cafe.handle,
      '--text',
      'a'.repeat(301),
      '--image',
      image,
      '--alt',
      'Bread',
    )
    expect(tooLong.code).toBe(1)
    expect(tooLong.stdout).toBe('')
    expect(tooLong.stderr.trim().split('\n')).toHaveLength(1)
    expect(tooLong.stderr).toContain(`Bluesky @${bakery.handle}`)
    expect(tooLong.stderr).toContain(`Bluesky @${cafe.handle}`)
    expect(tooLong.stderr).toContain('300')

    const past = await murmur(
      'post',
      '--workspace',
      'corner-bakery',
      '--channel',
      bakeryChannel,
      '--text',
      'Too late',
      '--at',
      '2020-01-01T09:00:00Z',
    )
    expect(past).toMatchObject({ code: 1, stdout: '' })
    expect(past.stderr).toContain('is in the past')

    const cases: Array<[string[], string]> = [
      [['--channel', 'ch_nope', '--text', 'x'], 'No channel "ch_nope" in corner-bakery'],
      [['--channel', bakeryChannel, '--text', 'x', '--at', 'tomorrow'], '--at "tomorrow"'],
      [
        ['--channel', bakeryChannel, '--text', 'x', '--image', join(dir, 'nope.png')],
        'no such file',
      ],
      [['--channel', bakeryChannel, '--text', 'x', '--image', join(dir, 'murmur.sqlite')], 'JPEG'],
      [['--channel', bakeryChannel, '--text', 'x', '--alt', 'Bread'], '1 --alt for 0 --image'],
      [['--text', 'x'], 'at least one --channel'],
    ]
    for (const [args, message] of cases) {
      const result = await murmur('post', '--workspace', 'corner-bakery', ...args)
      expect(result.code, args.join(' ')).toBe(1)
      expect(result.stderr).toMatch(/^error: .+\n$/)
      expect(result.stderr).toContain(message)
    }
    expect(count()).toBe(before)
    db.close()

    const elsewhere = await murmur('post', 'show', 'post_nope', '--workspace', 'corner-bakery')
    expect(elsewhere).toMatchObject({ code: 1, stdout: '' })
    expect(elsewhere.stderr).toContain('No post "post_nope"')
    const noWorkspace = await murmur('post', 'show', 'post_nope', '--workspace', 'nope')
    expect(noWorkspace.stderr).toContain('No workspace with slug "nope"')
  })
})
