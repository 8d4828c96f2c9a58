import { createHash } from 'node:crypto'
import { newId } from '../core/ids.js'
import type { Murmur } from '../murmur.js'
import type { NetworkId } from '../networks/spec/index.js'
import type { OAuthPendingTable } from '../storage/tables/oauth.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import type { AppSource } from './network-apps.js'
import type { ConnectedAccount, OAuthApp } from './oauth-networks.js'

/** A sign-in must come back from the network within this; then the choice has as long again. */
export const PENDING_LIFETIME_MS = 10 * 60_000
/** Expired rows stay this long, so a late callback is told "too slow", not "unknown". */
const KEPT_AFTER_EXPIRY_MS = 24 * 60 * 60_000

/** What the callback needs to finish the sign-in; sealed, since it holds the code verifier. */
export interface PendingPayload {
  codeVerifier: string
  redirectUri: string
  app?: OAuthApp
  appSource?: AppSource
  extra: Record<string, unknown>
}

export type PendingRow = OAuthPendingTable

export const hashState = (state: string) => createHash('sha256').update(state).digest('hex')

export async function createPending(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: {
    network: NetworkId
    state: string
    userId: string
    channelId: string | null
    payload: PendingPayload
  },
): Promise<{ id: string; expiresAt: number }> {
  const now = murmur.now()
  // Housekeeping on the way: sign-ins abandoned long ago, across workspaces.
  await murmur.db
    .deleteFrom('oauth_pending')
    .where('expires_at', '<', now - KEPT_AFTER_EXPIRY_MS)
    .execute()
  const id = newId('oauth', now)
  const expiresAt = now + PENDING_LIFETIME_MS
  await scope
    .insertInto('oauth_pending', {
      id,
      network: input.network,
      state_hash: hashState(input.state),
      user_id: input.userId,
      channel_id: input.channelId,
      payload: murmur.secrets.seal(JSON.stringify(input.payload)),
      status: 'started',
      accounts: null,
      expires_at: expiresAt,
      created_at: now,
    })
    .execute()
  return { id, expiresAt }
}

/** The sign-in a callback's state belongs to, in any workspace (the callback names none). */
export async function findPendingByState(
  murmur: Murmur,
  network: NetworkId,
  state: string,
): Promise<PendingRow | undefined> {
  return murmur.db
    .selectFrom('oauth_pending')
    .selectAll()
    .where('state_hash', '=', hashState(state))
    .where('network', '=', network)
    .executeTakeFirst()
}

/**
 * Moves a sign-in from one status to the next, once: of two callbacks with the same state (a
 * replay, a double click), only one gets true. Works across processes, since the database decides.
 */
export async function claimPending(
  murmur: Murmur,
  id: string,
  from: PendingRow['status'],
  to: PendingRow['status'],
  notExpiredAt?: number,
): Promise<boolean> {
  let query = murmur.db
    .updateTable('oauth_pending')
    .set({ status: to })
    .where('id', '=', id)
    .where('status', '=', from)
  if (notExpiredAt !== undefined) query = query.where('expires_at', '>', notExpiredAt)
  const result = await query.executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export function openPayload(murmur: Murmur, row: PendingRow): PendingPayload {
  return JSON.parse(murmur.secrets.open(row.payload)) as PendingPayload
}

/** The accounts a sign-in offers to choose from, with sentences to show above them. */
export interface PendingChoice {
  accounts: ConnectedAccount[]
  warnings: string[]
}

/** Keeps the accounts to choose from (Facebook Pages), sealed, for another lifetime. */
export async function awaitChoice(
  murmur: Murmur,
  id: string,
  choice: PendingChoice,
): Promise<void> {
  await murmur.db
    .updateTable('oauth_pending')
    .set({
      status: 'choosing',
      accounts: murmur.secrets.seal(JSON.stringify(choice)),
      expires_at: murmur.now() + PENDING_LIFETIME_MS,
    })
    .where('id', '=', id)
    .execute()
}

export function openChoice(murmur: Murmur, row: PendingRow): PendingChoice {
  if (!row.accounts) return { accounts: [], warnings: [] }
  return JSON.parse(murmur.secrets.open(row.accounts)) as PendingChoice
}
