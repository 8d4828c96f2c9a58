import { describe, expect, it } from 'vitest'
import { createNetwork, isNetworkAvailable, networkFactories } from '../../src/networks/index.js'
import { withCarriedApp } from '../../src/services/network-instances.js'

/**
 * Adapter methods that are not calls on a connected channel: connecting, instance limits, and
 * LinkedIn's unlike (no inbox action uses it yet). Everything else an adapter offers must reach
 * channels connected with a workspace's own app, or it silently disappears for them (likes once did).
 */
const NOT_CHANNEL_CALLS = new Set([
  'signIn',
  'startConnect',
  'finishConnect',
  'fetchInstanceLimits',
  'withInstanceLimits',
  'connectionExpiry',
  'unlike',
])

function methodNames(value: object): string[] {
  const names = new Set<string>()
  for (let o = value; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const name of Object.getOwnPropertyNames(o)) {
      if (
        name !== 'constructor' &&
        typeof (value as Record<string, unknown>)[name] === 'function'
      ) {
        names.add(name)
      }
    }
  }
  return [...names].sort()
}

describe('networks connected with a workspace app (withCarriedApp)', () => {
  for (const id of Object.keys(networkFactories)) {
    it(`${id}: every channel call of the adapter is passed through`, () => {
      if (!isNetworkAvailable(id as never)) throw new Error(`${id} not available`)
      const adapter = createNetwork(id as never)
      const wrapped = withCarriedApp(() => createNetwork(id as never))
      const expected = methodNames(adapter).filter((name) => !NOT_CHANNEL_CALLS.has(name))
      expect(methodNames(wrapped)).toEqual(expected)
    })
  }
})
