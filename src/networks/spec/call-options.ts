/** Per-call options every network method takes. */
export interface CallOptions<Credentials> {
  /**
   * Called (and awaited) when the network rotated the channel's tokens during the call. Persist
   * `next` before anything else: on Bluesky the previous refresh token stops working soon after.
   */
  onCredentialsChanged?: (next: Credentials) => void | Promise<void>
  signal?: AbortSignal
}
