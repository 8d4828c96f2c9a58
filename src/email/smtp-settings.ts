import { invalid } from '../core/errors.js'
import type { Murmur } from '../murmur.js'
import type { SmtpSecurity } from '../storage/tables/email.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { describeTarget, type SmtpTarget } from './mailer.js'

/** What the settings screen shows: never the password, only whether one is stored. */
export interface EmailSettingsView {
  /** Whether this workspace can send email at all (its own server or the instance's). */
  configured: boolean
  /** `workspace`: its own server below; `instance`: SMTP_URL; `none`: no email. */
  source: 'workspace' | 'instance' | 'none'
  /** Host, port and security of the server in use, without credentials. */
  server: string | null
  from: string | null
  workspace: {
    host: string
    port: number
    security: SmtpSecurity
    username: string | null
    has_password: boolean
    from_address: string
    updated_at: number
  } | null
}

export interface WorkspaceSmtpInput {
  host: string
  port: number
  security: SmtpSecurity
  username?: string | null | undefined
  /** Omitted: keep the stored one. null: remove it. */
  password?: string | null | undefined
  from_address: string
}

/** The server this workspace's email goes through, or null when there is none. */
export async function smtpTargetFor(
  murmur: Murmur,
  scope: WorkspaceScope,
): Promise<SmtpTarget | null> {
  const own = await scope.selectFrom('email_settings').selectAll().executeTakeFirst()
  if (own) {
    return {
      kind: 'server',
      host: own.host,
      port: Number(own.port),
      security: own.security,
      username: own.username,
      password: own.password ? murmur.secrets.open(own.password) : null,
      from: own.from_address,
    }
  }
  if (murmur.config.smtpUrl) {
    return { kind: 'url', url: murmur.config.smtpUrl, from: murmur.config.mailFrom }
  }
  return null
}

export async function getEmailSettings(
  murmur: Murmur,
  scope: WorkspaceScope,
): Promise<EmailSettingsView> {
  const own = await scope.selectFrom('email_settings').selectAll().executeTakeFirst()
  const target = await smtpTargetFor(murmur, scope)
  return {
    configured: target !== null,
    source: own ? 'workspace' : target ? 'instance' : 'none',
    server: target ? describeTarget(target) : null,
    from: target?.from ?? null,
    workspace: own
      ? {
          host: own.host,
          port: Number(own.port),
          security: own.security,
          username: own.username,
          has_password: own.password !== null,
          from_address: own.from_address,
          updated_at: Number(own.updated_at),
        }
      : null,
  }
}

const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i

/** Stores (or replaces) the workspace's own SMTP server; the password is sealed. */
export async function setWorkspaceSmtp(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: WorkspaceSmtpInput,
  userId: string | null,
): Promise<EmailSettingsView> {
  const host = input.host.trim()
  if (!HOST.test(host)) {
    throw invalid('The SMTP host is a name like smtp.example.com (no scheme, no port).', [
      { path: 'host', message: 'Not a host name' },
    ])
  }
  const existing = await scope.selectFrom('email_settings').select('password').executeTakeFirst()
  const password =
    input.password === undefined
      ? (existing?.password ?? null)
      : input.password === null || input.password === ''
        ? null
        : murmur.secrets.seal(input.password)
  const row = {
    host,
    port: input.port,
    security: input.security,
    username: input.username?.trim() || null,
    password,
    from_address: input.from_address.trim(),
    updated_by: userId,
    updated_at: murmur.now(),
  }
  if (existing) {
    await scope.updateTable('email_settings').set(row).execute()
  } else {
    await scope.insertInto('email_settings', row).execute()
  }
  return getEmailSettings(murmur, scope)
}

/** Goes back to the instance's server (SMTP_URL), if any. */
export async function removeWorkspaceSmtp(
  murmur: Murmur,
  scope: WorkspaceScope,
): Promise<EmailSettingsView> {
  await scope.deleteFrom('email_settings').execute()
  return getEmailSettings(murmur, scope)
}
