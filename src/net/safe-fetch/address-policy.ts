import ipaddr from 'ipaddr.js'

/**
 * Which IP addresses Murmur may connect to when it fetches a URL someone typed in.
 * Only ordinary public unicast addresses pass: anything that could reach the machine
 * itself, its private network or a cloud metadata service is refused (SSRF).
 */
export interface AddressPolicy {
  /** Tests only: let 127.0.0.0/8 and ::1 through, so a local fixture server can be fetched. */
  allowLoopback?: boolean
  /**
   * The operator named this host as theirs (MURMUR_ALLOW_PRIVATE_NETWORK_HOSTS): private, loopback,
   * link-local and unique-local addresses pass. Cloud metadata addresses never do.
   */
  allowPrivate?: boolean
}

/** Ranges an operator may open for a host on their own network. */
const ownNetworkRanges = new Set(['private', 'loopback', 'linkLocal', 'uniqueLocal'])

/** Cloud metadata services: link-local or unique-local already, named so the message is plain. */
const metadataAddresses = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200'])

/** How each refused ipaddr.js range reads in a message: "10.0.0.5 is <this>". */
const rangeWords: Record<string, string> = {
  private: 'a private address',
  loopback: 'a loopback address',
  linkLocal: 'a link-local address',
  uniqueLocal: 'a unique-local (private IPv6) address',
  carrierGradeNat: 'a carrier-grade NAT (shared) address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
  unspecified: 'an unspecified address',
  reserved: 'a reserved address',
  deprecatedSiteLocal: 'a site-local (private IPv6) address',
  // IPv6 forms that carry an IPv4 address inside, which could be private: never needed for a website.
  rfc6052: 'an IPv4-embedded (NAT64) address',
  rfc6145: 'an IPv4-translated address',
  '6to4': 'a 6to4 address',
  teredo: 'a Teredo address',
}

/** Why an address is refused, in words ("a private address"), or null when it may be used. */
export function addressRefusal(address: string, policy: AddressPolicy = {}): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address'
  let parsed = ipaddr.parse(address)
  // ::ffff:10.0.0.5 is 10.0.0.5 to the kernel: judge the IPv4 address inside.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address()
  const normal = parsed.toNormalizedString()
  const canonical = parsed.kind() === 'ipv6' ? ipaddr.IPv6.parse(normal).toString() : normal
  if (metadataAddresses.has(canonical)) return 'a cloud metadata address'
  const range = parsed.range()
  if (range === 'unicast') return null
  if (range === 'loopback' && policy.allowLoopback) return null
  if (policy.allowPrivate && ownNetworkRanges.has(range)) return null
  return rangeWords[range] ?? `a special-purpose address (${range})`
}

/** The address without IPv6 brackets, as URL.hostname gives "[::1]". */
export function unbracket(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname
}

export function isIpLiteral(hostname: string): boolean {
  return ipaddr.isValid(unbracket(hostname))
}
