import { hostname } from 'node:os'
import { newId } from '../core/ids.js'
import type { Murmur } from '../murmur.js'
import { murmurUserAgent, type ResolveHost, safeFetch } from '../net/safe-fetch/index.js'
import { membersWithRoles, notify } from '../services/notifications.js'
import { signWebhook } from '../services/webhook-signature.js'
import { WorkspaceScope } from '../storage/workspace-scope.js'
import { RepeatingRound } from './repeating-round.js'

/**
 * Waits after each failed attempt: 5 s, 1 min, 5 min, 30 min, 2 h, 5 h, 10 h, 6 h. Nine attempts
 * over about 24 hours (as the Standard Webhooks retry schedule); after the last the delivery is
 * failed and its endpoint turned off, and the workspace's owners and admins are told.
 */
export const WEBHOOK_RETRY_DELAYS_MS = [
  5_000,
  60_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  6 * 3_600_000,
] as const

export interface WebhookDispatcherOptions {
  workerId: string
  tickMs: number
  /** Deliveries claimed per round. */
  batch: number
  /** How long a claim lasts; a worker that dies mid-send frees its deliveries after this. */
  leaseMs: number
  timeoutMs: number
  /** Tests only: deliver to a receiver on this machine. */
  allowLoopback: boolean
  /** Tests only: a fake DNS. */
  resolveHost?: ResolveHost | undefined
}

const EXCERPT_CHARS = 1_000

interface Claimed {
  workspace_id: string
  id: string
  endpoint_id: string
  event_type: string
  payload: string
  attempts: number
}

/**
 * The process-local webhook sender: every tick it claims due deliveries with a lease (a guarded
 * update per row, so any number of workers share the table without sending one twice), signs and
 * POSTs each through the safe fetcher (no private addresses, no redirects), logs the attempt, and
 * schedules a retry or gives up.
 */
export class WebhookDispatcher {
  readonly options: WebhookDispatcherOptions
  readonly #murmur: Murmur
  readonly #clock: RepeatingRound<number>

  constructor(murmur: Murmur, options: Partial<WebhookDispatcherOptions> = {}) {
    this.#murmur = murmur
    this.options = {
      workerId: `${hostname()}:${process.pid}:webhooks`,
      tickMs: 2_000,
      batch: 20,
      leaseMs: 60_000,
      timeoutMs: 15_000,
      allowLoopback: false,
      ...options,
    }
    this.#clock = new RepeatingRound({
      round: () => this.#round(),
      everyMs: () => this.options.tickMs,
      onError: (error) => this.#murmur.log.error({ err: error }, 'webhook round failed'),
    })
  }

  start(): void {
    this.#clock.start(0)
  }

  stop(): Promise<void> {
    return this.#clock.stop()
  }

  /** One round; returns how many deliveries it attempted. Concurrent calls share the round. */
  tick(): Promise<number> {
    return this.#clock.tick()
  }

  async #round(): Promise<number> {
    const claimed = await this.#claim()
    await Promise.all(claimed.map((delivery) => this.#send(delivery)))
    return claimed.length
  }

  async #claim(): Promise<Claimed[]> {
    const murmur = this.#murmur
    const now = murmur.now()
    const due = await murmur.db
      .selectFrom('webhook_deliveries')
      .select(['workspace_id', 'id', 'endpoint_id', 'event_type', 'payload', 'attempts'])
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)]))
      .orderBy('next_attempt_at')
      .limit(this.options.batch)
      .execute()
    const claimed: Claimed[] = []
    for (const row of due) {
      const result = await murmur.db
        .updateTable('webhook_deliveries')
        .set({ lease_owner: this.options.workerId, lease_expires_at: now + this.options.leaseMs })
        .where('id', '=', row.id)
        .where('status', '=', 'pending')
        .where((eb) =>
          eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)]),
        )
        .executeTakeFirst()
      if (Number(result.numUpdatedRows) === 1) claimed.push(row)
    }
    return claimed
  }

  async #send(delivery: Claimed): Promise<void> {
    const murmur = this.#murmur
    const scope = new WorkspaceScope(murmur.db, delivery.workspace_id)
    const endpoint = await scope
      .selectFrom('webhook_endpoints')
      .select(['url', 'secret', 'enabled'])
      .where('id', '=', delivery.endpoint_id)
      .executeTakeFirst()
    if (!endpoint || (!endpoint.enabled && delivery.event_type !== 'webhook.test')) {
      await this.#settle(scope, delivery, {
        status: 'failed',
        statusCode: null,
        error: 'The endpoint is turned off; resend once it is on again.',
      })
      return
    }
    const started = murmur.now()
    const timestamp = Math.floor(started / 1000)
    const signature = signWebhook(
      murmur.secrets.open(endpoint.secret),
      delivery.id,
      timestamp,
      delivery.payload,
    )
    let statusCode: number | null = null
    let excerpt: string | null = null
    let error: string | null = null
    const clock = performance.now()
    try {
      const response = await safeFetch(endpoint.url, {
        method: 'POST',
        body: delivery.payload,
        headers: {
          'content-type': 'application/json',
          accept: '*/*',
          'webhook-id': delivery.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signature,
        },
        maxRedirects: 0,
        timeoutMs: this.options.timeoutMs,
        maxBytes: 64 * 1024,
        userAgent: murmurUserAgent(murmur.config.publicUrl),
        allowLoopback: this.options.allowLoopback,
        ...(this.options.resolveHost && { resolveHost: this.options.resolveHost }),
      })
      statusCode = response.status
      excerpt = (response.text ?? '').slice(0, EXCERPT_CHARS) || null
      if (!response.ok) {
        error =
          response.status >= 300 && response.status < 400
            ? `Answered ${response.status} (a redirect); webhooks are not redirected: give the final address.`
            : `Answered ${response.status}; only 2xx counts as received.`
      }
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught)
    }
    const duration = Math.round(performance.now() - clock)
    const previous = await scope
      .selectFrom('webhook_attempts')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('delivery_id', '=', delivery.id)
      .executeTakeFirstOrThrow()
    await scope
      .insertInto('webhook_attempts', {
        id: newId('wha', started),
        delivery_id: delivery.id,
        attempt: Number(previous.count) + 1,
        status_code: statusCode,
        response_excerpt: excerpt,
        error,
        duration_ms: duration,
        created_at: started,
      })
      .execute()
    if (error === null) {
      await this.#settle(scope, delivery, { status: 'delivered', statusCode, error: null })
      return
    }
    const attempts = delivery.attempts + 1
    const delay = WEBHOOK_RETRY_DELAYS_MS[attempts - 1]
    if (delay !== undefined) {
      await this.#settle(scope, delivery, {
        status: 'pending',
        statusCode,
        error,
        nextAttemptAt: murmur.now() + delay,
      })
    } else {
      await this.#settle(scope, delivery, { status: 'failed', statusCode, error })
      await this.#disable(scope, delivery, error)
    }
  }

  async #settle(
    scope: WorkspaceScope,
    delivery: Claimed,
    outcome: {
      status: 'pending' | 'delivered' | 'failed'
      statusCode: number | null
      error: string | null
      nextAttemptAt?: number
    },
  ): Promise<void> {
    const now = this.#murmur.now()
    await scope
      .updateTable('webhook_deliveries')
      .set({
        status: outcome.status,
        attempts: delivery.attempts + 1,
        next_attempt_at: outcome.nextAttemptAt ?? null,
        last_status_code: outcome.statusCode,
        last_error: outcome.error,
        lease_owner: null,
        lease_expires_at: null,
        ...(outcome.status === 'delivered' && { delivered_at: now }),
      })
      .where('id', '=', delivery.id)
      .where('lease_owner', '=', this.options.workerId)
      .execute()
    if (outcome.status === 'delivered') {
      await scope
        .updateTable('webhook_endpoints')
        .set({ failing_since: null })
        .where('id', '=', delivery.endpoint_id)
        .execute()
    } else if (outcome.statusCode !== null || outcome.error) {
      await scope
        .updateTable('webhook_endpoints')
        .set({ failing_since: now })
        .where('id', '=', delivery.endpoint_id)
        .where('failing_since', 'is', null)
        .execute()
    }
  }

  /** A delivery failed for a whole day: the endpoint is off until a person turns it on. */
  async #disable(scope: WorkspaceScope, delivery: Claimed, error: string): Promise<void> {
    const now = this.#murmur.now()
    const result = await scope
      .updateTable('webhook_endpoints')
      .set({
        enabled: 0,
        disabled_reason: `Turned off after failing for a day. Last error: ${error}`,
        updated_at: now,
      })
      .where('id', '=', delivery.endpoint_id)
      .where('enabled', '=', 1)
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) === 0) return
    const endpoint = await scope
      .selectFrom('webhook_endpoints')
      .select('url')
      .where('id', '=', delivery.endpoint_id)
      .executeTakeFirst()
    await notify(
      scope,
      await membersWithRoles(scope, ['owner', 'admin']),
      {
        kind: 'webhook.disabled',
        title: 'A webhook endpoint was turned off',
        body: `${endpoint?.url ?? 'An endpoint'} kept failing for a day (last error: ${error}). Fix it, turn it back on and resend what it missed.`,
      },
      now,
    )
  }
}
