import { hostname } from 'node:os'
import type { Murmur } from '../murmur.js'
import {
  digestPeriod,
  digestRecipients,
  getDigestSettings,
  nextDigestAt,
  scheduleOf,
  sendDigest,
} from '../services/digests.js'
import { WorkspaceScope } from '../storage/workspace-scope.js'
import { RepeatingRound } from './repeating-round.js'

export interface DigestSenderOptions {
  workerId: string
  tickMs: number
  /** How long one workspace's digest is reserved: making the PDF takes seconds, not minutes. */
  leaseMs: number
  /** After a failure (no Chromium, no mail server), try that workspace again after this. */
  retryMs: number
}

/**
 * Sends due digests. Each round claims the workspaces whose digest is due (or asked for with
 * "send now") with a lease on their settings row, so only one process works on a workspace;
 * the digest_runs row, unique per period, makes a scheduled period go out exactly once even if
 * a lease ran out mid-way. A digest missed while Murmur was down goes out once for its period
 * when Murmur is back; older missed periods are skipped.
 */
export class DigestSender {
  readonly options: DigestSenderOptions
  readonly #murmur: Murmur
  readonly #clock: RepeatingRound<number>

  constructor(murmur: Murmur, options: Partial<DigestSenderOptions> = {}) {
    this.#murmur = murmur
    this.options = {
      workerId: `${hostname()}:${process.pid}:digests`,
      tickMs: 30_000,
      leaseMs: 10 * 60_000,
      retryMs: 15 * 60_000,
      ...options,
    }
    this.#clock = new RepeatingRound({
      round: () => this.#round(),
      everyMs: () => this.options.tickMs,
      onError: (error) => this.#murmur.log.error({ err: error }, 'digest round failed'),
    })
  }

  start(): void {
    this.#clock.start(5_000)
  }

  stop(): Promise<void> {
    return this.#clock.stop()
  }

  /** One round; returns how many digests it queued. Concurrent calls share the round. */
  tick(): Promise<number> {
    return this.#clock.tick()
  }

  async #round(): Promise<number> {
    const db = this.#murmur.db
    const now = this.#murmur.now()
    const due = await db
      .selectFrom('digest_settings')
      .select('workspace_id')
      .where((eb) =>
        eb.or([
          eb.and([eb('enabled', '=', 1), eb('next_due_at', '<=', now)]),
          eb('send_requested_at', 'is not', null),
        ]),
      )
      .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)]))
      .orderBy('workspace_id')
      .limit(20)
      .execute()
    let sent = 0
    for (const { workspace_id } of due) {
      const claimed = await db
        .updateTable('digest_settings')
        .set({ lease_owner: this.options.workerId, lease_expires_at: now + this.options.leaseMs })
        .where('workspace_id', '=', workspace_id)
        .where((eb) =>
          eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)]),
        )
        .executeTakeFirst()
      if (Number(claimed.numUpdatedRows) !== 1) continue
      sent += await this.#sendFor(new WorkspaceScope(db, workspace_id))
    }
    return sent
  }

  async #sendFor(scope: WorkspaceScope): Promise<number> {
    const murmur = this.#murmur
    const now = murmur.now()
    const settings = await getDigestSettings(murmur, scope)
    const schedule = scheduleOf(settings)
    const scheduled =
      settings.enabled && settings.next_due_at !== null && settings.next_due_at <= now
    let sent = 0
    try {
      if (!settings.email_configured) {
        throw new Error(
          'No mail server: set SMTP_URL for the instance, or the workspace’s own server in its email settings.',
        )
      }
      const recipients = await digestRecipients(scope, settings)
      if (recipients.length === 0) throw new Error('No recipient: every chosen member has left.')
      if (settings.send_requested_at !== null) {
        const period = digestPeriod(schedule, settings.time_zone, now)
        if (await sendDigest(murmur, scope, { period, trigger: 'manual', recipients })) sent++
      }
      if (scheduled && settings.next_due_at !== null) {
        const period = digestPeriod(schedule, settings.time_zone, settings.next_due_at)
        if (await sendDigest(murmur, scope, { period, trigger: 'schedule', recipients })) sent++
      }
      await scope
        .updateTable('digest_settings')
        .set({
          ...(scheduled && { next_due_at: nextDigestAt(schedule, settings.time_zone, now) }),
          send_requested_at: null,
          last_sent_at: sent > 0 ? now : settings.last_sent_at,
          last_error: null,
          lease_owner: null,
          lease_expires_at: null,
        })
        .where('lease_owner', '=', this.options.workerId)
        .execute()
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      murmur.log.warn({ workspace: scope.workspaceId, err: message }, 'digest not sent')
      // Keep the lease until the retry time: the next rounds leave this workspace alone.
      await scope
        .updateTable('digest_settings')
        .set({
          last_error: message.slice(0, 1_000),
          // A "send now" is not repeated (the error says why; press again); a schedule retries.
          send_requested_at: null,
          lease_expires_at: now + this.options.retryMs,
        })
        .where('lease_owner', '=', this.options.workerId)
        .execute()
    }
    return sent
  }
}
