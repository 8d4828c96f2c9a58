import { IconMessageCircle } from '@tabler/icons-react'
import type { NetworkId } from '../../api/publishing-types.js'
import { NETWORKS } from '../../lib/networks.js'

/** The network's icon in its colour, named for screen readers. */
export function NetworkIcon({ network, size = 16 }: { network: NetworkId | null; size?: number }) {
  if (!network) return <IconMessageCircle size={size} aria-label="Logged by hand" role="img" />
  const info = NETWORKS[network]
  const Icon = info.icon
  return <Icon size={size} color={info.color} aria-label={info.name} role="img" />
}
