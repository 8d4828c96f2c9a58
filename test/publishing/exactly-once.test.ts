import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { claimDue } from '../../src/jobs/delivery-leases.js'
import { Scheduler } from '../../src/jobs/scheduler.js'
import { createLogger } from '../../src/logger.js'
import { createMurmur, type Murmur } from '../../src/murmur.js'
import { createPost } from '../../src/services/posts.js'
import type { PublishingNetworks } from '../../src/services/publishing-networks.js'
import { testDialects } from '../support/databases.js'
import { createWorld, text, type World } from './world.js'

const POSTS = 120

/** The fake network seen through a counter, to show both workers really took part. */
function counting(networks: PublishingNetworks, calls: { count: number }): PublishingNetworks {
  return {
    ...networks,
    get(id) {
      const network = networks.get(id)
      if (!network) return undefined
      return {
        ...network,
        validate: (draft) => network.validate(draft),
        publish: (credentials, draft, options) => {
          calls.count++
          return network.publish(credentials, draft, options)
        },
      }
    },
  }
}

for (const dialect of await testDialects()) {
  describe(`${dialect}: two schedulers racing`, () => {
    let w: World
    let second: Murmur
    beforeEach(async () => {
      w = await createWorld(dialect)
      if (dialect === 'postgres') {
        // A second process: its own connection pool on the same database and schema.
        const { schema } = (
          await sql<{ schema: string }>`select current_schema() as schema`.execute(w.murmur.db)
        ).rows[0]!
        second = await createMurmur(w.murmur.config, createLogger('silent', false), {
          postgresSchema: schema,
          now: () => w.clock.now,
        })
      } else {
        // SQLite has one writer: a second scheduler shares the process's connection.
        second = w.murmur
      }
    })
    afterEach(async () => {
      if (second !== w.murmur) await second.storage.close()
      await w.t.cleanup()
    })

    test(`${POSTS} due posts, two workers: each published exactly once`, async () => {
      const callsA = { count: 0 }
      const callsB = { count: 0 }
      const a = new Scheduler(
        w.murmur,
        { workerId: 'worker-a', random: () => 0.5 },
        counting(w.fake.asNetworks(), callsA),
      )
      const b = new Scheduler(
        second,
        { workerId: 'worker-b', random: () => 0.5 },
        counting(w.fake.asNetworks(), callsB),
      )
      // Both connected and ticking before the work appears, so neither gets a head start.
      await Promise.all([a.tick(), b.tick()])
      for (let i = 0; i < POSTS; i++) {
        await createPost(
          w.murmur,
          w.scope,
          { content: text(`Daily special #${i}`), channels: [{ channel_id: w.channel.id }] },
          { createdBy: w.userId, when: { type: 'now' } },
        )
      }
      w.fake.latencyMs = 10
      await Promise.all([a.drain(), b.drain()])
      await Promise.all([a.stop(), b.stop()])

      const states = await w.scope
        .selectFrom('deliveries')
        .select(['state', sql<number>`count(*)`.as('count')])
        .groupBy('state')
        .execute()
      expect(states.map((s) => [s.state, Number(s.count)])).toEqual([['published', POSTS]])
      expect(w.fake.posts.size).toBe(POSTS)
      for (let i = 0; i < POSTS; i++) {
        expect(w.fake.postsWithText(`Daily special #${i}`)).toHaveLength(1)
      }
      // Who took how many depends on timing; that the network saw each post once does not.
      expect(callsA.count + callsB.count).toBe(POSTS)
    })

    test('claims made at the same moment never overlap', async () => {
      for (let i = 0; i < POSTS; i++) {
        await createPost(
          w.murmur,
          w.scope,
          { content: text(`Claim me #${i}`), channels: [{ channel_id: w.channel.id }] },
          { createdBy: w.userId, when: { type: 'now' } },
        )
      }
      const claim = (murmur: Murmur, workerId: string) =>
        claimDue(murmur, { workerId, network: 'bluesky', limit: 70, leaseMs: 30_000 })
      const [a, b] = await Promise.all([claim(w.murmur, 'worker-a'), claim(second, 'worker-b')])
      const ids = [...a, ...b].map((d) => d.id)
      expect(new Set(ids).size).toBe(ids.length)
      expect(ids).toHaveLength(POSTS)
      expect([a.length, b.length].sort()).toEqual([50, 70])
      const owners = await w.scope
        .selectFrom('deliveries')
        .select(['lease_owner', sql<number>`count(*)`.as('count')])
        .groupBy('lease_owner')
        .orderBy('lease_owner')
        .execute()
      expect(owners.map((o) => [o.lease_owner, Number(o.count)])).toEqual([
        ['worker-a', a.length],
        ['worker-b', b.length],
      ])
    })
  })
}
