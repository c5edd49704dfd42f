import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEdge, TEST_USER_PASSWORD, type TestEdge } from '../testing/test-edge'

const WRONG = { username: 'nobody', password: 'wrong password here' }

/** Sends `count` failed sign-ins, each for another user name, as if from `client` behind the proxy. */
async function failSignIns(edge: TestEdge, client: string, count: number): Promise<number[]> {
  const statuses: number[] = []
  for (let attempt = 0; attempt < count; attempt++) {
    const response = await edge.anonymous().post('/api/auth/login', { ...WRONG, username: `nobody-${attempt}` }, { 'x-forwarded-for': client })
    statuses.push(response.status)
  }
  return statuses
}

describe('edge behind a trusted proxy', () => {
  let edge: TestEdge

  beforeAll(async () => {
    edge = await startTestEdge({ trustedProxies: ['127.0.0.1'] })
    await edge.signIn('agent', { username: 'proxied-agent' })
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('blocks only the forwarded address', async () => {
    const statuses = await failSignIns(edge, '203.0.113.5', 20)
    expect(statuses.every((status) => status === 401)).toBe(true)

    const blocked = await edge.anonymous().post('/api/auth/login', { username: 'proxied-agent', password: TEST_USER_PASSWORD }, { 'x-forwarded-for': '203.0.113.5' })
    expect(blocked.status).toBe(429)
    expect(blocked.body.error.params.reason).toBe('address')
    expect(blocked.body.error.message).not.toContain('unlock')

    const other = await edge.anonymous().post('/api/auth/login', { username: 'proxied-agent', password: TEST_USER_PASSWORD }, { 'x-forwarded-for': '203.0.113.6' })
    expect(other.status).toBe(200)
  })

  it('records the forwarded address in the audit log', async () => {
    const entries = await edge.api.get('/api/audit?action=login&user=user:proxied-agent')
    expect(entries.body.items[0].address).toBe('203.0.113.6')
  })
})

describe('edge without trusted proxies', () => {
  let edge: TestEdge

  beforeAll(async () => {
    edge = await startTestEdge()
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('ignores X-Forwarded-For', async () => {
    await failSignIns(edge, '203.0.113.5', 1)

    const entries = await edge.api.get('/api/audit?action=login_failed&user=nobody-0')
    expect(entries.body.items[0].address).toBe('127.0.0.1')
  })
})
