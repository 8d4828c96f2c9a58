import type { CallOptions, NetworkCredentials, SocialNetworkV1 } from '../../networks/spec/index.js'

/**
 * A network adapter that reads the account's follower count (`SocialNetworkV1.fetchFollowerCount`,
 * optional): it gets daily follower rows; one that does not is shown as "not available from
 * <network>".
 */
export interface FollowerCountReader {
  fetchFollowerCount(
    credentials: NetworkCredentials,
    options?: CallOptions<NetworkCredentials>,
  ): Promise<number | null>
}

export function readsFollowerCount(
  network: SocialNetworkV1 | object,
): network is FollowerCountReader {
  return typeof (network as Partial<FollowerCountReader>).fetchFollowerCount === 'function'
}
