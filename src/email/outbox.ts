import { newId } from '../core/ids.js'
import type { Murmur } from '../murmur.js'
import type { EmailStatus } from '../storage/tables/email.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import type { MailAttachment, MailMessage } from './mailer.js'
import { smtpTargetFor } from './smtp-settings.js'

/**
 * The email outbox: whoever wants an email writes a row (in its own transaction when it has
 * one) and returns; the outbox worker (outbox-worker.ts) sends it in the background, retrying
 * with backoff. A request never waits for a mail server.
 */
export interface OutboxEmailView {
  id: string
  kind: string
  recipients: string[]
  subject: string
  attachments: Array<{ filename: string; content_type: string; bytes: number }>
  status: EmailStatus
  attempts: number
  next_attempt_at: number | null
  last_error: string | null
  created_at: number
  sent_at: number | null
}

interface StoredAttachment {
  filename: string
  content_type: string
  content_base64: string
}

export const encodeAttachments = (attachments: MailAttachment[] = []): string =>
  JSON.stringify(
    attachments.map(
      (a): StoredAttachment => ({
        filename: a.filename,
        content_type: a.contentType,
        content_base64: a.content.toString('base64'),
      }),
    ),
  )

export const decodeAttachments = (stored: string): MailAttachment[] =>
  (JSON.parse(stored) as StoredAttachment[]).map((a) => ({
    filename: a.filename,
    contentType: a.content_type,
    content: Buffer.from(a.content_base64, 'base64'),
  }))

/** Whether this workspace has a mail server (its own or the instance's). */
export async function emailConfigured(murmur: Murmur, scope: WorkspaceScope): Promise<boolean> {
  return (await smtpTargetFor(murmur, scope)) !== null
}

/**
 * Queues one email; returns its id. Recipients are de-duplicated; with none, nothing is queued
 * and null is returned.
 */
export async function enqueueEmail(
  murmur: Murmur,
  scope: WorkspaceScope,
  kind: string,
  message: MailMessage,
): Promise<string | null> {
  const recipients = [...new Set(message.to.map((to) => to.trim()).filter(Boolean))]
  if (recipients.length === 0) return null
  const now = murmur.now()
  const id = newId('eml', now)
  await scope
    .insertInto('email_outbox', {
      id,
      kind,
      recipients: JSON.stringify(recipients),
      subject: message.subject,
      text_body: message.text,
      html_body: message.html ?? null,
      attachments: encodeAttachments(message.attachments),
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      last_error: null,
      message_id: null,
      lease_owner: null,
      lease_expires_at: null,
      created_at: now,
      sent_at: null,
    })
    .execute()
  return id
}

const num = (value: number | null) => (value === null ? null : Number(value))

/** The workspace's recent email, newest first, with why a message failed. */
export async function listOutbox(
  scope: WorkspaceScope,
  options: { limit: number; status?: EmailStatus | undefined },
): Promise<OutboxEmailView[]> {
  let query = scope
    .selectFrom('email_outbox')
    .select([
      'id',
      'kind',
      'recipients',
      'subject',
      'attachments',
      'status',
      'attempts',
      'next_attempt_at',
      'last_error',
      'created_at',
      'sent_at',
    ])
  if (options.status) query = query.where('status', '=', options.status)
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit)
    .execute()
  return rows.map((row) => ({
    ...row,
    recipients: JSON.parse(row.recipients) as string[],
    attachments: (JSON.parse(row.attachments) as StoredAttachment[]).map((a) => ({
      filename: a.filename,
      content_type: a.content_type,
      bytes: Buffer.byteLength(a.content_base64, 'base64'),
    })),
    attempts: Number(row.attempts),
    next_attempt_at: num(row.next_attempt_at),
    created_at: Number(row.created_at),
    sent_at: num(row.sent_at),
  }))
}
