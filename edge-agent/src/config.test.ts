import { describe, expect, it } from 'vitest'
import { ConfigError, readEdgeConfig } from './config'

describe('readEdgeConfig', () => {
  it('uses the documented defaults', () => {
    const config = readEdgeConfig({})

    expect(config.port).toBe(4100)
    expect(config.siteId).toBe('site-1')
    expect(config.cloudUrl).toBeUndefined()
    expect(config.heapGrowthPercent).toBe(60)
    expect(config.trustedProxies).toEqual([])
  })

  it('reads every variable', () => {
    const config = readEdgeConfig({
      EDGE_PORT: '5100',
      EDGE_DATA_DIR: '/var/lib/enclave',
      CLOUD_URL: 'https://cloud.example.com/',
      SITE_ID: 'clinic-north',
      EDGE_HEAP_GROWTH_PERCENT: '0',
      TRUSTED_PROXIES: '127.0.0.1,::1',
    })

    expect(config.port).toBe(5100)
    expect(config.dataDir).toBe('/var/lib/enclave')
    expect(config.cloudUrl).toBe('https://cloud.example.com')
    expect(config.siteId).toBe('clinic-north')
    expect(config.heapGrowthPercent).toBe(0)
    expect(config.trustedProxies).toEqual(['127.0.0.1', '::1'])
  })

  it.each([
    ['EDGE_PORT', { EDGE_PORT: '70000' }],
    ['EDGE_PORT', { EDGE_PORT: 'http' }],
    ['CLOUD_URL', { CLOUD_URL: 'cloud.example.com' }],
    ['CLOUD_URL', { CLOUD_URL: 'ftp://cloud.example.com' }],
    ['SITE_ID', { SITE_ID: 'Site One' }],
    ['EDGE_HEAP_GROWTH_PERCENT', { EDGE_HEAP_GROWTH_PERCENT: '12.5' }],
    ['EDGE_HEAP_GROWTH_PERCENT', { EDGE_HEAP_GROWTH_PERCENT: '400' }],
    ['TRUSTED_PROXIES', { TRUSTED_PROXIES: 'proxy.internal' }],
  ])('names %s when it is invalid', (variable, env) => {
    expect(() => readEdgeConfig(env)).toThrow(ConfigError)
    expect(() => readEdgeConfig(env)).toThrow(variable)
  })
})
