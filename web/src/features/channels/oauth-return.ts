import { useEffect, useState } from 'react'
import { useSearchParams } from 'react-router'
import type { NetworkId } from '../../api/publishing-types.js'
import { NETWORKS } from '../../lib/networks.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'

/**
 * What the network's sign-in came back with: the callback sends the browser here with codes, not
 * sentences, so a crafted link cannot show its own text. Each code gets its message here.
 */
export function oauthErrorMessage(code: string, networkName: string): string {
  switch (code) {
    case 'access_denied':
      return `${networkName} access was not granted, so nothing was connected. Connect again and choose Authorize when you are ready.`
    case 'expired':
      return `The ${networkName} sign-in took more than 10 minutes. Connect again.`
    case 'wrong_account':
      return `That ${networkName} sign-in reached another account than the channel you were reconnecting. Sign in to the channel’s own account and reconnect again.`
    case 'missing_code':
      return `${networkName} sent Murmur back without an authorization. Connect again.`
    case 'not_professional':
      return `${networkName} lets Murmur publish only for professional accounts (Business or Creator). Switch the account to a professional one in the ${networkName} app, then connect again.`
    case 'provider_error':
      return `${networkName} could not authorize Murmur. Check the app’s settings (callback URL, permissions), then connect again.`
    default:
      return `${networkName} did not complete the connection. Try again; if it keeps failing, check the app’s credentials and callback URL.`
  }
}

/**
 * Reads `?connected=`, `?reconnected=`, `?error=` and `?pending=` once, says what happened, and
 * clears them so a reload does not say it again. Returns a sign-in awaiting a Page choice.
 */
export function useOAuthReturn(): { pendingId: string | null; clearPending: () => void } {
  const [params, setParams] = useSearchParams()
  const [pendingId, setPendingId] = useState<string | null>(null)
  useEffect(() => {
    const network = params.get('network') as NetworkId | null
    const connected = params.get('connected')
    const reconnected = params.get('reconnected')
    const error = params.get('error')
    const pending = params.get('pending')
    if (!connected && !reconnected && !error && !pending) return
    const name = (network && NETWORKS[network]?.name) || 'The network'
    if (connected) {
      const count = connected.split(',').filter(Boolean).length
      notifySuccess(
        count > 1 ? `${count} ${name} channels are connected.` : `${name} is connected.`,
        'Channel connected',
      )
    } else if (reconnected) {
      notifySuccess(`${name} is reconnected. Posts waiting for it can be retried.`, 'Reconnected')
    } else if (error) {
      notifyError(new Error(oauthErrorMessage(error, name)), `${name} was not connected`)
    }
    if (pending) setPendingId(pending)
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        for (const key of ['network', 'connected', 'reconnected', 'error', 'pending'])
          next.delete(key)
        return next
      },
      { replace: true },
    )
  }, [params, setParams])
  return { pendingId, clearPending: () => setPendingId(null) }
}
