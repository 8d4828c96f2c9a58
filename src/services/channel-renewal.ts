/**
 * Keeps idle channels connected. Publishing renews a token when it uses it, but a channel that
 * posts nothing for two months would lose its Instagram or Threads token, and an X channel idle
 * for a day would burn through a refresh token nobody rotates. This job renews tokens before they
 * end, through each network's `refreshCredentials` (which goes through the shared token manager,
 * so a publish and a renewal of one channel never overlap in a process), and a lease per channel
 * keeps two worker processes from rotating the same refresh token.
 *
 * It also ends LinkedIn connections on time: most LinkedIn apps cannot renew a 60-day token, so at
 * `reconnect_by` the channel needs reconnecting, with the reason.
 */
import type { Murmur } from '../murmur.js'
import { NETWORK_NAMES, NetworkError, type NetworkId } from '../networks/spec/index.js'
import { WorkspaceScope } from '../storage/workspace-scope.js'
import { connectionColumns } from './channel-connection.js'
import { channelRefreshLock } from './channel-refresh-lock.js'
import { markNeedsReconnect, saveCredentials } from './channels.js'
import { networksOf, type PublishingNetworks } from './publishing-networks.js'

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

/**
 * How long before its end each network's token is renewed. X tokens live 2 hours; Meta's
 * long-lived tokens 60 days (renewable once a day old); approved LinkedIn apps' 60 days.
 */
export const RENEW_BEFORE_MS: Partial<Record<NetworkId, number>> = {
  x: 30 * MINUTE,
  instagram: 7 * DAY,
  threads: 7 * DAY,
  linkedin: 7 * DAY,
}

const RENEWABLE = Object.keys(RENEW_BEFORE_MS) as NetworkId[]

export interface ChannelRenewalOptions {
  /** How often to look for tokens to renew. Default 5 minutes (less than X's 30-minute margin). */
  intervalMs?: number
  /** How long one channel's renewal may take before another worker may try. Default 2 minutes. */
  leaseMs?: number
  /** When a network had nothing to renew (LinkedIn without a refresh token): wait this long. */
  quietMs?: number
  /** Channels per round. Default 25. */
  batchSize?: number
  networks?: PublishingNetworks
}

export interface RenewalRound {
  renewed: string[]
  /** Channels whose renewal was refused: now marked as needing reconnect. */
  needsReconnect: string[]
  /** Failures that may pass (network down): tried again after the lease. */
  failed: string[]
}

interface Candidate {
  id: string
  workspace_id: string
  network: NetworkId
  handle: string
}

export class ChannelRenewal {
  readonly #murmur: Murmur
  readonly #intervalMs: number
  readonly #leaseMs: number
  readonly #quietMs: number
  readonly #batchSize: number
  readonly #networks: PublishingNetworks
  #timer: NodeJS.Timeout | undefined
  #round: Promise<RenewalRound> | undefined
  #stopped = true

  constructor(murmur: Murmur, options: ChannelRenewalOptions = {}) {
    this.#murmur = murmur
    this.#intervalMs = options.intervalMs ?? 5 * MINUTE
    this.#leaseMs = options.leaseMs ?? 2 * MINUTE
    this.#quietMs = options.quietMs ?? 60 * MINUTE
    this.#batchSize = options.batchSize ?? 25
    this.#networks = options.networks ?? networksOf(murmur)
  }

  start(): void {
    if (!this.#stopped) return
    this.#stopped = false
    this.#schedule(0)
  }

  async stop(): Promise<void> {
    this.#stopped = true
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    await this.#round?.catch(() => undefined)
  }

  /** One round; concurrent calls share the round in progress. */
  runOnce(): Promise<RenewalRound> {
    this.#round ??= this.#run().finally(() => {
      this.#round = undefined
    })
    return this.#round
  }

  #schedule(delay: number): void {
    if (this.#stopped) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.runOnce()
        .catch((error) => this.#murmur.log.error({ err: error }, 'token renewal round failed'))
        .finally(() => this.#schedule(this.#intervalMs))
    }, delay)
    this.#timer.unref?.()
  }

  async #run(): Promise<RenewalRound> {
    const round: RenewalRound = { renewed: [], needsReconnect: [], failed: [] }
    await this.#backfill()
    await this.#endExpiredConnections(round)
    for (const candidate of await this.#due()) {
      if (!(await this.#lease(candidate))) continue
      await this.#renew(candidate, round)
    }
    return round
  }

  /** Channels connected before token ends were kept in columns: read them once from the secrets. */
  async #backfill(): Promise<void> {
    const { db } = this.#murmur
    const rows = await db
      .selectFrom('channels')
      .select(['id', 'workspace_id', 'network', 'credentials'])
      .where('status', '=', 'active')
      .where('network', 'in', RENEWABLE)
      .where('token_expires_at', 'is', null)
      .where('reconnect_by', 'is', null)
      .limit(this.#batchSize)
      .execute()
    for (const row of rows) {
      let columns: ReturnType<typeof connectionColumns>
      try {
        columns = connectionColumns(
          row.network,
          JSON.parse(this.#murmur.secrets.open(row.credentials)),
        )
      } catch {
        continue // unreadable credentials: publishing says so when it needs them
      }
      if (columns.token_expires_at === null && columns.reconnect_by === null) continue
      await new WorkspaceScope(db, row.workspace_id)
        .updateTable('channels')
        .set(columns)
        .where('id', '=', row.id)
        .execute()
    }
  }

  /** Connections Murmur cannot renew (LinkedIn's 60 days) end here, with the reason. */
  async #endExpiredConnections(round: RenewalRound): Promise<void> {
    const now = this.#murmur.now()
    const rows = await this.#murmur.db
      .selectFrom('channels')
      .select(['id', 'workspace_id', 'network', 'handle', 'reconnect_by'])
      .where('status', '=', 'active')
      .where('reconnect_by', '<=', now)
      .limit(this.#batchSize)
      .execute()
    for (const row of rows) {
      const ended = new Date(Number(row.reconnect_by)).toISOString().slice(0, 10)
      const name = NETWORK_NAMES[row.network]
      const reason = `The ${name} connection ended on ${ended} and Murmur cannot renew it (${name} connections last 60 days for most apps). Reconnect the channel to keep publishing.`
      await markNeedsReconnect(
        this.#murmur,
        new WorkspaceScope(this.#murmur.db, row.workspace_id),
        row.id,
        reason,
      )
      this.#murmur.log.warn({ channel: row.id, network: row.network }, 'connection ended')
      round.needsReconnect.push(row.id)
    }
  }

  /** Active channels whose token ends within its network's margin, not being published to. */
  async #due(): Promise<Candidate[]> {
    const now = this.#murmur.now()
    const { db } = this.#murmur
    return (
      db
        .selectFrom('channels')
        .select(['channels.id', 'channels.workspace_id', 'channels.network', 'channels.handle'])
        .where('channels.status', '=', 'active')
        .where((eb) =>
          eb.or(
            RENEWABLE.map((network) =>
              eb.and([
                eb('channels.network', '=', network),
                eb('channels.token_expires_at', '<=', now + (RENEW_BEFORE_MS[network] ?? 0)),
              ]),
            ),
          ),
        )
        .where((eb) =>
          eb.or([
            eb('channels.renewal_lease_expires_at', 'is', null),
            eb('channels.renewal_lease_expires_at', '<', now),
          ]),
        )
        // A channel being published to renews its own token; renewing beside it could race.
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('deliveries')
                .select('deliveries.id')
                .whereRef('deliveries.channel_id', '=', 'channels.id')
                .where('deliveries.state', '=', 'publishing'),
            ),
          ),
        )
        .orderBy('channels.token_expires_at')
        .limit(this.#batchSize)
        .execute()
    )
  }

  /** Takes the channel for this worker; false when another worker took it first. */
  async #lease(candidate: Candidate): Promise<boolean> {
    const now = this.#murmur.now()
    const taken = await new WorkspaceScope(this.#murmur.db, candidate.workspace_id)
      .updateTable('channels')
      .set({ renewal_lease_expires_at: now + this.#leaseMs })
      .where('id', '=', candidate.id)
      .where((eb) =>
        eb.or([
          eb('renewal_lease_expires_at', 'is', null),
          eb('renewal_lease_expires_at', '<', now),
        ]),
      )
      .executeTakeFirst()
    return Number(taken.numUpdatedRows) === 1
  }

  async #renew(candidate: Candidate, round: RenewalRound): Promise<void> {
    const murmur = this.#murmur
    const scope = new WorkspaceScope(murmur.db, candidate.workspace_id)
    const network = this.#networks.get(candidate.network)
    const row = await scope
      .selectFrom('channels')
      .select(['credentials', 'status'])
      .where('id', '=', candidate.id)
      .executeTakeFirst()
    if (!network?.refreshCredentials || !row || row.status !== 'active') return
    let changed = false
    try {
      const credentials = JSON.parse(murmur.secrets.open(row.credentials))
      await network.refreshCredentials(credentials, {
        signal: AbortSignal.timeout(Math.max(1000, this.#leaseMs - 5000)),
        onCredentialsChanged: async (next) => {
          changed = true
          await saveCredentials(murmur, scope, candidate.id, next)
        },
        refreshLock: channelRefreshLock(murmur, scope, candidate.id),
      })
    } catch (error) {
      if (NetworkError.isInstance(error) && error.kind === 'auth_expired') {
        await markNeedsReconnect(murmur, scope, candidate.id, error.message)
        murmur.log.warn(
          { channel: candidate.id, network: candidate.network, reason: error.reason },
          'token renewal refused: channel needs reconnect',
        )
        round.needsReconnect.push(candidate.id)
        return
      }
      // Network down, throttled, timed out: the lease runs out and a later round tries again.
      murmur.log.warn({ err: error, channel: candidate.id }, 'token renewal failed; will retry')
      round.failed.push(candidate.id)
      return
    }
    if (changed) {
      await scope
        .updateTable('channels')
        .set({ renewal_lease_expires_at: null })
        .where('id', '=', candidate.id)
        .execute()
      round.renewed.push(candidate.id)
    } else {
      // Nothing to renew (a LinkedIn app without refresh tokens): do not ask every round.
      await scope
        .updateTable('channels')
        .set({ renewal_lease_expires_at: murmur.now() + this.#quietMs })
        .where('id', '=', candidate.id)
        .execute()
    }
  }
}
