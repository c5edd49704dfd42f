import { describe, expect, it } from 'vitest'
import { ConfigError, readCloudConfig } from './config'

describe('readCloudConfig', () => {
  it('uses the documented defaults', () => {
    const config = readCloudConfig({})

    expect(config.port).toBe(4200)
    expect(config.couchdbUrl).toBeUndefined()
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
