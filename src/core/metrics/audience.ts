import type { CallOptions, NetworkCredentials } from '../../networks/spec/index.js'

/**
 * The one reading Attention needs beyond the network spec: the account's follower count. It is
 * optional: a network adapter that implements `fetchFollowerCount` gets daily follower rows; one
 * that does not is shown as "not available from <network>". (It belongs in the spec as an
 * optional method; until then the metrics job asks for it by name.)
 */
export interface FollowerCountReader {
  fetchFollowerCount(
    credentials: NetworkCredentials,
    options?: CallOptions<NetworkCredentials>,
  ): Promise<number | null>
}

export function readsFollowerCount(network: object): network is FollowerCountReader {
  return typeof (network as Partial<FollowerCountReader>).fetchFollowerCount === 'function'
}
