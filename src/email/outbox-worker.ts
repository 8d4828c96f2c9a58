import { hostname } from 'node:os'
import { RepeatingRound } from '../jobs/repeating-round.js'
import type { Murmur } from '../murmur.js'
import { WorkspaceScope } from '../storage/workspace-scope.js'
import { DEFAULT_MAIL_TIMEOUTS, MailError, type MailTimeouts, sendMail } from './mailer.js'
import { decodeAttachments } from './outbox.js'
import { smtpTargetFor } from './smtp-settings.js'

/**
 * Waits after each failed attempt: 1 min, 5 min, 30 min, 2 h, 6 h, 12 h. Seven attempts over
 * about 21 hours; then the email is failed for good (shown in the workspace's email log). A
 * 5xx answer (the server refuses this message) fails it at once.
 */
export const EMAIL_RETRY_DELAYS_MS = [
  60_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  6 * 3_600_000,
  12 * 3_600_000,
] as const

export interface EmailOutboxOptions {
  workerId: string
  tickMs: number
  batch: number
  /** A worker that dies mid-send frees its emails after this. */
  leaseMs: number
  timeouts: MailTimeouts
}

interface Claimed {
  workspace_id: string
  id: string
  recipients: string
  subject: string
  text_body: string
  html_body: string | null
  attachments: string
  attempts: number
}

/**
 * Sends queued email: every tick it claims due rows with a lease (a guarded update per row, so
 * any number of processes share the outbox without sending one twice) and sends each through
 * its workspace's SMTP server.
 */
export class EmailOutbox {
  readonly options: EmailOutboxOptions
  readonly #murmur: Murmur
  readonly #clock: RepeatingRound<number>

  constructor(murmur: Murmur, options: Partial<EmailOutboxOptions> = {}) {
    this.#murmur = murmur
    this.options = {
      workerId: `${hostname()}:${process.pid}:email`,
      tickMs: 3_000,
      batch: 10,
      leaseMs: 5 * 60_000,
      timeouts: DEFAULT_MAIL_TIMEOUTS,
      ...options,
    }
    this.#clock = new RepeatingRound({
      round: () => this.#round(),
      everyMs: () => this.options.tickMs,
      onError: (error) => this.#murmur.log.error({ err: error }, 'email round failed'),
    })
  }

  start(): void {
    this.#clock.start(0)
  }

  stop(): Promise<void> {
    return this.#clock.stop()
  }

  /** One round; returns how many emails it attempted. Concurrent calls share the round. */
  tick(): Promise<number> {
    return this.#clock.tick()
  }

  async #round(): Promise<number> {
    const claimed = await this.#claim()
    for (const email of claimed) await this.#send(email)
    return claimed.length
  }

  async #claim(): Promise<Claimed[]> {
    const db = this.#murmur.db
    const now = this.#murmur.now()
    const due = await db
      .selectFrom('email_outbox')
      .select([
        'workspace_id',
        'id',
        'recipients',
        'subject',
        'text_body',
        'html_body',
        'attachments',
        'attempts',
      ])
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)]))
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(this.options.batch)
      .execute()
    const claimed: Claimed[] = []
    for (const row of due) {
      const result = await db
        .updateTable('email_outbox')
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

  async #send(email: Claimed): Promise<void> {
    const murmur = this.#murmur
    const scope = new WorkspaceScope(murmur.db, email.workspace_id)
    const attempts = Number(email.attempts) + 1
    let error: MailError | null = null
    let messageId: string | null = null
    try {
      const target = await smtpTargetFor(murmur, scope)
      if (!target) {
        throw new MailError(
          'No mail server: set SMTP_URL for the instance or one in the workspace’s email settings.',
          false,
        )
      }
      const sent = await sendMail(
        target,
        {
          to: JSON.parse(email.recipients) as string[],
          subject: email.subject,
          text: email.text_body,
          html: email.html_body,
          attachments: decodeAttachments(email.attachments),
        },
        this.options.timeouts,
      )
      messageId = sent.messageId
    } catch (caught) {
      error =
        caught instanceof MailError
          ? caught
          : new MailError(caught instanceof Error ? caught.message : String(caught), false)
    }
    const now = murmur.now()
    const delay = error && !error.permanent ? EMAIL_RETRY_DELAYS_MS[attempts - 1] : undefined
    const status = error === null ? 'sent' : delay !== undefined ? 'pending' : 'failed'
    if (error) {
      murmur.log.warn(
        { email: email.id, workspace: email.workspace_id, attempts, status, err: error.message },
        'email not sent',
      )
    }
    await scope
      .updateTable('email_outbox')
      .set({
        status,
        attempts,
        next_attempt_at: status === 'pending' && delay !== undefined ? now + delay : null,
        last_error: error?.message.slice(0, 1_000) ?? null,
        message_id: messageId,
        lease_owner: null,
        lease_expires_at: null,
        ...(status === 'sent' && { sent_at: now }),
      })
      .where('id', '=', email.id)
      .where('lease_owner', '=', this.options.workerId)
      .execute()
  }
}
