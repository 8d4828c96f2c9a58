import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { connectWithAppPassword } from '../../src/services/channels.js'
import {
  readPostToPublish,
  STARTED_COLUMNS,
  startAndReadPostToPublish,
} from '../../src/services/delivery-content.js'
import { type PostContent, writeContent } from '../../src/services/post-content.js'
import { effectiveContent, getPost } from '../../src/services/post-views.js'
import { createPost } from '../../src/services/posts.js'
import { testDialects } from '../support/databases.js'
import { createWorld, START, text, type World } from './world.js'

const shared: PostContent = {
  parts: [
    {
      text: 'Fresh croissants',
      media: [
        { media_id: 'med_b', alt_text: 'A tray' },
        { media_id: 'med_a', alt_text: null },
      ],
    },
    { text: 'Still warm at 8', media: [] },
    { text: 'See you there', media: [{ media_id: 'med_c', alt_text: null }] },
  ],
  first_comment: null,
}

const variant: PostContent = {
  parts: [
    { text: 'Bluesky only', media: [{ media_id: 'med_c', alt_text: 'Close up' }] },
    { text: 'Second part', media: [] },
  ],
  first_comment: null,
}

for (const dialect of await testDialects()) {
  describe(`${dialect}: the content publishing reads for one delivery`, () => {
    let w: World
    let postId: string
    let deliveryId: string

    const touch = () =>
      w.scope
        .updateTable('deliveries')
        .set({ updated_at: START })
        .where('id', '=', deliveryId)
        .returning(STARTED_COLUMNS)

    /** What publishing reads must be what the post's full view says this delivery publishes. */
    const expectSameAsPostView = async () => {
      const row = await w.scope
        .selectFrom('deliveries')
        .select(['id', 'has_variant', 'variant_first_comment'])
        .where('id', '=', deliveryId)
        .executeTakeFirstOrThrow()
      const post = await getPost(w.scope, postId)
      const delivery = post.deliveries.find((d) => d.id === deliveryId)!
      const read = await readPostToPublish(w.scope, postId, row)
      expect(read.content).toEqual(effectiveContent(post, delivery))
      if (dialect === 'postgres') {
        // The same read in one statement with the start (here an update that changes nothing).
        const both = await startAndReadPostToPublish(w.scope, touch())
        expect(both?.started).toMatchObject({ ...row, post_id: postId })
        expect(both?.post()).toEqual(read)
      }
      expect(read).toMatchObject({ id: postId, campaign_id: post.campaign })
      return read.content
    }

    let otherDeliveryId: string

    beforeAll(async () => {
      w = await createWorld(dialect)
      w.fake.addAccount('second.bsky.social', 'qrst-uvwx-yzab-cdef')
      const { channel: second } = await connectWithAppPassword(w.murmur, w.scope, {
        network: 'bluesky',
        handle: 'second.bsky.social',
        appPassword: 'qrst-uvwx-yzab-cdef',
        createdBy: w.userId,
      })
      const post = await createPost(
        w.murmur,
        w.scope,
        {
          content: text('placeholder'),
          channels: [{ channel_id: w.channel.id }, { channel_id: second.id }],
        },
        { createdBy: w.userId, when: { type: 'at', at: START + 3_600_000 } },
      )
      postId = post.id
      deliveryId = post.deliveries.find((d) => d.channel_id === w.channel.id)!.id
      otherDeliveryId = post.deliveries.find((d) => d.channel_id === second.id)!.id
      for (const id of ['med_a', 'med_b', 'med_c']) {
        await w.scope
          .insertInto('media', {
            id,
            storage: 'disk',
            path: `media/${id}.png`,
            thumbnail_path: null,
            mime_type: 'image/png',
            size_bytes: 1,
            width: null,
            height: null,
            alt_text: 'Its own alt text',
            file_name: null,
            sha256: id,
            created_by: null,
            created_at: START,
          })
          .execute()
      }
    })
    afterAll(() => w.t.cleanup())

    test('shared parts in order, each with its media in order and alt text, and the first comment', async () => {
      await writeContent(w.scope, postId, null, shared, START)
      // Another channel's variant is not this delivery's content.
      await writeContent(w.scope, postId, otherDeliveryId, variant, START)
      await w.scope
        .updateTable('posts')
        .set({ first_comment: 'Pre-order at the counter' })
        .where('id', '=', postId)
        .execute()
      const content = await expectSameAsPostView()
      expect(content.parts.map((p) => p.media.map((m) => m.media_id))).toEqual([
        ['med_b', 'med_a'],
        [],
        ['med_c'],
      ])
      expect(content.first_comment).toBe('Pre-order at the counter')
    })

    test('a delivery with its own variant publishes the variant and its first comment', async () => {
      await writeContent(w.scope, postId, deliveryId, variant, START)
      await w.scope
        .updateTable('deliveries')
        .set({ has_variant: 1, variant_first_comment: 'Bluesky comment' })
        .where('id', '=', deliveryId)
        .execute()
      const content = await expectSameAsPostView()
      expect(content.parts.map((p) => p.text)).toEqual(['Bluesky only', 'Second part'])
      expect(content.first_comment).toBe('Bluesky comment')
    })

    test('a variant without parts, and a post without parts, read as empty', async () => {
      await writeContent(w.scope, postId, deliveryId, { parts: [], first_comment: null }, START)
      expect((await expectSameAsPostView()).parts).toEqual([])
      await w.scope
        .updateTable('deliveries')
        .set({ has_variant: 0, variant_first_comment: null })
        .where('id', '=', deliveryId)
        .execute()
      await writeContent(w.scope, postId, null, { parts: [], first_comment: null }, START)
      expect((await expectSameAsPostView()).parts).toEqual([])
    })

    test('postgres: a start that does not land reads nothing', async () => {
      if (dialect !== 'postgres') return
      const missed = touch().where('state', '=', 'publishing')
      expect(await startAndReadPostToPublish(w.scope, missed)).toBeUndefined()
    })

    test('a post that is gone is not found', async () => {
      await expect(
        readPostToPublish(w.scope, 'post_gone', {
          id: deliveryId,
          has_variant: 0,
          variant_first_comment: null,
        }),
      ).rejects.toMatchObject({ code: 'not_found' })
    })
  })
}
