import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { addressRefusal } from './address-policy.js'

describe('address policy', () => {
  test.each([
    ['10.0.0.5', 'a private address'],
    ['172.16.3.4', 'a private address'],
    ['192.168.1.10', 'a private address'],
    ['127.0.0.1', 'a loopback address'],
    ['127.8.9.10', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['169.254.10.20', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['fc00::1', 'a unique-local (private IPv6) address'],
    ['fd12:3456::1', 'a unique-local (private IPv6) address'],
    ['100.64.0.1', 'a carrier-grade NAT (shared) address'],
    ['224.0.0.1', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['0.0.0.0', 'an unspecified address'],
    ['::', 'an unspecified address'],
    ['255.255.255.255', 'a broadcast address'],
    ['169.254.169.254', 'a cloud metadata address'],
    ['fd00:ec2::254', 'a cloud metadata address'],
    ['fd00:0ec2:0000::0254', 'a cloud metadata address'],
    ['100.100.100.200', 'a cloud metadata address'],
    ['::ffff:10.0.0.5', 'a private address'],
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['::ffff:169.254.169.254', 'a cloud metadata address'],
    ['64:ff9b::a00:5', 'an IPv4-embedded (NAT64) address'],
    ['2002:a00:5::1', 'a 6to4 address'],
    ['240.0.0.1', 'a reserved address'],
  ])('%s is refused as %s', (address, words) => {
    expect(addressRefusal(address)).toBe(words)
  })

  test('public unicast addresses pass', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8'])
      expect(addressRefusal(address)).toBeNull()
  })

  test('allowLoopback lets only loopback through', () => {
    const policy = { allowLoopback: true }
    expect(addressRefusal('127.0.0.1', policy)).toBeNull()
    expect(addressRefusal('::1', policy)).toBeNull()
    expect(addressRefusal('::ffff:127.0.0.1', policy)).toBeNull()
    expect(addressRefusal('10.0.0.5', policy)).toBe('a private address')
    expect(addressRefusal('169.254.169.254', policy)).toBe('a cloud metadata address')
  })

  test('an IPv4-mapped IPv6 address is judged exactly like the IPv4 address inside', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ipv4) => {
        expect(addressRefusal(`::ffff:${ipv4}`)).toBe(addressRefusal(ipv4))
      }),
      { numRuns: 2000 },
    )
  })

  test('anything that is not an IP address is refused', () => {
    expect(addressRefusal('localhost')).toBe('not an IP address')
    expect(addressRefusal('')).toBe('not an IP address')
  })
})
