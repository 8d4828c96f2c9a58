/** Helpers for tests of OAuth connections: the consent round trip, and sign-ins awaiting a choice. */
import { newId } from '../../src/core/ids.js'
import type { Murmur } from '../../src/murmur.js'
import type { NetworkId } from '../../src/networks/spec/index.js'
import type { ConnectedAccount } from '../../src/services/oauth-networks.js'
import { hashState } from '../../src/services/oauth-pending.js'

/**
 * Follows the authorize URL to the fake's consent page, which answers at once with a redirect
 * to Murmur's callback; returns that callback's path and query (what the browser would open).
 */
export async function consentAt(authorizeUrl: string, publicUrl: string): Promise<string> {
  const response = await fetch(authorizeUrl, { redirect: 'manual' })
  const location = response.headers.get('location')
  if (response.status !== 302 || !location) {
    throw new Error(`the consent page answered ${response.status}: ${await response.text()}`)
  }
  const back = new URL(location)
  if (back.origin !== new URL(publicUrl).origin) {
    throw new Error(`the consent page sent the browser to ${back.origin}, not to Murmur`)
  }
  return back.pathname + back.search
}

/**
 * A sign-in back from a network that offers several accounts (Facebook Pages), waiting for the
 * person to choose: inserted directly, since no such network adapter is needed to test choosing.
 */
export async function insertChoosingSignIn(
  murmur: Murmur,
  input: {
    workspaceId: string
    userId: string
    network: NetworkId
    accounts: ConnectedAccount[]
    warnings?: string[]
    expiresAt?: number
  },
): Promise<string> {
  const now = murmur.now()
  const id = newId('oauth', now)
  await murmur.db
    .insertInto('oauth_pending')
    .values({
      workspace_id: input.workspaceId,
      id,
      network: input.network,
      state_hash: hashState(`${id}-state`),
      user_id: input.userId,
      channel_id: null,
      payload: murmur.secrets.seal(
        JSON.stringify({ codeVerifier: 'unused', redirectUri: 'unused', extra: {} }),
      ),
      status: 'choosing',
      accounts: murmur.secrets.seal(
        JSON.stringify({ accounts: input.accounts, warnings: input.warnings ?? [] }),
      ),
      expires_at: input.expiresAt ?? now + 10 * 60_000,
      created_at: now,
    })
    .execute()
  return id
}

/** Two Facebook Pages, as a Facebook sign-in would offer them. */
export const SAMPLE_PAGES: ConnectedAccount[] = [
  {
    credentials: { pageId: '104857600000001', pageAccessToken: 'page-token-1' },
    accountId: '104857600000001',
    handle: 'cornerbakery',
    displayName: 'Corner Bakery',
  },
  {
    credentials: { pageId: '104857600000002', pageAccessToken: 'page-token-2' },
    accountId: '104857600000002',
    handle: 'cornerbakerycafe',
    displayName: 'Corner Bakery Café',
  },
  {
    credentials: { pageId: '104857600000003', pageAccessToken: 'page-token-3' },
    accountId: '104857600000003',
    handle: 'cornerbakeryfans',
    displayName: 'Corner Bakery Fans',
    problem:
      'your role on this Page does not allow creating posts; ask a Page admin for content access',
  },
]
