import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCloud, TEST_CLOUD_USER_PASSWORD, type TestCloud } from '../testing/test-cloud'

describe('cloud behind a trusted proxy', () => {
  let cloud: TestCloud

  beforeAll(async () => {
    cloud = await startTestCloud({ trustedProxies: ['127.0.0.0/8'] })
    await cloud.signIn('manager', { username: 'proxied-manager' })
  })

  afterAll(async () => {
    await cloud.destroy()
  })

  it('blocks only the forwarded address', async () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const response = await cloud.anonymous().post('/api/auth/login', { username: `nobody-${attempt}`, password: 'wrong password here' }, { 'x-forwarded-for': '2001:db8::5' })
      expect(response.status).toBe(401)
    }
    const credentials = { username: 'proxied-manager', password: TEST_CLOUD_USER_PASSWORD }

    const blocked = await cloud.anonymous().post('/api/auth/login', credentials, { 'x-forwarded-for': '2001:db8::5' })
    expect(blocked.status).toBe(429)
    expect(blocked.body.error.params.reason).toBe('address')

    const other = await cloud.anonymous().post('/api/auth/login', credentials, { 'x-forwarded-for': '2001:db8::6' })
    expect(other.status).toBe(200)
  })
})
