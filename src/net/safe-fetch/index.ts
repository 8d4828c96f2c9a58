export { type AddressPolicy, addressRefusal } from './address-policy.js'
export { isSafeFetchError, SafeFetchError, type SafeFetchErrorCode } from './errors.js'
export { safeFetchFunction } from './fetch-function.js'
export type { ResolveHost } from './resolve-host.js'
export {
  assertFetchable,
  defaultSafeFetch,
  murmurUserAgent,
  normalHost,
  parseFetchableUrl,
  type RedirectHop,
  type SafeFetchOptions,
  type SafeResponse,
  safeFetch,
} from './safe-fetch.js'
