/**
 * The networks Murmur connects with OAuth, as one table: how each starts a sign-in, finishes it
 * into accounts, and takes its app credentials. The routes and the pending-sign-in storage are
 * generic; a network joins by adding its entry here (Facebook returns `choose` with its Pages).
 */
import { createFacebook } from '../networks/facebook/index.js'
import type { NetworkSettingsById } from '../networks/index.js'
import { createInstagram } from '../networks/instagram/index.js'
import { createLinkedIn } from '../networks/linkedin/index.js'
import {
  createMastodon,
  type MastodonApp,
  normalizeInstanceUrl,
} from '../networks/mastodon/index.js'
import type { NetworkCredentials, NetworkId } from '../networks/spec/index.js'
import { createThreads } from '../networks/threads/index.js'
import { createX } from '../networks/x/index.js'
import type { NetworkSettingsId } from './network-settings.js'

/** A developer app's OAuth client: from the environment or the workspace's settings. */
export interface OAuthApp {
  clientId: string
  clientSecret?: string
}

/** One account a sign-in gave access to, ready to become a channel. */
export interface ConnectedAccount {
  credentials: NetworkCredentials
  /** The network's stable id of the account: the same account is one channel. */
  accountId: string
  handle: string
  displayName?: string
  avatarUrl?: string
  serviceUrl?: string
  /** What the account's server allows, when servers differ (a Mastodon instance's limits). */
  limits?: unknown
  /** Why this account cannot become a channel (no right to publish on the Page), in a sentence. */
  problem?: string
}

/**
 * `connected`: every account becomes a channel at once. `choose`: the person picks which ones
 * (Facebook Pages) on a second screen, before anything is stored as a channel.
 */
export type ConnectOutcome =
  | { kind: 'connected'; accounts: ConnectedAccount[] }
  | { kind: 'choose'; accounts: ConnectedAccount[]; warnings?: string[] }

/** Apps Murmur registered on servers (Mastodon instances), kept per workspace for reuse. */
export interface AppRegistrations {
  find(instanceUrl: string): Promise<MastodonApp | undefined>
  save(app: MastodonApp): Promise<void>
}

export interface OAuthStartInput<Settings> {
  settings: Settings
  app: OAuthApp | undefined
  /** `<MURMUR_PUBLIC_URL>/api/v1/oauth/<network>/callback`. */
  redirectUri: string
  /** What the person typed as their server (Mastodon). */
  instance: string | undefined
  registrations: AppRegistrations
  signal: AbortSignal
}

export interface OAuthStartOutput {
  url: string
  state: string
  codeVerifier: string
  /** Kept (sealed) with the pending sign-in and handed back to `finish`. JSON only. */
  extra?: Record<string, unknown>
}

export interface OAuthFinishInput<Settings> {
  settings: Settings
  app: OAuthApp | undefined
  redirectUri: string
  callback: URLSearchParams
  state: string
  codeVerifier: string
  extra: Record<string, unknown>
  signal: AbortSignal
}

export interface OAuthNetwork<Id extends NetworkSettingsId> {
  /** Where the operator learns to create the developer app (shown when none is configured). */
  docs: string
  /** True: the operator brings an app (environment or workspace settings). Mastodon: false. */
  usesApp: boolean
  /** The app must have a client secret (confidential clients only, as Facebook). */
  needsSecret?: boolean
  /** The person names their server first (Mastodon). */
  needsInstance: boolean
  /** The adapter's settings with this app: for connecting and for renewing tokens. */
  withApp?: (
    settings: NetworkSettingsById[Id],
    app: OAuthApp | undefined,
  ) => NetworkSettingsById[Id]
  start(input: OAuthStartInput<NetworkSettingsById[Id]>): Promise<OAuthStartOutput>
  finish(input: OAuthFinishInput<NetworkSettingsById[Id]>): Promise<ConnectOutcome>
}

export type OAuthNetworkTable = { [Id in NetworkSettingsId]?: OAuthNetwork<Id> }

export const OAUTH_NETWORKS: OAuthNetworkTable = {
  x: {
    docs: 'docs/networks/x.md',
    usesApp: true,
    needsInstance: false,
    withApp: (settings, app) => ({ ...settings, app }),
    async start({ settings, app, redirectUri }) {
      const start = createX({ ...settings, app }).startConnect({ redirectUri })
      return { url: start.url, state: start.state, codeVerifier: start.codeVerifier }
    },
    async finish({ settings, app, redirectUri, callback, state, codeVerifier, signal }) {
      const credentials = await createX({ ...settings, app }).finishConnect({
        callback,
        state,
        codeVerifier,
        redirectUri,
        signal,
      })
      return {
        kind: 'connected',
        accounts: [
          {
            credentials,
            accountId: credentials.userId,
            handle: credentials.username,
            displayName: credentials.username,
          },
        ],
      }
    },
  },

  facebook: {
    docs: 'docs/networks/facebook.md',
    usesApp: true,
    // Facebook has no public clients: the secret trades the code and signs every call.
    needsSecret: true,
    needsInstance: false,
    withApp: (settings, app) => ({ ...settings, app }),
    async start({ settings, app, redirectUri }) {
      const start = createFacebook({ ...settings, app }).startConnect({ redirectUri })
      return { url: start.url, state: start.state, codeVerifier: start.codeVerifier }
    },
    async finish({ settings, app, redirectUri, callback, state, codeVerifier, signal }) {
      const connection = await createFacebook({ ...settings, app }).finishConnect({
        callback,
        state,
        codeVerifier,
        redirectUri,
        signal,
      })
      // One sign-in reaches every Page the person manages: they choose which become channels.
      return {
        kind: 'choose',
        warnings: connection.warnings,
        accounts: connection.pages.map((page) => ({
          credentials: page.credentials,
          accountId: page.id,
          handle: page.name,
          displayName: page.name,
          ...(page.problem && { problem: page.problem }),
        })),
      }
    },
  },

  instagram: singleAccountNetwork({
    docs: 'docs/networks/instagram.md',
    connector: (settings) => createInstagram(settings),
    // Connecting a personal account fails with NetworkError `not_professional`, said plainly.
    account: (credentials) => ({ accountId: credentials.userId, handle: credentials.username }),
  }),

  threads: singleAccountNetwork({
    docs: 'docs/networks/threads.md',
    connector: (settings) => createThreads(settings),
    account: (credentials) => ({ accountId: credentials.userId, handle: credentials.username }),
  }),

  linkedin: singleAccountNetwork({
    docs: 'docs/networks/linkedin.md',
    connector: (settings) => createLinkedIn(settings),
    // LinkedIn members have no handle: the author URN is the account, the name is shown.
    account: (credentials) => ({ accountId: credentials.author, handle: credentials.name }),
  }),

  mastodon: {
    docs: 'docs/networks/mastodon.md',
    usesApp: false,
    needsInstance: true,
    async start({ settings, redirectUri, instance, registrations, signal }) {
      const instanceUrl = normalizeInstanceUrl(instance ?? '', settings.allowLocalInstances)
      const saved = await registrations.find(instanceUrl)
      const start = await createMastodon(settings).startConnect({
        instance: instanceUrl,
        redirectUri,
        ...(saved && { app: saved }),
        signal,
      })
      if (start.app !== saved) await registrations.save(start.app)
      return {
        url: start.url,
        state: start.state,
        codeVerifier: start.codeVerifier,
        extra: { app: start.app },
      }
    },
    async finish({ settings, callback, state, codeVerifier, extra, signal }) {
      const app = extra.app as MastodonApp
      const { credentials, limits } = await createMastodon(settings).finishConnect({
        app,
        callback,
        state,
        codeVerifier,
        signal,
      })
      const host = new URL(credentials.instanceUrl).host
      return {
        kind: 'connected',
        accounts: [
          {
            credentials,
            accountId: credentials.accountId,
            handle: `${credentials.username}@${host}`,
            displayName: credentials.username,
            serviceUrl: credentials.instanceUrl,
            limits,
          },
        ],
      }
    },
  },
}

/**
 * The table entry of a network, or undefined when it does not connect with OAuth (Bluesky) or is
 * not in this version yet. Its settings are typed loosely: callers build them for that network.
 */
export function oauthNetwork(id: NetworkId): OAuthNetwork<NetworkSettingsId> | undefined {
  return (OAUTH_NETWORKS as Partial<Record<NetworkId, unknown>>)[id] as
    | OAuthNetwork<NetworkSettingsId>
    | undefined
}

/**
 * Networks whose sign-in gives exactly one account (Instagram, Threads, LinkedIn): the entry is
 * the adapter's own startConnect/finishConnect with the operator's app, and how to name the account.
 */
function singleAccountNetwork<
  Id extends 'instagram' | 'threads' | 'linkedin',
  Credentials,
>(options: {
  docs: string
  connector: (settings: NetworkSettingsById[Id]) => {
    startConnect(input: { redirectUri: string }): {
      url: string
      state: string
      codeVerifier: string
    }
    finishConnect(input: {
      callback: URLSearchParams
      state: string
      codeVerifier: string
      redirectUri: string
      signal: AbortSignal
    }): Promise<Credentials>
  }
  account: (credentials: Credentials) => { accountId: string; handle: string }
}): OAuthNetwork<Id> {
  const withApp = (settings: NetworkSettingsById[Id], app: OAuthApp | undefined) =>
    ({ ...settings, app }) as NetworkSettingsById[Id]
  return {
    docs: options.docs,
    usesApp: true,
    needsSecret: true,
    needsInstance: false,
    withApp,
    async start({ settings, app, redirectUri }) {
      const start = options.connector(withApp(settings, app)).startConnect({ redirectUri })
      return { url: start.url, state: start.state, codeVerifier: start.codeVerifier }
    },
    async finish({ settings, app, redirectUri, callback, state, codeVerifier, signal }) {
      const credentials = await options
        .connector(withApp(settings, app))
        .finishConnect({ callback, state, codeVerifier, redirectUri, signal })
      const { accountId, handle } = options.account(credentials)
      return {
        kind: 'connected',
        accounts: [
          {
            credentials: credentials as NetworkCredentials,
            accountId,
            handle,
            displayName: handle,
          },
        ],
      }
    },
  }
}
