/** Per-call options every network method takes. */
export interface CallOptions<Credentials> {
  /**
   * Called (and awaited) when the network rotated the channel's tokens during the call. Persist
   * `next` before anything else: on Bluesky the previous refresh token stops working soon after.
   */
  onCredentialsChanged?: (next: Credentials) => void | Promise<void>
  /**
   * Holds the channel's refresh lock across every process sharing the database while a token is
   * renewed, so two workers never spend the same (rotating) refresh token. Adapters with OAuth
   * refresh tokens pass it to their token manager.
   */
  refreshLock?: RefreshLock
  signal?: AbortSignal
}

/** What a refresh sees while it holds the lock. */
export interface HeldRefreshLock {
  /** The channel's credentials as stored now: another process may have renewed them meanwhile. */
  stored: unknown
  /** Stores renewed credentials before the lock is let go (merged over the stored ones). */
  save(next: unknown): Promise<void>
}

/** Runs `work` while holding the channel's refresh lock; one holder at a time per channel. */
export type RefreshLock = <Result>(
  work: (held: HeldRefreshLock) => Promise<Result>,
) => Promise<Result>
