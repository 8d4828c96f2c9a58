import { APP_NETWORKS, type AppNetworkId } from '../config.js'
import { newId } from '../core/ids.js'
import type { Murmur } from '../murmur.js'
import type { MastodonApp } from '../networks/mastodon/index.js'
import type { NetworkId } from '../networks/spec/index.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { environmentApp } from './network-instances.js'
import { type AppRegistrations, type OAuthApp, oauthNetwork } from './oauth-networks.js'

/** Where the network sends people back after they consent; register it on the app exactly. */
export const oauthRedirectUri = (murmur: Murmur, network: NetworkId) =>
  `${murmur.config.publicUrl}/api/v1/oauth/${network}/callback`

export type AppSource = 'workspace' | 'environment'

/** A network's app as the settings screen shows it: never the secret. */
export interface NetworkAppView {
  network: AppNetworkId
  /** This version of Murmur can connect the network. */
  available: boolean
  configured: boolean
  /** The workspace's own app wins over the environment's. */
  source: AppSource | null
  client_id: string | null
  has_secret: boolean
  redirect_uri: string
  docs: string
}

const docsOf = (network: AppNetworkId) => `docs/networks/${network}.md`

export async function listNetworkApps(
  murmur: Murmur,
  scope: WorkspaceScope,
): Promise<NetworkAppView[]> {
  const rows = await scope
    .selectFrom('network_apps')
    .select(['network', 'client_id', 'client_secret'])
    .where('source', '=', 'settings')
    .execute()
  return APP_NETWORKS.map((network) => {
    const own = rows.find((row) => row.network === network)
    const fromEnvironment = environmentApp(murmur, network)
    const source: AppSource | null = own ? 'workspace' : fromEnvironment ? 'environment' : null
    return {
      network,
      available: oauthNetwork(network) !== undefined,
      configured: source !== null,
      source,
      client_id: own?.client_id ?? fromEnvironment?.clientId ?? null,
      has_secret: own ? own.client_secret !== null : Boolean(fromEnvironment?.clientSecret),
      redirect_uri: oauthRedirectUri(murmur, network),
      docs: docsOf(network),
    }
  })
}

/** Stores (or replaces) the workspace's own app for one network, its secret sealed. */
export async function saveWorkspaceApp(
  murmur: Murmur,
  scope: WorkspaceScope,
  network: AppNetworkId,
  input: { clientId: string; clientSecret?: string | undefined; createdBy: string | null },
): Promise<void> {
  const now = murmur.now()
  const secret = input.clientSecret ? murmur.secrets.seal(input.clientSecret) : null
  await scope
    .insertInto('network_apps', {
      id: newId('app', now),
      network,
      instance_url: '',
      client_id: input.clientId,
      client_secret: secret,
      redirect_uri: null,
      source: 'settings',
      created_by: input.createdBy,
      created_at: now,
      updated_at: now,
    })
    .onConflict((conflict) =>
      conflict.columns(['workspace_id', 'network', 'instance_url']).doUpdateSet({
        client_id: input.clientId,
        client_secret: secret,
        source: 'settings',
        updated_at: now,
      }),
    )
    .execute()
}

/** Forgets the workspace's own app: connecting falls back to the environment's. */
export async function removeWorkspaceApp(
  scope: WorkspaceScope,
  network: AppNetworkId,
): Promise<boolean> {
  const result = await scope
    .deleteFrom('network_apps')
    .where('network', '=', network)
    .where('instance_url', '=', '')
    .where('source', '=', 'settings')
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

/** The app to connect with: the workspace's own, else the environment's, else none. */
export async function resolveApp(
  murmur: Murmur,
  scope: WorkspaceScope,
  network: NetworkId,
): Promise<{ app: OAuthApp; source: AppSource } | undefined> {
  const own = await scope
    .selectFrom('network_apps')
    .select(['client_id', 'client_secret'])
    .where('network', '=', network)
    .where('instance_url', '=', '')
    .where('source', '=', 'settings')
    .executeTakeFirst()
  if (own) {
    return {
      source: 'workspace',
      app: {
        clientId: own.client_id,
        ...(own.client_secret && { clientSecret: murmur.secrets.open(own.client_secret) }),
      },
    }
  }
  const fromEnvironment = environmentApp(murmur, network)
  return fromEnvironment ? { source: 'environment', app: fromEnvironment } : undefined
}

/** The apps Murmur registered on Mastodon instances for this workspace, reused across sign-ins. */
export function mastodonRegistrations(murmur: Murmur, scope: WorkspaceScope): AppRegistrations {
  return {
    async find(instanceUrl) {
      const row = await scope
        .selectFrom('network_apps')
        .select(['client_id', 'client_secret', 'redirect_uri'])
        .where('network', '=', 'mastodon')
        .where('instance_url', '=', instanceUrl)
        .where('source', '=', 'registered')
        .executeTakeFirst()
      if (!row?.client_secret || !row.redirect_uri) return undefined
      const sealed = JSON.parse(murmur.secrets.open(row.client_secret)) as {
        secret: string
        scopes: string[]
      }
      return {
        instanceUrl,
        clientId: row.client_id,
        clientSecret: sealed.secret,
        redirectUri: row.redirect_uri,
        scopes: sealed.scopes,
      } satisfies MastodonApp
    },
    async save(app) {
      const now = murmur.now()
      // The scopes ride with the secret: a registration with fewer scopes is registered anew.
      const secret = murmur.secrets.seal(
        JSON.stringify({ secret: app.clientSecret, scopes: app.scopes }),
      )
      await scope
        .insertInto('network_apps', {
          id: newId('app', now),
          network: 'mastodon',
          instance_url: app.instanceUrl,
          client_id: app.clientId,
          client_secret: secret,
          redirect_uri: app.redirectUri,
          source: 'registered',
          created_by: null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((conflict) =>
          conflict.columns(['workspace_id', 'network', 'instance_url']).doUpdateSet({
            client_id: app.clientId,
            client_secret: secret,
            redirect_uri: app.redirectUri,
            updated_at: now,
          }),
        )
        .execute()
    },
  }
}
