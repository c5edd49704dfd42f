import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { startTestCloud, type TestCloud } from '@enclave/cloud/testing/test-cloud'

function nested(depth: number): unknown {
  let value: unknown = 'leaf'
  for (let i = 0; i < depth; i++) value = { a: value }
  return value
}

describe('HTTP hardening', () => {
  let edge: TestEdge
  let cloud: TestCloud

  beforeAll(async () => {
    ;[edge, cloud] = await Promise.all([startTestEdge(), startTestCloud()])
  })

  afterAll(async () => {
    await Promise.all([edge.destroy(), cloud.destroy()])
  })

  it('edge rejects a record with a prototype key', async () => {
    const response = await edge.api.post('/api/contacts', '{"firstName":"A","constructor":{"prototype":{"x":1}}}', { 'content-type': 'application/json' })
    expect(response.status).toBe(400)
  })

  for (const tier of ['edge', 'cloud'] as const) {
    const api = () => (tier === 'edge' ? edge.api : cloud.api)
    const origin = () => new URL(tier === 'edge' ? edge.url : cloud.url).origin

    it(`${tier} sends security headers`, async () => {
      const response = await api().get('/api/meta')
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN')
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
      expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    })

    it(`${tier} gives CORS only to its own origin`, async () => {
      const foreign = await api().get('/api/meta', { origin: 'https://evil.example' })
      expect(foreign.headers.get('access-control-allow-origin')).toBeNull()
      const own = await api().get('/api/meta', { origin: origin() })
      expect(own.headers.get('access-control-allow-origin')).toBe(origin())
    })

    it(`${tier} rejects deeply nested JSON`, async () => {
      const response = await api().post('/api/auth/login', nested(40))
      expect(response.status).toBe(400)
      expect(response.body.error.code).toBe('json_too_deep')
    })

    it(`${tier} rejects prototype keys`, async () => {
      const response = await api().post('/api/auth/login', '{"username":"a","__proto__":{"admin":true}}', { 'content-type': 'application/json' })
      expect(response.status).toBe(400)
      expect(response.body.error.code).toBe('forbidden_key')
      expect(({} as Record<string, unknown>).admin).toBeUndefined()
    })

    it(`${tier} rejects JSON sent as plain text`, async () => {
      const response = await api().post('/api/users', '{"username":"x","__proto__":{"role":"admin"}}', { 'content-type': 'text/plain' })
      expect(response.status).toBe(415)
      expect(response.body.error.code).toBe('unsupported_media_type')
      expect(response.body.error.message).toContain('text/plain')
    })

    it.each([
      ['text/plain; x=application/json'],
      ['application/jsonx'],
      ['multipart/form-data; boundary=json'],
    ])(`${tier} rejects the look-alike type %s`, async (type) => {
      const response = await api().post('/api/users', '{"username":"lookalike","password":"a long enough password","role":"viewer"}', { 'content-type': type })
      expect(response.status).toBe(415)
      expect(response.body.error.message).toContain(type)
    })

    it(`${tier} takes JSON types in any case and with parameters`, async () => {
      for (const type of ['Application/JSON', 'application/json; charset=utf-8', 'application/merge-patch+json']) {
        const response = await api().post('/api/auth/login', '{"username":"nobody","password":"wrong password"}', { 'content-type': type })
        expect(response.status, type).not.toBe(415)
      }
    })

    it(`${tier} rejects JSON sent as a form`, async () => {
      const response = await api().post('/api/users', '{"username":"formuser","password":"a long enough password","role":"viewer"}', {
        'content-type': 'application/x-www-form-urlencoded',
      })
      expect(response.status).toBe(415)
      expect(response.body.error.code).toBe('unsupported_media_type')
    })

    it(`${tier} rejects a form post to sign-in`, async () => {
      const response = await (tier === 'edge' ? edge : cloud).anonymous().post('/api/auth/login', 'username=admin&password=x', {
        'content-type': 'application/x-www-form-urlencoded',
      })
      expect(response.status).toBe(415)
    })
  }

  // The server closes the connection after a 413 while the client is still sending, so these
  // run last: a later request could otherwise be sent on the closed keep-alive connection.
  for (const tier of ['edge', 'cloud'] as const) {
    it(`${tier} limits the body size`, async () => {
      const api = tier === 'edge' ? edge.api : cloud.api
      const response = await api.post('/api/auth/login', { username: 'x'.repeat(2 * 1024 * 1024), password: 'y' })
      expect(response.status).toBe(413)
    })
  }
})

describe('cloud login lockout', () => {
  let cloud: TestCloud

  beforeAll(async () => {
    cloud = await startTestCloud()
    await cloud.signIn('viewer', { username: 'remote-viewer' })
  })

  afterAll(async () => {
    await cloud.destroy()
  })

  it('locks an account after five wrong passwords', async () => {
    const client = cloud.anonymous()
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await client.post('/api/auth/login', { username: 'remote-viewer', password: 'wrong password here' })).status).toBe(401)
    }
    const correct = await client.post('/api/auth/login', { username: 'remote-viewer', password: 'tests only passphrase 42' })
    expect(correct.status).toBe(429)
  })

  it('locks an address after twenty failures across accounts', async () => {
    const client = cloud.anonymous()
    const statuses: number[] = []
    for (let attempt = 0; attempt < 21; attempt++) {
      statuses.push((await client.post('/api/auth/login', { username: `nobody-${attempt}`, password: 'wrong password here' })).status)
    }
    expect(statuses.at(-1)).toBe(429)
  })
})
