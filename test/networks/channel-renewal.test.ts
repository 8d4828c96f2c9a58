/**
 * Idle channels keep their connection: the renewal job renews X's rotating tokens and Threads'
 * long-lived ones before they end (against the fakes, with a settable clock), one renewal per
 * channel at a time; a refused renewal and a LinkedIn connection past day 60 mark the channel as
 * needing reconnect with the reason, and LinkedIn channels show "reconnect soon" from day 53.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { MetaUsageGate } from '../../src/networks/meta/index.js'
import { OAuthTokenManager } from '../../src/networks/oauth/index.js'
import { ChannelRenewal } from '../../src/services/channel-renewal.js'
import { openCredentials } from '../../src/services/channels.js'
import { installNetworkSettings } from '../../src/services/network-settings.js'
import { FakeLinkedIn } from '../fakes/linkedin/fake-linkedin.js'
import { newLinkedInChannel } from '../fakes/linkedin/fake-linkedin-channels.js'
import { FakeThreads } from '../fakes/threads/fake-threads.js'
import { newThreadsChannel } from '../fakes/threads/fake-threads-channels.js'
import { FAKE_X_APP, FakeX } from '../fakes/x/fake-x.js'
import { newXChannel } from '../fakes/x/fake-x-channels.js'
import { testDialects } from '../support/databases.js'
import { createNetworkWorld, type NetworkWorld } from './support/network-world.js'

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

let x: FakeX
let threads: FakeThreads
let linkedin: FakeLinkedIn
/** The fakes and the adapters read the current test's clock, like Murmur does. */
let now: () => number = Date.now
beforeAll(async () => {
  x = await FakeX.start({ now: () => now() })
  threads = await FakeThreads.start({ now: () => now() })
  linkedin = await FakeLinkedIn.start({ now: () => now() })
})
afterAll(async () => {
  await x?.close()
  await threads?.close()
  await linkedin?.close()
})

const tokenCalls = (fake: { server: { log: Array<{ method: string; path: string }> } }) =>
  fake.server.log.filter((entry) => /oauth2\/token|refresh_access_token/.test(entry.path)).length

for (const dialect of await testDialects()) {
  describe(`${dialect}: renewing idle channels`, () => {
    let w: NetworkWorld
    afterEach(() => w?.t.cleanup())

    async function setUp() {
      w = await createNetworkWorld(dialect, {
        config: {
          networkApps: {
            x: { clientId: FAKE_X_APP.clientId, clientSecret: FAKE_X_APP.clientSecret },
            linkedin: {
              clientId: linkedin.state.app.clientId,
              clientSecret: linkedin.state.app.clientSecret,
            },
          },
        },
      })
      const clock = w.clock
      now = () => clock.now
      installNetworkSettings(w.murmur, {
        x: { apiBaseUrl: x.url, tokenManager: new OAuthTokenManager({ now }), now },
        threads: {
          graphUrl: threads.url,
          usageGate: new MetaUsageGate(),
          tokenManager: new OAuthTokenManager({ now }),
          now,
        },
        linkedin: {
          apiUrl: linkedin.url,
          oauthUrl: `${linkedin.url}/oauth/v2`,
          tokenManager: new OAuthTokenManager({ now }),
          now,
        },
      })
    }
    const channelRow = (id: string) =>
      w.murmur.db
        .selectFrom('channels')
        .select(['status', 'status_reason', 'token_expires_at', 'reconnect_by'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow()

    async function connectX() {
      const credentials = newXChannel(x, 'idle')
      const channel = await w.connect('x', {
        accountId: credentials.userId,
        handle: credentials.username,
        credentials: { ...credentials },
      })
      return { channel, credentials }
    }

    test('X: an idle channel’s rotating tokens are renewed 30 minutes before they end, once', async () => {
      await setUp()
      const { channel, credentials } = await connectX()
      const renewal = new ChannelRenewal(w.murmur)
      // Fresh: nothing to do.
      expect(await renewal.runOnce()).toEqual({ renewed: [], needsReconnect: [], failed: [] })
      const before = tokenCalls(x)

      w.clock.advance(95 * MINUTE) // 25 minutes left of 2 hours
      expect((await renewal.runOnce()).renewed).toEqual([channel.id])
      expect(tokenCalls(x)).toBe(before + 1)
      const stored = await openCredentials(w.murmur, w.scope, channel.id)
      expect(stored.accessToken).not.toBe(credentials.accessToken)
      expect(stored.refreshToken).not.toBe(credentials.refreshToken)
      const row = await channelRow(channel.id)
      expect(Number(row.token_expires_at)).toBe(Date.parse(String(stored.expiresAt)))

      // The renewed tokens work, and the old refresh token was rotated away.
      const me = await fetch(`${x.url}/2/users/me`, {
        headers: { authorization: `Bearer ${String(stored.accessToken)}` },
      })
      expect(me.status).toBe(200)
      // Not due again until the new token nears its end.
      expect((await renewal.runOnce()).renewed).toEqual([])
      expect(tokenCalls(x)).toBe(before + 1)
    })

    test('two workers renewing at once: one refresh per channel, the channel keeps working', async () => {
      await setUp()
      const { channel } = await connectX()
      w.clock.advance(100 * MINUTE)
      const before = tokenCalls(x)
      const rounds = await Promise.all([
        new ChannelRenewal(w.murmur).runOnce(),
        new ChannelRenewal(w.murmur).runOnce(),
        new ChannelRenewal(w.murmur).runOnce(),
      ])
      expect(rounds.flatMap((round) => round.renewed)).toEqual([channel.id])
      expect(tokenCalls(x)).toBe(before + 1)
      expect((await channelRow(channel.id)).status).toBe('active')
    })

    test('Threads: a long-lived token is renewed a week before its 60 days end', async () => {
      await setUp()
      const credentials = newThreadsChannel(threads) // issued two days ago
      const channel = await w.connect('threads', {
        accountId: credentials.userId,
        handle: credentials.username,
        credentials: { ...credentials },
      })
      const renewal = new ChannelRenewal(w.murmur)
      expect((await renewal.runOnce()).renewed).toEqual([])
      w.clock.advance(52 * DAY) // 6 days left
      expect((await renewal.runOnce()).renewed).toEqual([channel.id])
      const stored = await openCredentials(w.murmur, w.scope, channel.id)
      expect(stored.accessToken).not.toBe(credentials.accessToken)
      expect(Date.parse(String(stored.expiresAt))).toBeGreaterThan(
        Date.parse(credentials.expiresAt ?? ''),
      )
    })

    test('a refused renewal marks the channel as needing reconnect, with why', async () => {
      await setUp()
      const { channel, credentials } = await connectX()
      x.revokeAccess(credentials.userId)
      w.clock.advance(100 * MINUTE)
      const round = await new ChannelRenewal(w.murmur).runOnce()
      expect(round.needsReconnect).toEqual([channel.id])
      const row = await channelRow(channel.id)
      expect(row.status).toBe('needs_reconnect')
      expect(row.status_reason).toMatch(/^X: Murmur could not renew the connection to @idle\d+/)
      expect(row.status_reason).toMatch(/needs reconnect/)
    })

    test('a network that is down is tried again later, the channel stays active', async () => {
      await setUp()
      const { channel } = await connectX()
      w.clock.advance(100 * MINUTE)
      x.server.inject({ match: /^POST \/2\/oauth2\/token$/, reply: { status: 503, body: {} } })
      const renewal = new ChannelRenewal(w.murmur, { leaseMs: 2 * MINUTE })
      expect((await renewal.runOnce()).failed).toEqual([channel.id])
      expect((await channelRow(channel.id)).status).toBe('active')
      expect((await renewal.runOnce()).renewed).toEqual([]) // leased
      w.clock.advance(3 * MINUTE)
      expect((await renewal.runOnce()).renewed).toEqual([channel.id])
    })

    test('LinkedIn: "reconnect soon" from day 53, needs reconnect with the reason at day 60', async () => {
      await setUp()
      const credentials = newLinkedInChannel(linkedin)
      const channel = await w.connect('linkedin', {
        accountId: credentials.author,
        handle: credentials.name,
        credentials: { ...credentials },
      })
      const connectedAt = w.clock.now
      // Signs in each time: weeks pass between the looks.
      const shown = async () =>
        (await (await w.owner()).get(`/api/v1/workspaces/${w.workspaceId}/channels/${channel.id}`))
          .body
      const expiresAt = Date.parse(credentials.expiresAt ?? '')
      expect(await shown()).toMatchObject({
        reconnect_by: new Date(expiresAt).toISOString(),
        reconnect_soon: false,
        reconnect_message: null,
      })
      const renewal = new ChannelRenewal(w.murmur)
      w.clock.now = expiresAt - 7 * DAY - MINUTE // day 52 and a bit
      await renewal.runOnce()
      expect((await shown()).reconnect_soon).toBe(false)
      w.clock.now = expiresAt - 7 * DAY + MINUTE // day 53
      await renewal.runOnce()
      const soon = await shown()
      expect(soon).toMatchObject({ status: 'active', reconnect_soon: true })
      expect(soon.reconnect_message).toMatch(/ends in 7 days .*reconnect it before then/)
      const list = await (await w.owner()).get(`/api/v1/workspaces/${w.workspaceId}/channels`)
      expect(list.body.data[0]).toMatchObject({ id: channel.id, reconnect_soon: true })

      w.clock.now = expiresAt + MINUTE
      const round = await renewal.runOnce()
      expect(round.needsReconnect).toEqual([channel.id])
      const ended = await shown()
      expect(ended).toMatchObject({ status: 'needs_reconnect', reconnect_soon: false })
      expect(ended.status_reason).toMatch(
        /^The LinkedIn connection ended on \d{4}-\d\d-\d\d and Murmur cannot renew it/,
      )
      expect(expiresAt - connectedAt).toBeGreaterThan(59 * DAY)
    })
  })
}
