import { lookup } from 'node:dns/promises'
import { type AddressPolicy, addressRefusal, isIpLiteral, unbracket } from './address-policy.js'
import { SafeFetchError } from './errors.js'

/** Turns a host name into IP addresses. Injected in tests to play a hostile DNS server. */
export type ResolveHost = (hostname: string) => Promise<string[]>

export const systemResolveHost: ResolveHost = async (hostname) => {
  const found = await lookup(hostname, { all: true, verbatim: true })
  return found.map((entry) => entry.address)
}

/**
 * Resolves the host once and vets every address it gave. One bad address refuses the host:
 * a name that points at both a public and a private address is not a website to trust.
 * The vetted list is what the connection uses, so DNS cannot change its answer in between.
 */
export async function resolveVetted(
  url: URL,
  policy: AddressPolicy,
  resolveHost: ResolveHost,
): Promise<string[]> {
  const host = unbracket(url.hostname)
  let addresses: string[]
  if (isIpLiteral(host)) addresses = [host]
  else {
    try {
      addresses = await resolveHost(host)
    } catch (error) {
      throw new SafeFetchError('dns_failed', `${host} could not be found (DNS).`, url.href, {
        cause: error,
      })
    }
    if (addresses.length === 0)
      throw new SafeFetchError('dns_failed', `${host} could not be found (DNS).`, url.href)
  }
  for (const address of addresses) {
    const refusal = addressRefusal(address, policy)
    if (refusal) {
      const via = address === host ? '' : ` (${host} resolves to it)`
      throw new SafeFetchError(
        'refused_address',
        `refused: ${address} is ${refusal}${via}`,
        url.href,
      )
    }
  }
  return addresses
}
