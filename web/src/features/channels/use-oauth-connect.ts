import { useStartOAuth } from '../../api/oauth.js'
import type { NetworkId } from '../../api/publishing-types.js'
import { useCurrentWorkspace } from '../../app/workspace-context.js'
import { NETWORKS } from '../../lib/networks.js'
import { notifyError } from '../../lib/notify.js'

/**
 * Connects (or reconnects) a channel through the network's own sign-in page: Murmur answers with
 * the page's address and the browser goes there; the network sends it back to Settings > Channels.
 */
export function useOAuthConnect() {
  const workspace = useCurrentWorkspace()
  const start = useStartOAuth(workspace.id)
  async function connect(
    network: NetworkId,
    options: { instance?: string; channelId?: string } = {},
  ): Promise<boolean> {
    try {
      const started = await start.mutateAsync({
        network,
        ...(options.instance && { instance: options.instance }),
        ...(options.channelId && { channel_id: options.channelId }),
      })
      window.location.assign(started.authorize_url)
      return true
    } catch (error) {
      notifyError(error, `Could not connect ${NETWORKS[network].name}`)
      return false
    }
  }
  return { connect, pending: start.isPending, error: start.error }
}
