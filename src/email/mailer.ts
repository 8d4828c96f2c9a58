import nodemailer from 'nodemailer'
import type { SmtpSecurity } from '../storage/tables/email.js'

/** One message as Murmur sends it; `to` are plain addresses. */
export interface MailMessage {
  to: string[]
  subject: string
  text: string
  html?: string | null | undefined
  attachments?: MailAttachment[] | undefined
}

export interface MailAttachment {
  filename: string
  contentType: string
  content: Buffer
}

/**
 * Where mail goes: the instance's SMTP_URL (with MAIL_FROM) or a workspace's own server. The
 * password is already opened here; it never leaves the process.
 */
export type SmtpTarget =
  | { kind: 'url'; url: string; from: string }
  | {
      kind: 'server'
      host: string
      port: number
      security: SmtpSecurity
      username: string | null
      password: string | null
      from: string
    }

export interface MailTimeouts {
  /** To open the TCP connection. */
  connectMs: number
  /** For the server's greeting, then for each command's answer. */
  greetingMs: number
  /** Of silence on the socket at any point. */
  socketMs: number
}

export const DEFAULT_MAIL_TIMEOUTS: MailTimeouts = {
  connectMs: 10_000,
  greetingMs: 10_000,
  socketMs: 30_000,
}

export class MailError extends Error {
  /** 5xx from the server: retrying the same message will not help. */
  readonly permanent: boolean
  constructor(message: string, permanent: boolean) {
    super(message)
    this.name = 'MailError'
    this.permanent = permanent
  }
}

function transportOptions(target: SmtpTarget, timeouts: MailTimeouts) {
  const common = {
    connectionTimeout: timeouts.connectMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    // One message per connection: the outbox sends rarely, a pool would idle.
    pool: false,
  } as const
  if (target.kind === 'url') return { ...common, url: target.url }
  return {
    ...common,
    host: target.host,
    port: target.port,
    secure: target.security === 'tls',
    requireTLS: target.security === 'starttls',
    ignoreTLS: target.security === 'none',
    ...(target.username && {
      auth: { user: target.username, pass: target.password ?? '' },
    }),
  }
}

/** Sends one message now and returns the server's message id; throws MailError on failure. */
export async function sendMail(
  target: SmtpTarget,
  message: MailMessage,
  timeouts: MailTimeouts = DEFAULT_MAIL_TIMEOUTS,
): Promise<{ messageId: string }> {
  const transport = nodemailer.createTransport(transportOptions(target, timeouts))
  try {
    const info = await transport.sendMail({
      from: target.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      ...(message.html && { html: message.html }),
      attachments: (message.attachments ?? []).map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: a.content,
      })),
    })
    return { messageId: String(info.messageId ?? '') }
  } catch (caught) {
    const error = caught as Error & { responseCode?: number; code?: string }
    const code = error.responseCode
    const permanent = typeof code === 'number' && code >= 500 && code < 600
    const reason = code ? `SMTP ${code}: ${error.message}` : error.message
    throw new MailError(reason, permanent)
  } finally {
    transport.close()
  }
}

/** A display form of where mail goes, without any password (for the settings screen and logs). */
export function describeTarget(target: SmtpTarget): string {
  if (target.kind === 'server') return `${target.host}:${target.port} (${target.security})`
  try {
    const url = new URL(target.url)
    return `${url.hostname}:${url.port || (url.protocol === 'smtps:' ? '465' : '587')} (${url.protocol === 'smtps:' ? 'tls' : 'starttls when offered'})`
  } catch {
    return 'SMTP_URL (unreadable: check its form)'
  }
}
