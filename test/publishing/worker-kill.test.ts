import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import {
  type FakeNetworkServer,
  startFakeNetworkServer,
} from '../../bench/scheduler/network-server.js'
import {
  insertScheduledPosts,
  makeDue,
  postText,
  prepare,
  type Stage,
  startWorker,
  statesOf,
  stopWorker,
  type Worker,
  waitFor,
} from '../../bench/scheduler/setup.js'
import { testDialects } from '../support/databases.js'

/**
 * SIGKILL in the middle of a burst, with two real scheduler processes on PostgreSQL (the
 * benchmark's worker, which runs Murmur's Scheduler as `murmur worker` does). The fake network
 * holds the victim's requests open, so the kill lands while the network already has those posts
 * and Murmur does not know: the hardest case. Every delivery must end published exactly once, or
 * unconfirmed with the reason; none lost, none sent twice.
 */
const POSTS = 200
// Short leases so the survivor notices the dead worker within seconds; the test waits on states.
const OPTIONS = { tickMs: 100, claimLeaseMs: 2_000, publishLeaseMs: 2_000, stopTimeoutMs: 5_000 }

const dialects = (await testDialects()).filter((dialect) => dialect === 'postgres')

describe.runIf(dialects.length > 0)('postgres: a worker killed mid-publish', () => {
  let network: FakeNetworkServer
  let stage: Stage
  const workers: Worker[] = []

  beforeEach(async () => {
    network = await startFakeNetworkServer({
      latencyMs: 5,
      hold: (worker) => worker === 'victim',
    })
    stage = await prepare('postgres', network.url)
  }, 120_000)

  afterEach(async () => {
    for (const worker of workers.splice(0)) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) {
        await stopWorker(worker)
      }
    }
    await stage?.cleanup()
    await network?.close()
  })

  test('every due delivery is published once or unconfirmed with the reason', {
    timeout: 300_000,
  }, async () => {
    await insertScheduledPosts(stage, POSTS, Date.now() + 3_600_000)
    const victim = await startWorker(stage, 'victim', OPTIONS)
    workers.push(victim)
    workers.push(await startWorker(stage, 'survivor', OPTIONS))
    await makeDue(stage, Date.now())

    // Mid-burst: the victim has posts on the network it has no answer for, the survivor is busy.
    await waitFor(
      'the victim to be mid-publish and the survivor under way',
      () => network.held.length >= 1 && network.posts.length - network.held.length >= 20,
      120_000,
    )
    victim.child.kill('SIGKILL')
    expect(await victim.exited).toBeNull()
    const heldAtKill = network.held.map((post) => post.text)

    await waitFor(
      'every delivery to be settled',
      async () => {
        const states = await statesOf(stage)
        return (states.scheduled ?? 0) + (states.publishing ?? 0) === 0
      },
      180_000,
      100,
    )

    const rows = await stage.scope
      .selectFrom('deliveries')
      .innerJoin('post_parts', 'post_parts.post_id', 'deliveries.post_id')
      .select([
        'deliveries.id',
        'deliveries.state',
        'deliveries.last_error_kind',
        'deliveries.last_error',
        'deliveries.remote_parts',
        'deliveries.lease_owner',
        'post_parts.text',
      ])
      .execute()
    expect(rows).toHaveLength(POSTS)
    // Nothing lost: every post is here, published or waiting for a person with the reason.
    expect(new Set(rows.map((row) => row.text))).toEqual(
      new Set(Array.from({ length: POSTS }, (_, i) => postText(i))),
    )
    const published = rows.filter((row) => row.state === 'published')
    const unconfirmed = rows.filter((row) => row.state === 'unconfirmed')
    expect(published.length + unconfirmed.length).toBe(POSTS)

    // Nothing sent twice: not by the survivor, not by a retry of what the victim had started.
    expect(network.duplicates()).toBe(0)
    for (const row of published) {
      expect(network.byText.get(row.text), row.text).toBe(1)
      const [part] = JSON.parse(row.remote_parts) as Array<{ id: string }>
      expect(network.posts.find((post) => post.id === part?.id)?.text).toBe(row.text)
    }

    // What the victim had sent is unconfirmed, saying why, and was never sent again.
    expect(unconfirmed.length).toBeGreaterThanOrEqual(1)
    const unconfirmedTexts = new Set(unconfirmed.map((row) => row.text))
    for (const text of heldAtKill) expect(unconfirmedTexts.has(text), text).toBe(true)
    for (const row of unconfirmed) {
      expect(row.last_error_kind).toBe('interrupted')
      expect(row.last_error).toContain('Murmur stopped while publishing this post')
      expect(network.byText.get(row.text) ?? 0).toBeLessThanOrEqual(1)
    }
    // Only the victim's publishes were interrupted; the survivor finished everything it took.
    const survivorPosts = network.posts.filter((post) => post.worker === 'survivor').length
    expect(survivorPosts).toBe(published.length)
  })
})
