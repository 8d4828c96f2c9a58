export type EmailStatus = 'pending' | 'sent' | 'failed'

/** One email to send: written by the request or job that wants it, sent by the outbox worker. */
export interface EmailOutboxTable {
  workspace_id: string
  id: string
  /** What it is, e.g. `digest`, `approval.requested` (for the outbox list and metrics). */
  kind: string
  /** JSON array of addresses. */
  recipients: string
  subject: string
  text_body: string
  html_body: string | null
  /** JSON array of `{ filename, content_type, content_base64 }`. */
  attachments: string
  status: EmailStatus
  attempts: number
  next_attempt_at: number | null
  last_error: string | null
  /** The SMTP server's message id, once sent. */
  message_id: string | null
  lease_owner: string | null
  lease_expires_at: number | null
  created_at: number
  sent_at: number | null
}

export type SmtpSecurity = 'tls' | 'starttls' | 'none'

/** A workspace's own SMTP server, used instead of the instance's (SMTP_URL). */
export interface EmailSettingsTable {
  workspace_id: string
  host: string
  port: number
  security: SmtpSecurity
  username: string | null
  /** Sealed with murmur.secrets. */
  password: string | null
  from_address: string
  updated_by: string | null
  updated_at: number
}

export type DigestFrequency = 'weekly' | 'monthly'

/** When and to whom a workspace's attention digest goes. */
export interface DigestSettingsTable {
  workspace_id: string
  enabled: number
  frequency: DigestFrequency
  /** Weekly: ISO weekday 1 (Monday) to 7. Monthly: day of the month 1 to 28. */
  day: number
  /** `HH:MM` in the workspace's time zone. */
  time: string
  /** JSON array of member user ids. */
  member_ids: string
  /** JSON array of other addresses. */
  addresses: string
  /** The next scheduled send (null when turned off). */
  next_due_at: number | null
  /** Someone pressed "send now": the digest job sends the last full period at its next round. */
  send_requested_at: number | null
  lease_owner: string | null
  lease_expires_at: number | null
  last_sent_at: number | null
  last_error: string | null
  updated_by: string | null
  updated_at: number
}

/** A digest made for one period; the unique (workspace, period_key) makes a period go once. */
export interface DigestRunsTable {
  workspace_id: string
  id: string
  /** `weekly:2027-03-01`, `monthly:2027-03-01`, or `manual:<id>` for "send now". */
  period_key: string
  period_from: number
  period_to: number
  trigger: 'schedule' | 'manual'
  outbox_id: string | null
  created_at: number
}

/** A public read-only attention report for a period; only the token's hash is stored. */
export interface ReportLinksTable {
  workspace_id: string
  id: string
  token_hash: string
  label: string | null
  period_from: number
  period_to: number
  created_by: string | null
  created_at: number
  expires_at: number | null
  revoked_at: number | null
  views: number
  last_viewed_at: number | null
}

export interface EmailTables {
  email_outbox: EmailOutboxTable
  email_settings: EmailSettingsTable
  digest_settings: DigestSettingsTable
  digest_runs: DigestRunsTable
  report_links: ReportLinksTable
}
