import { resolve } from 'node:path'

/** Every setting Murmur reads from the environment; docs/configuration.md lists them. */
export interface Config {
  port: number
  host: string
  dataDir: string
  databaseUrl: string | undefined
  /** Base URL people reach Murmur at: used in invitation links, OAuth redirects and short links. */
  publicUrl: string
  secret: string | undefined
  previousSecrets: string[]
  logLevel: string
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: number
  sessionDays: number
  /** Serve the built web app (off in API-only tests). */
  serveWebApp: boolean
  /** When set, /metrics requires it as a bearer token. */
  metricsToken: string | undefined
  /** MURMUR_SCHEDULER=off: this process publishes nothing (API only; other processes publish). */
  schedulerEnabled: boolean
  /** A post missed by more than this (Murmur was down at its time) fails as "missed its time". */
  lateGraceMs: number
  /** Largest media upload, in bytes (the API's body limit does not apply to uploads). */
  mediaMaxBytes: number
  /** Where new uploads go: files under the data folder, or an S3-compatible bucket. */
  mediaStorage: 'disk' | 's3'
  /** The bucket, when configured (MURMUR_MEDIA_S3_*); media stored there stays readable. */
  mediaS3: MediaS3Settings | undefined
  /** Murmur's developer apps, from MURMUR_<NETWORK>_CLIENT_ID / _SECRET (docs/networks/*.md). */
  networkApps: NetworkAppsConfig
  /** The instance's mail server, e.g. `smtps://user:pass@smtp.example.com` (docs/email.md); unset: no email unless a workspace sets its own. */
  smtpUrl: string | undefined
  /** The From of every email sent through SMTP_URL, e.g. `Murmur <murmur@example.com>`. */
  mailFrom: string
  /**
   * Hosts on the operator's own network that user-supplied addresses may reach although they are
   * private or loopback (a self-hosted Bluesky PDS at home), from MURMUR_ALLOW_PRIVATE_NETWORK_HOSTS.
   */
  allowPrivateNetworkHosts: string[]
}

/** An S3-compatible bucket for media (docs/configuration.md, "Media storage"). */
export interface MediaS3Settings {
  bucket: string
  /** `https://s3.<region>.amazonaws.com` unless set (R2, B2, MinIO… give their own). */
  endpoint: string
  region: string
  accessKeyId: string
  /** Not enumerable, so logging or serialising the settings never shows it. */
  secretAccessKey: string
  /** `<endpoint>/<bucket>/<key>` instead of `<bucket>.<endpoint>/<key>` (MinIO and most self-hosted). */
  pathStyle: boolean
  /** Prepended to every key, e.g. `murmur/`; empty by default. */
  prefix: string
}

function mediaS3(env: NodeJS.ProcessEnv): MediaS3Settings | undefined {
  const bucket = env.MURMUR_MEDIA_S3_BUCKET?.trim()
  if (!bucket) return undefined
  const region = env.MURMUR_MEDIA_S3_REGION?.trim() || env.AWS_REGION?.trim() || 'us-east-1'
  const endpoint = (
    env.MURMUR_MEDIA_S3_ENDPOINT?.trim() || `https://s3.${region}.amazonaws.com`
  ).replace(/\/+$/, '')
  if (!/^https?:\/\/[^/]+/i.test(endpoint) || !URL.canParse(endpoint)) {
    throw new Error(`MURMUR_MEDIA_S3_ENDPOINT must be an http(s) URL, got "${endpoint}"`)
  }
  const accessKeyId =
    env.MURMUR_MEDIA_S3_ACCESS_KEY_ID?.trim() || env.AWS_ACCESS_KEY_ID?.trim() || ''
  const secretAccessKey =
    env.MURMUR_MEDIA_S3_SECRET_ACCESS_KEY?.trim() || env.AWS_SECRET_ACCESS_KEY?.trim() || ''
  if (!accessKeyId || !secretAccessKey) {
    throw new Error(
      'MURMUR_MEDIA_S3_BUCKET is set but its credentials are not: set MURMUR_MEDIA_S3_ACCESS_KEY_ID and MURMUR_MEDIA_S3_SECRET_ACCESS_KEY',
    )
  }
  const rawPrefix = (env.MURMUR_MEDIA_S3_PREFIX ?? '').trim().replace(/^\/+|\/+$/g, '')
  const settings = {
    bucket,
    endpoint,
    region,
    accessKeyId,
    pathStyle: /^(true|1|yes|on)$/i.test(env.MURMUR_MEDIA_S3_PATH_STYLE ?? ''),
    prefix: rawPrefix ? `${rawPrefix}/` : '',
  } as MediaS3Settings
  Object.defineProperty(settings, 'secretAccessKey', { value: secretAccessKey, enumerable: false })
  return settings
}

function mediaStorage(env: NodeJS.ProcessEnv, s3: MediaS3Settings | undefined): 'disk' | 's3' {
  const wanted = (env.MURMUR_MEDIA_STORAGE ?? '').trim().toLowerCase() || (s3 ? 's3' : 'disk')
  if (wanted !== 'disk' && wanted !== 's3') {
    throw new Error(`MURMUR_MEDIA_STORAGE must be "disk" or "s3", got "${wanted}"`)
  }
  if (wanted === 's3' && !s3) {
    throw new Error('MURMUR_MEDIA_STORAGE=s3 needs MURMUR_MEDIA_S3_BUCKET and its credentials')
  }
  return wanted
}

/** "pds.home.lan, 192.168.1.20" -> host names without port, lower case; a URL or a port is refused. */
function privateNetworkHosts(value: string | undefined): string[] {
  const hosts = (value ?? '')
    .split(',')
    .map((host) =>
      host
        .trim()
        .toLowerCase()
        .replace(/^\[|\]$/g, ''),
    )
    .filter(Boolean)
  for (const host of hosts) {
    if (host.includes('/') || /^[^:]+:\d+$/.test(host)) {
      throw new Error(
        `MURMUR_ALLOW_PRIVATE_NETWORK_HOSTS lists host names or IP addresses, without scheme or port; got "${host}"`,
      )
    }
  }
  return hosts
}

/** Networks that connect through an app Murmur's operator registers (Mastodon registers itself). */
export const APP_NETWORKS = ['x', 'facebook', 'instagram', 'threads', 'linkedin'] as const
export type AppNetworkId = (typeof APP_NETWORKS)[number]
export type NetworkAppsConfig = Partial<
  Record<AppNetworkId, { clientId: string; clientSecret?: string }>
>

function networkApps(env: NodeJS.ProcessEnv): NetworkAppsConfig {
  const apps: NetworkAppsConfig = {}
  for (const network of APP_NETWORKS) {
    const prefix = `MURMUR_${network.toUpperCase()}_CLIENT`
    const clientId = env[`${prefix}_ID`]?.trim()
    const clientSecret = env[`${prefix}_SECRET`]?.trim()
    if (clientId) apps[network] = { clientId, ...(clientSecret && { clientSecret }) }
  }
  return apps
}

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`${name} must be a whole number, got "${value}"`)
  return parsed
}

export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Config> = {},
): Config {
  const port = integer('PORT', env.PORT, 8080)
  const s3 = mediaS3(env)
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.MURMUR_DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    publicUrl: (env.MURMUR_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    secret: env.MURMUR_SECRET || undefined,
    previousSecrets: (env.MURMUR_PREVIOUS_SECRETS ?? '').split(',').filter(Boolean),
    logLevel: env.LOG_LEVEL ?? 'info',
    bodyLimitBytes: integer('MURMUR_BODY_LIMIT', env.MURMUR_BODY_LIMIT, 1024 * 1024),
    sessionDays: integer('MURMUR_SESSION_DAYS', env.MURMUR_SESSION_DAYS, 30),
    serveWebApp: env.MURMUR_SERVE_WEB !== 'false',
    metricsToken: env.MURMUR_METRICS_TOKEN || undefined,
    schedulerEnabled: !/^(off|false|0|no)$/i.test(env.MURMUR_SCHEDULER ?? ''),
    lateGraceMs: integer('MURMUR_LATE_GRACE_MINUTES', env.MURMUR_LATE_GRACE_MINUTES, 360) * 60_000,
    mediaMaxBytes: integer('MURMUR_MEDIA_MAX_BYTES', env.MURMUR_MEDIA_MAX_BYTES, 25 * 1024 * 1024),
    mediaStorage: mediaStorage(env, s3),
    mediaS3: s3,
    networkApps: networkApps(env),
    smtpUrl: env.SMTP_URL?.trim() || undefined,
    mailFrom: env.MAIL_FROM?.trim() || 'Murmur <murmur@localhost>',
    allowPrivateNetworkHosts: privateNetworkHosts(env.MURMUR_ALLOW_PRIVATE_NETWORK_HOSTS),
    ...overrides,
  }
}
