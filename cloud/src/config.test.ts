import { describe, expect, it } from 'vitest'
import { ConfigError, readCloudConfig } from './config'

describe('readCloudConfig', () => {
  it('uses the documented defaults', () => {
    const config = readCloudConfig({})

    expect(config.port).toBe(4200)
    expect(config.couchdbUrl).toBeUndefined()
    expect(config.trustedProxies).toEqual([])
  })

  it('reads TRUSTED_PROXIES', () => {
    expect(readCloudConfig({ TRUSTED_PROXIES: '10.0.0.0/8' }).trustedProxies).toEqual(['10.0.0.0/8'])
  })

  it('names TRUSTED_PROXIES and the invalid entry', () => {
    expect(() => readCloudConfig({ TRUSTED_PROXIES: '10.0.0.0/40' })).toThrow(ConfigError)
    expect(() => readCloudConfig({ TRUSTED_PROXIES: '10.0.0.0/40' })).toThrow("TRUSTED_PROXIES contains '10.0.0.0/40'")
  })

  it('accepts credentials in COUCHDB_URL', () => {
    const config = readCloudConfig({ COUCHDB_URL: 'https://admin:secret@couch.internal:5984' })

    expect(config.couchdbUrl).toBe('https://admin:secret@couch.internal:5984')
  })

  it('names CLOUD_PORT when it is invalid', () => {
    expect(() => readCloudConfig({ CLOUD_PORT: '-1' })).toThrow(ConfigError)
    expect(() => readCloudConfig({ CLOUD_PORT: '-1' })).toThrow('CLOUD_PORT')
  })

  it('does not repeat the credentials of an invalid COUCHDB_URL', () => {
    expect(() => readCloudConfig({ COUCHDB_URL: 'couch://admin:secret@host' })).toThrow('COUCHDB_URL')
    expect(() => readCloudConfig({ COUCHDB_URL: 'couch://admin:secret@host' })).not.toThrow('secret')
  })
})
