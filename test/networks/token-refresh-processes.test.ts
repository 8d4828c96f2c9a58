/**
 * One token refresh at a time per channel across processes. X rotates refresh tokens (the fake
 * refuses a spent one, as X does), so two workers refreshing the same channel at once would leave
 * the loser with a dead refresh token and the channel wrongly needing reconnect. On PostgreSQL two
 * Murmur contexts (two pools, two token managers: two processes) share one schema; on SQLite
 * there is one process, whose token manager is shared.
 */
import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { createLogger } from '../../src/logger.js'
import { createMurmur, type Murmur } from '../../src/murmur.js'
import { OAuthTokenManager } from '../../src/networks/oauth/index.js'
import type { CallOptions, NetworkCredentials } from '../../src/networks/spec/index.js'
import { channelRefreshLock } from '../../src/services/channel-refresh-lock.js'
import { openCredentials, saveCredentials } from '../../src/services/channels.js'
import { installNetworkSettings } from '../../src/services/network-settings.js'
import { networksOf } from '../../src/services/publishing-networks.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { FAKE_X_APP, FakeX } from '../fakes/x/fake-x.js'
import { newXChannel } from '../fakes/x/fake-x-channels.js'
import { testDialects } from '../support/databases.js'
import { createNetworkWorld, type NetworkWorld } from './support/network-world.js'

const HOUR = 3_600_000

let x: FakeX
let now: () => number = Date.now
beforeAll(async () => {
  x = await FakeX.start({ now: () => now() })
})
afterAll(async () => {
  await x?.close()
})

const tokenCalls = () => x.server.log.filter((entry) => /oauth2\/token/.test(entry.path)).length

for (const dialect of await testDialects()) {
  describe(`${dialect}: refreshing one channel's token from two workers`, () => {
    let w: NetworkWorld
    let second: Murmur
    afterEach(async () => {
      if (second && second !== w.murmur) await second.storage.close()
      await w?.t.cleanup()
    })

    /** Two workers on one database, each with the X adapter (and, across processes, its own token manager). */
    async function setUp() {
      w = await createNetworkWorld(dialect, {
        config: {
          networkApps: {
            x: { clientId: FAKE_X_APP.clientId, clientSecret: FAKE_X_APP.clientSecret },
          },
        },
      })
      const clock = w.clock
      now = () => clock.now
      const shared = new OAuthTokenManager({ now })
      if (w.murmur.storage.capabilities.multipleWriters) {
        const { schema } = (
          await sql<{ schema: string }>`select current_schema() as schema`.execute(w.murmur.db)
        ).rows[0]!
        second = await createMurmur(w.murmur.config, createLogger('silent', false), {
          postgresSchema: schema,
          now,
        })
      } else {
        second = w.murmur
      }
      const own = second === w.murmur ? shared : new OAuthTokenManager({ now })
      installNetworkSettings(w.murmur, { x: { apiBaseUrl: x.url, tokenManager: shared, now } })
      if (second !== w.murmur) {
        installNetworkSettings(second, { x: { apiBaseUrl: x.url, tokenManager: own, now } })
      }
      const credentials = newXChannel(x, 'racing')
      const channel = await w.connect('x', {
        accountId: credentials.userId,
        handle: credentials.username,
        credentials: { ...credentials },
      })
      return { channel, credentials }
    }

    /** What the publishing job does: stored credentials, rotated ones stored, the channel's lock. */
    async function publishFrom(murmur: Murmur, channelId: string, text: string, locked = true) {
      const scope = new WorkspaceScope(murmur.db, w.workspaceId)
      const network = networksOf(murmur).get('x')!
      const credentials = await openCredentials(murmur, scope, channelId)
      const options: CallOptions<NetworkCredentials> = {
        onCredentialsChanged: (next) => saveCredentials(murmur, scope, channelId, next),
        ...(locked && { refreshLock: channelRefreshLock(murmur, scope, channelId) }),
      }
      return network.publish(credentials, { parts: [{ text, media: [] }] }, options)
    }

    test('both publish after exactly one refresh; the stored tokens are the new ones', async () => {
      const { channel, credentials } = await setUp()
      w.clock.advance(2 * HOUR + 60_000) // the access token has expired
      const before = tokenCalls()
      const [a, b] = await Promise.all([
        publishFrom(w.murmur, channel.id, 'Sourdough from worker A'),
        publishFrom(second, channel.id, 'Sourdough from worker B'),
      ])
      expect(tokenCalls()).toBe(before + 1)
      expect(a.parts[0]?.id).toBeTruthy()
      expect(b.parts[0]?.id).toBeTruthy()
      const stored = await openCredentials(w.murmur, w.scope, channel.id)
      expect(stored.refreshToken).not.toBe(credentials.refreshToken)
      // The stored refresh token is the live one: the next refresh works.
      w.clock.advance(2 * HOUR + 60_000)
      await publishFrom(second, channel.id, 'Rye from worker B, later')
      expect(tokenCalls()).toBe(before + 2)
      const row = await w.murmur.db
        .selectFrom('channels')
        .select('status')
        .where('id', '=', channel.id)
        .executeTakeFirstOrThrow()
      expect(row.status).toBe('active')
    })

    test('without the lock: one process still refreshes once, two processes spend one refresh token twice', async () => {
      const { channel } = await setUp()
      w.clock.advance(2 * HOUR + 60_000)
      const before = tokenCalls()
      const results = await Promise.allSettled([
        publishFrom(w.murmur, channel.id, 'Unlocked A', false),
        publishFrom(second, channel.id, 'Unlocked B', false),
      ])
      const refused = results.filter((r) => r.status === 'rejected')
      if (second === w.murmur) {
        // One process: its token manager refreshes one at a time and shares the result.
        expect(refused).toHaveLength(0)
        expect(tokenCalls()).toBe(before + 1)
      } else {
        // Two processes, each with its own token manager: the loser's refresh token was spent.
        expect(tokenCalls()).toBe(before + 2)
        expect(refused).toHaveLength(1)
        expect(String((refused[0] as PromiseRejectedResult).reason)).toMatch(/needs reconnect/)
      }
    })
  })
}
