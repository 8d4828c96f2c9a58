import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { MAX_IMPORT_ROWS } from '../../src/core/csv-posts/read-file.js'
import { isMurmurError } from '../../src/core/errors.js'
import { exportPosts } from '../../src/services/post-export.js'
import {
  cancelImport,
  confirmImport,
  getImport,
  type PostImport,
  previewImport,
  runImport,
} from '../../src/services/post-import.js'
import { getPost } from '../../src/services/post-views.js'
import { PIXEL_PNG_BASE64 } from '../publishing/fixtures.js'
import { createWorld, type World } from '../publishing/world.js'
import { testDialects } from '../support/databases.js'

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')
const HANDLE = 'cornerbakery.bsky.social'

/** Runs a preview and expects it to be refused with a sentence (never an unexpected error). */
async function refusal(world: World, content: string): Promise<string> {
  try {
    await previewImport(world.murmur, world.scope, { content, createdBy: world.userId })
  } catch (error) {
    if (isMurmurError(error) && error.code === 'validation_failed') return error.message
    throw error
  }
  throw new Error('the file was accepted')
}

const rowOf = (preview: PostImport, row: number) => {
  const found = preview.rows.find((r) => r.row === row)
  if (!found) throw new Error(`no row ${row}`)
  return found
}

for (const dialect of await testDialects()) {
  describe(`${dialect}: importing posts from CSV`, () => {
    let world: World
    let images: Server
    let imageBase: string
    let pixelRequests = 0

    beforeAll(async () => {
      world = await createWorld(dialect)
      images = createServer((request, response) => {
        if (request.url === '/pixel.png') {
          pixelRequests += 1
          response.writeHead(200, { 'content-type': 'image/png' })
          response.end(Buffer.from(PIXEL_PNG_BASE64, 'base64'))
        } else if (request.url === '/page.html') {
          response.writeHead(200, { 'content-type': 'text/html' })
          response.end('<html>not an image</html>')
        } else {
          response.writeHead(404)
          response.end()
        }
      })
      await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve))
      imageBase = `http://127.0.0.1:${(images.address() as AddressInfo).port}`
    })
    afterAll(async () => {
      await new Promise((resolve) => images.close(resolve))
      await world.t.cleanup()
    })

    test('a good file: BOM, quoted newlines and quotes, zones, labels, campaign, first comment', async () => {
      const preview = await previewImport(world.murmur, world.scope, {
        content: fixture('good.csv'),
        fileName: 'good.csv',
        createdBy: world.userId,
      })
      expect(preview).toMatchObject({ status: 'ready', total_rows: 4, good_rows: 4, bad_rows: 0 })
      expect(rowOf(preview, 2)).toMatchObject({
        text: 'Fresh sourdough, still warm.\nCome early!',
        channels: [`Bluesky @${HANDLE}`],
        // 09:30 in the workspace's zone (Europe/Paris, UTC+1 in December).
        time: '2026-12-01T08:30:00.000Z',
        labels: ['bread', 'morning'],
        campaign: 'winter',
        status: 'good',
      })
      expect(rowOf(preview, 3).time).toBe('2026-12-02T08:00:00.000Z')
      expect(rowOf(preview, 4).time).toBeNull()
      expect(rowOf(preview, 5)).toMatchObject({
        text: 'He said "best bread in town"',
        time: '2026-12-03T15:00:00.000Z',
      })
      // Nothing exists until the import is confirmed.
      expect(await world.scope.selectFrom('posts').select('id').execute()).toHaveLength(0)

      await confirmImport(world.murmur, world.scope, preview.id, { skipBadRows: false })
      const seen: number[] = []
      const done = await runImport(world.murmur, world.scope, preview.id, {
        onProgress: (count) => seen.push(count),
      })
      expect(done).toMatchObject({ status: 'done', created_posts: 4, done_rows: 4 })
      expect(seen.at(-1)).toBe(4)
      const first = await getPost(world.scope, rowOf(done, 2).post_id!)
      expect(first).toMatchObject({
        labels: ['bread', 'morning'],
        campaign: 'winter',
        content: { first_comment: 'Open 7-19, every day' },
      })
      expect(first.deliveries[0]).toMatchObject({
        state: 'scheduled',
        scheduled_at: Date.parse('2026-12-01T08:30:00Z'),
      })
      const draft = await getPost(world.scope, rowOf(done, 4).post_id!)
      expect(draft.deliveries[0]?.state).toBe('draft')

      // The same file again: every row is recognised, nothing is made twice.
      const again = await previewImport(world.murmur, world.scope, {
        content: fixture('good.csv'),
        createdBy: world.userId,
      })
      expect(again).toMatchObject({ good_rows: 0, duplicate_rows: 4 })
      expect(rowOf(again, 2).post_id).toBe(first.id)
    })

    test('every kind of bad row is listed with its number and reason; good rows go without them', async () => {
      const preview = await previewImport(world.murmur, world.scope, {
        content: fixture('bad-rows.csv'),
        createdBy: world.userId,
      })
      expect(preview).toMatchObject({ total_rows: 13, good_rows: 1, bad_rows: 12 })
      const reasons = (row: number) => rowOf(preview, row).problems.join(' ')
      expect(reasons(2)).toContain('No channel')
      expect(reasons(3)).toContain('Channel "mastodon:nobody@example.social" is not one of')
      expect(reasons(4)).toContain('Time "next tuesday" is not understood')
      expect(reasons(5)).toContain('is in the past')
      expect(reasons(6)).toContain('not a real date')
      // The network's own rule, in its words, naming the channel.
      expect(reasons(7)).toMatch(/Bluesky @cornerbakery\.bsky\.social: .*300/)
      expect(reasons(8)).toContain('"med_doesnotexist" is neither a web address')
      // Image URLs go through the SSRF-safe fetcher: a loopback address is refused.
      expect(reasons(9)).toMatch(/could not be fetched: refused: 127\.0\.0\.1/)
      expect(reasons(10)).toContain('2 alt texts for 0 images')
      expect(reasons(11)).toContain('no text and no image')
      expect(reasons(12)).toContain('more cells than the file has columns')
      expect(rowOf(preview, 13).status).toBe('good')
      expect(reasons(14)).toContain('Row 14 repeats row 13')

      await expect(
        confirmImport(world.murmur, world.scope, preview.id, { skipBadRows: false }),
      ).rejects.toThrow('12 rows have problems')
      await confirmImport(world.murmur, world.scope, preview.id, { skipBadRows: true })
      const done = await runImport(world.murmur, world.scope, preview.id)
      expect(done).toMatchObject({ status: 'done', created_posts: 1, failed_rows: [] })
      expect(rowOf(done, 13).status).toBe('imported')
      expect(rowOf(done, 2).status).toBe('bad')
    })

    test('files that cannot be read are refused with one sentence', async () => {
      expect(await refusal(world, fixture('wrong-columns.csv'))).toMatch(
        /Unknown column "schedule"\. The columns are text, channels, time/,
      )
      expect(await refusal(world, fixture('broken-quotes.csv'))).toMatch(/not valid CSV: .*line/i)
      expect(await refusal(world, '')).toContain('The file is empty')
      expect(await refusal(world, 'text,channels\r\n')).toContain('no rows of posts')
      expect(await refusal(world, 'text\r\nHello\r\n')).toContain('no channels column')
      expect(await refusal(world, 'text,text,channels\r\na,b,bluesky\r\n')).toContain(
        'appears twice',
      )
      expect(await refusal(world, '{"posts": 3}')).toContain('an array of posts')
      expect(await refusal(world, '[{"text": ')).toContain('not valid JSON')
      const tooMany = [
        'text,channels',
        ...Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `Post ${i},bluesky`),
      ].join('\n')
      expect(await refusal(world, tooMany)).toBe(
        `The file has ${MAX_IMPORT_ROWS + 1} rows; an import takes at most ${MAX_IMPORT_ROWS}. Split it into several files.`,
      )
    })

    test('image URLs are fetched once each, stored in the library, and removed when the import is cancelled', async () => {
      const csv = [
        'text,channels,time,images,alt_text',
        `With a picture,bluesky,2026-12-05 12:00,${imageBase}/pixel.png,A golden loaf`,
        `Same picture,bluesky,2026-12-06 12:00,${imageBase}/pixel.png,`,
        `Missing picture,bluesky,2026-12-06 12:00,${imageBase}/missing.png,`,
        `Not a picture,bluesky,2026-12-06 12:00,${imageBase}/page.html,`,
      ].join('\n')
      const before = pixelRequests
      const preview = await previewImport(world.murmur, world.scope, {
        content: csv,
        createdBy: world.userId,
        fetch: { allowLoopback: true },
      })
      expect(pixelRequests - before).toBe(1)
      expect(rowOf(preview, 2)).toMatchObject({ status: 'good', images: 1 })
      expect(rowOf(preview, 3).status).toBe('good')
      expect(rowOf(preview, 4).problems.join(' ')).toContain('answered HTTP 404')
      expect(rowOf(preview, 5).problems.join(' ')).toContain('Only JPEG, PNG, GIF and WebP')
      const stored = await world.scope.selectFrom('media').select('id').execute()
      expect(stored).toHaveLength(1)

      await cancelImport(world.murmur, world.scope, preview.id)
      expect(await world.scope.selectFrom('media').select('id').execute()).toHaveLength(0)
      expect((await getImport(world.scope, preview.id)).status).toBe('cancelled')
      await expect(
        confirmImport(world.murmur, world.scope, preview.id, { skipBadRows: true }),
      ).rejects.toThrow('cancelled')
    })

    test('an image keeps its alt text through the import', async () => {
      const csv = [
        'text,channels,time,images,alt_text',
        `Loaf,bluesky,2026-12-07 12:00,${imageBase}/pixel.png,A golden loaf`,
      ].join('\n')
      const preview = await previewImport(world.murmur, world.scope, {
        content: csv,
        createdBy: world.userId,
        fetch: { allowLoopback: true },
      })
      await confirmImport(world.murmur, world.scope, preview.id, { skipBadRows: false })
      const done = await runImport(world.murmur, world.scope, preview.id)
      const post = await getPost(world.scope, rowOf(done, 2).post_id!)
      expect(post.content.parts[0]?.media).toEqual([
        { media_id: expect.stringMatching(/^med_/), alt_text: 'A golden loaf' },
      ])
    })

    test('an import that stopped halfway resumes without making a post twice', async () => {
      const csv = [
        'text,channels,time',
        ...Array.from({ length: 5 }, (_, i) => `Resume ${i},bluesky,2027-02-0${i + 1} 10:00`),
      ].join('\n')
      const preview = await previewImport(world.murmur, world.scope, {
        content: csv,
        createdBy: world.userId,
      })
      await confirmImport(world.murmur, world.scope, preview.id, { skipBadRows: false })
      // The process "dies" after two posts: progress stops with the import still importing.
      await expect(
        runImport(world.murmur, world.scope, preview.id, {
          onProgress: (done) => {
            if (done === 2) throw new Error('process died')
          },
        }),
      ).rejects.toThrow('process died')
      expect((await getImport(world.scope, preview.id)).status).toBe('importing')
      await expect(
        confirmImport(world.murmur, world.scope, preview.id, { skipBadRows: false }),
      ).rejects.toThrow('already running')
      world.clock.advance(61_000)
      await confirmImport(world.murmur, world.scope, preview.id, { skipBadRows: false })
      const done = await runImport(world.murmur, world.scope, preview.id)
      expect(done).toMatchObject({ status: 'done', created_posts: 5 })
      expect(done.rows.every((row) => row.status === 'imported')).toBe(true)
      const made = await world.scope
        .selectFrom('post_parts')
        .select('text')
        .where('text', 'like', 'Resume %')
        .execute()
      expect(made.map((row) => row.text).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `Resume ${i}`))
    })

    test('1,000 good rows import with progress, and a second import of the file adds nothing', async () => {
      const csv = [
        'text,channels,time,labels',
        ...Array.from(
          { length: MAX_IMPORT_ROWS },
          (_, i) =>
            `"Bulk post ${i}, fresh today",bluesky,2027-01-${String((i % 28) + 1).padStart(2, '0')} ${String(8 + (i % 10)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},bulk`,
        ),
      ].join('\r\n')
      const preview = await previewImport(world.murmur, world.scope, {
        content: csv,
        createdBy: world.userId,
      })
      expect(preview).toMatchObject({ total_rows: 1000, good_rows: 1000, bad_rows: 0 })
      await confirmImport(world.murmur, world.scope, preview.id, { skipBadRows: false })
      const progress: number[] = []
      const done = await runImport(world.murmur, world.scope, preview.id, {
        onProgress: (count, total) => {
          expect(total).toBe(1000)
          progress.push(count)
        },
      })
      expect(done.created_posts).toBe(1000)
      expect(progress).toEqual(Array.from({ length: 1001 }, (_, i) => i))
      const bulk = await world.scope
        .selectFrom('posts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('labels', 'like', '%bulk%')
        .executeTakeFirstOrThrow()
      expect(Number(bulk.n)).toBe(1000)

      const again = await previewImport(world.murmur, world.scope, {
        content: csv,
        createdBy: world.userId,
      })
      expect(again).toMatchObject({ good_rows: 0, duplicate_rows: 1000 })
    }, 240_000)

    test('an export (CSV and JSON) reads back as the same posts: nothing is duplicated', async () => {
      const from = Date.parse('2026-12-01T00:00:00Z')
      const to = Date.parse('2026-12-31T00:00:00Z')
      const csv = await exportPosts(world.scope, { format: 'csv', from, to })
      const lines = csv.trim().split('\r\n')
      expect(lines[0]).toBe(
        'id,text,channels,time,images,alt_text,labels,campaign,first_comment,state,deliveries,links,published_at,created_at',
      )
      expect(csv).toContain('"Fresh sourdough, still warm.\nCome early!"')
      expect(csv).toContain(`bluesky:${HANDLE}=scheduled`)
      expect(csv).not.toContain('Bulk post')
      const json = JSON.parse(await exportPosts(world.scope, { format: 'json', from, to }))
      const sourdough = json.posts.find((p: { text: string }) => p.text.startsWith('Fresh'))
      expect(sourdough).toMatchObject({
        channels: [`bluesky:${HANDLE}`],
        time: '2026-12-01T08:30:00.000Z',
        labels: ['bread', 'morning'],
        deliveries: [{ state: 'scheduled', url: null, channel: `bluesky:${HANDLE}` }],
      })
      for (const content of [csv, JSON.stringify(json)]) {
        const back = await previewImport(world.murmur, world.scope, {
          content,
          createdBy: world.userId,
        })
        expect(back.bad_rows).toBe(0)
        expect(back.good_rows).toBe(0)
        expect(back.duplicate_rows).toBe(json.posts.length)
      }
    })
  })
}
