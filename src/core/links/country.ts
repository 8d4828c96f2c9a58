import { createRequire } from 'node:module'

interface GeoIpCountry {
  lookup(ip: string): { country: string } | null
}

let geoip: GeoIpCountry | undefined
// Parsing the address is most of a lookup's cost, and visitors come back. Addresses stay in
// memory for a minute at most: the map is emptied that often.
const recent = new Map<string, string | null>()
const MAX_REMEMBERED = 10_000
let emptiedAt = Date.now()

/**
 * ISO 3166-1 alpha-2 country of an IP address from the bundled GeoLite2 data
 * (geoip-country), or null. The 8 MB table loads on first use, not at start-up.
 */
export function countryOf(ip: string): string | null {
  if (!ip || ip === 'unknown') return null
  if (Date.now() - emptiedAt > 60_000) {
    recent.clear()
    emptiedAt = Date.now()
  }
  const known = recent.get(ip)
  if (known !== undefined) return known
  const address = ip.startsWith('::ffff:') ? ip.slice(7) : ip
  geoip ??= createRequire(import.meta.url)('geoip-country') as GeoIpCountry
  let country: string | null
  try {
    country = geoip.lookup(address)?.country || null
  } catch {
    country = null
  }
  if (recent.size >= MAX_REMEMBERED) recent.clear()
  recent.set(ip, country)
  return country
}
