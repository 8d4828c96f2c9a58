import { NETWORK_NAMES } from '../spec/network-id.js'

/** The networks Meta runs on its Graph API platform. */
export type MetaNetworkId = 'facebook' | 'instagram' | 'threads'

export function metaNetworkName(network: MetaNetworkId): string {
  return NETWORK_NAMES[network]
}
