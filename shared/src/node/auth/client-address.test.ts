import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../config'
import { parseTrustedProxies, resolveClientAddress } from './client-address'

describe('parseTrustedProxies', () => {
  it('trusts no proxy by default', () => {
    expect(parseTrustedProxies('TRUSTED_PROXIES', undefined)).toEqual([])
    expect(parseTrustedProxies('TRUSTED_PROXIES', '')).toEqual([])
  })

  it('reads addresses and ranges', () => {
    expect(parseTrustedProxies('TRUSTED_PROXIES', '127.0.0.1, 10.0.0.0/8 ::1,fd00::/8')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8'])
  })

  it.each(['localhost', '10.0.0.0/33', '10.0.0.1/', '::1/129', '10.0.0.0/8/8', '300.1.1.1'])('rejects %s', (entry) => {
    expect(() => parseTrustedProxies('TRUSTED_PROXIES', `127.0.0.1,${entry}`)).toThrow(ConfigError)
    expect(() => parseTrustedProxies('TRUSTED_PROXIES', `127.0.0.1,${entry}`)).toThrow(`TRUSTED_PROXIES contains '${entry}'`)
  })
})

describe('resolveClientAddress', () => {
  const trusted = ['127.0.0.1', '10.0.0.0/8', 'fd00::/8']

  it('ignores the header from an untrusted peer', () => {
    expect(resolveClientAddress('192.0.2.7', '203.0.113.5', trusted)).toBe('192.0.2.7')
  })

  it('ignores the header when no proxy is trusted', () => {
    expect(resolveClientAddress('127.0.0.1', '203.0.113.5', [])).toBe('127.0.0.1')
  })

  it('keeps a trusted peer without the header', () => {
    expect(resolveClientAddress('127.0.0.1', undefined, trusted)).toBe('127.0.0.1')
  })

  it('takes the right-most untrusted entry', () => {
    expect(resolveClientAddress('127.0.0.1', '198.51.100.1, 203.0.113.5, 10.1.2.3', trusted)).toBe('203.0.113.5')
  })

  it('reads an IPv4-mapped peer as IPv4', () => {
    expect(resolveClientAddress('::ffff:127.0.0.1', '203.0.113.5', trusted)).toBe('203.0.113.5')
  })

  it('reads IPv6 entries in a range', () => {
    expect(resolveClientAddress('fd00::1', '2001:db8::5, fd00::2', trusted)).toBe('2001:db8::5')
  })

  it('returns the left-most entry when all are trusted', () => {
    expect(resolveClientAddress('127.0.0.1', '10.0.0.9, 10.0.0.8', trusted)).toBe('10.0.0.9')
  })

  it('stops at an entry that is not an address', () => {
    expect(resolveClientAddress('127.0.0.1', '203.0.113.5, unknown, 10.0.0.8', trusted)).toBe('10.0.0.8')
  })
})
