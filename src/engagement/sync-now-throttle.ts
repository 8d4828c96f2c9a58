import { MurmurError } from '../core/errors.js'
import type { Murmur } from '../murmur.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'

/**
 * A person pressing "Sync now" again within this time gets a 429: each press costs requests
 * against the network's own rate limit, which the scheduled sync needs too.
 */
export const SYNC_NOW_COOLDOWN_MS = 30_000

const cooldowns = new WeakMap<Murmur, number>()

/** Tests only: a Murmur whose "Sync now" waits this long (0: never) between presses. */
export function installSyncNowCooldown(murmur: Murmur, ms: number): void {
  cooldowns.set(murmur, ms)
}

function tooSoon(cooldownMs: number, retryAfterMs: number): MurmurError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000))
  return new MurmurError(
    'rate_limited',
    `Sync now was pressed less than ${Math.ceil(cooldownMs / 1000)} seconds ago; try again in ${seconds} s. New messages also arrive on their own every few minutes.`,
    { retryAfterSeconds: seconds, details: { retry_after_seconds: seconds } },
  )
}

/**
 * Records a press of "Sync now" for these channels, or throws a 429 with Retry-After when one
 * of them was pressed for within the cooldown. Kept in the database, so every API process sees
 * it; the conditional update makes two presses at once count as two.
 */
export async function claimSyncNow(
  murmur: Murmur,
  scope: WorkspaceScope,
  channelIds: readonly string[],
): Promise<void> {
  const cooldown = cooldowns.get(murmur) ?? SYNC_NOW_COOLDOWN_MS
  if (cooldown <= 0 || channelIds.length === 0) return
  const now = murmur.now()
  const rows = await scope
    .selectFrom('inbox_sync_state')
    .select('manual_sync_at')
    .where('channel_id', 'in', [...channelIds])
    .execute()
  const last = Math.max(0, ...rows.map((row) => row.manual_sync_at ?? 0))
  if (last > 0 && now - last < cooldown) throw tooSoon(cooldown, last + cooldown - now)
  const claimed = await scope
    .updateTable('inbox_sync_state')
    .set({ manual_sync_at: now })
    .where('channel_id', 'in', [...channelIds])
    .where((eb) =>
      eb.or([eb('manual_sync_at', 'is', null), eb('manual_sync_at', '<=', now - cooldown)]),
    )
    .executeTakeFirst()
  if (Number(claimed.numUpdatedRows) < rows.length) throw tooSoon(cooldown, cooldown)
}
