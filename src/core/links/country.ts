import { createRequire } from 'node:module'

interface GeoIpCountry {
  lookup(ip: string): { country: string } | null
}

let geoip: GeoIpCountry | undefined

/**
 * ISO 3166-1 alpha-2 country of an IP address from the bundled GeoLite2 data
 * (geoip-country), or null. The 8 MB table loads on first use, not at start-up.
 */
export function countryOf(ip: string): string | null {
  if (!ip || ip === 'unknown') return null
  const address = ip.startsWith('::ffff:') ? ip.slice(7) : ip
  geoip ??= createRequire(import.meta.url)('geoip-country') as GeoIpCountry
  try {
    return geoip.lookup(address)?.country || null
  } catch {
    return null
  }
}
