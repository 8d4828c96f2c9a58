import type { Murmur } from '../murmur.js'
import type { HeldRefreshLock, NetworkCredentials, RefreshLock } from '../networks/spec/index.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { saveCredentials } from './channels.js'

/**
 * One token refresh at a time per channel across every process on the database. With rotating
 * refresh tokens (X) two workers refreshing at once would spend the same refresh token twice:
 * the network refuses the loser, and its channel would wrongly need reconnecting.
 *
 * Where several processes may write (`multipleWriters`), the refresh runs inside a transaction
 * that holds the channel's row (`SELECT … FOR UPDATE`): another process waits on the row, then
 * reads the tokens the first one stored and uses them. Otherwise there is one process, whose
 * token manager already runs refreshes one at a time per channel; the lock only reads and stores.
 */
export function channelRefreshLock(
  murmur: Murmur,
  scope: WorkspaceScope,
  channelId: string,
): RefreshLock {
  return async (work) => {
    if (!murmur.storage.capabilities.multipleWriters) {
      return work(await hold(murmur, scope, channelId, false))
    }
    return scope.transaction(async (trx) => work(await hold(murmur, trx, channelId, true)))
  }
}

async function hold(
  murmur: Murmur,
  scope: WorkspaceScope,
  channelId: string,
  lockRow: boolean,
): Promise<HeldRefreshLock> {
  const query = scope.selectFrom('channels').select('credentials').where('id', '=', channelId)
  const row = await (lockRow ? query.forUpdate() : query).executeTakeFirst()
  let stored: NetworkCredentials = {}
  try {
    if (row) stored = JSON.parse(murmur.secrets.open(row.credentials)) as NetworkCredentials
  } catch {
    // Unreadable: the refresh goes on with the caller's credentials, and stores what it gets.
  }
  return {
    stored,
    // Merged over what is stored, so what the adapter does not know (the app it was made with) stays.
    save: (next) =>
      saveCredentials(murmur, scope, channelId, { ...stored, ...(next as NetworkCredentials) }),
  }
}
