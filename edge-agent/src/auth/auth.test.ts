import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signInClient, startTestEdge, TEST_ADMIN_PASSWORD, type TestEdge } from '../testing/test-edge'
import { ApiClient } from '../testing/api-client'

describe('edge sign-in and sessions', () => {
  let edge: TestEdge

  beforeAll(async () => {
    edge = await startTestEdge()
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('rejects anonymous API calls', async () => {
    const response = await edge.anonymous().get('/api/contacts')
    expect(response.status).toBe(401)
    expect(response.body.error.code).toBe('unauthorized')
  })

  it('consumes the setup token', async () => {
    expect(fs.existsSync(path.join(edge.dataDir, 'setup-token'))).toBe(false)
    const response = await edge.anonymous().post('/api/auth/setup', { token: 'x', username: 'eve', password: 'long enough passphrase' })
    expect(response.status).toBe(409)
    expect((await edge.anonymous().get('/api/auth/status')).body.setupRequired).toBe(false)
  })

  it('sets HttpOnly SameSite=Strict session cookies', async () => {
    const response = await edge.anonymous().post('/api/auth/login', { username: 'admin', password: TEST_ADMIN_PASSWORD })
    const cookies = response.headers.getSetCookie()
    const session = cookies.find((cookie) => cookie.startsWith('enclave_session='))
    expect(session).toMatch(/HttpOnly/)
    expect(session).toMatch(/SameSite=Strict/)
    expect(session).not.toMatch(/Secure/)
    expect(cookies.find((cookie) => cookie.startsWith('enclave_csrf='))).not.toMatch(/HttpOnly/)
    expect(response.body.user.passwordHash).toBeUndefined()
  })

  it('marks cookies Secure over TLS', async () => {
    const response = await edge.app.request('https://crm.example/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD }),
    })
    expect(response.status).toBe(200)
    for (const cookie of response.headers.getSetCookie()) expect(cookie).toMatch(/; Secure/)
  })

  it('trims spaces around the user name', async () => {
    const response = await edge.anonymous().post('/api/auth/login', { username: ' Admin  ', password: TEST_ADMIN_PASSWORD })
    expect(response.status).toBe(200)
    expect(response.body.user.username).toBe('admin')

    const failures = await edge.api.get('/api/audit?action=login_failed')
    expect(failures.body.items.map((entry: { user: string }) => entry.user)).not.toContain(' admin  ')
  })

  it('rejects a user name of only spaces', async () => {
    const response = await edge.anonymous().post('/api/auth/login', { username: '   ', password: TEST_ADMIN_PASSWORD })
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('missing_field')
  })

  it('rejects a wrong password', async () => {
    const response = await edge.anonymous().post('/api/auth/login', { username: 'admin', password: 'not the password at all' })
    expect(response.status).toBe(401)
    expect(response.body.error.code).toBe('invalid_credentials')
  })

  it('requires the CSRF header on writes', async () => {
    const client = await edge.signIn('manager')
    const token = client.headers['x-csrf-token']!
    delete client.headers['x-csrf-token']

    const missing = await client.post('/api/companies', { name: 'Acme' })
    expect(missing.status).toBe(403)
    expect(missing.body.error.code).toBe('csrf_failed')
    const wrong = await client.post('/api/companies', { name: 'Acme' }, { 'x-csrf-token': 'guess' })
    expect(wrong.status).toBe(403)
    const right = await client.post('/api/companies', { name: 'Acme' }, { 'x-csrf-token': token })
    expect(right.status).toBe(201)
  })

  it('rejects writes from another origin', async () => {
    const response = await edge.api.post('/api/companies', { name: 'Acme' }, { origin: 'https://evil.example' })
    expect(response.status).toBe(403)
    expect(response.body.error.code).toBe('csrf_failed')
  })

  it('revokes the session at logout', async () => {
    const client = await edge.signIn('viewer')
    const stolenCookie = client.cookieHeader()
    expect((await client.post('/api/auth/logout')).status).toBe(204)

    const replay = await new ApiClient(edge.url).get('/api/companies', { cookie: stolenCookie })
    expect(replay.status).toBe(401)
  })

  it('renews a token and revokes the old one', async () => {
    const client = await edge.signIn('agent')
    const oldCookie = client.cookieHeader()
    const renewed = await client.post('/api/auth/renew')
    expect(renewed.status).toBe(200)
    expect(client.cookieHeader()).not.toBe(oldCookie)

    expect((await client.get('/api/auth/session')).status).toBe(200)
    expect((await new ApiClient(edge.url).get('/api/auth/session', { cookie: oldCookie })).status).toBe(401)
  })

  it('ends sessions of a disabled user', async () => {
    const client = await edge.signIn('viewer', { username: 'temp-viewer' })
    const id = edge.context.auth.users.findByUsername('temp-viewer')!._id
    expect((await edge.api.patch(`/api/users/${id}`, { disabled: true })).status).toBe(200)
    expect((await client.get('/api/companies')).status).toBe(401)
  })

  it('ends sessions when an admin sets a new password', async () => {
    const client = await edge.signIn('manager', { username: 'reset-manager' })
    const id = edge.context.auth.users.findByUsername('reset-manager')!._id

    expect((await edge.api.patch(`/api/users/${id}`, { password: 'a fresh passphrase for reset' })).status).toBe(200)

    expect((await client.get('/api/auth/session')).status).toBe(401)
  })

  it('keeps a deleted user name from reuse', async () => {
    const client = await edge.signIn('viewer', { username: 'reused-name' })
    const id = edge.context.auth.users.findByUsername('reused-name')!._id
    expect((await edge.api.delete(`/api/users/${id}`)).status).toBe(204)

    const again = await edge.api.post('/api/users', { username: 'reused-name', password: 'another passphrase for reuse', role: 'manager' })

    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('username_retired')
    expect(again.body.error.message).toContain("'reused-name' belonged to a deleted account")
    expect((await client.get('/api/auth/session')).status).toBe(401)
    expect((await edge.api.get('/api/users')).body.items.map((user: { username: string }) => user.username)).not.toContain('reused-name')
  })

  it('lets a user with a 64-letter name own records', async () => {
    const username = `a${'b'.repeat(63)}`
    const client = await edge.signIn('agent', { username, recordScope: 'own' })
    const contact = await client.post('/api/contacts', { firstName: 'Long', lastName: 'Name' })
    expect(contact.status).toBe(201)
    expect(contact.body.ownerId).toBe(`user:${username}`)
  })

  it('keeps the last admin', async () => {
    const response = await edge.api.patch('/api/users/user:admin', { role: 'viewer' })
    expect(response.status).toBe(409)
    expect(response.body.error.code).toBe('last_admin')
  })

  it('rejects a change of user name', async () => {
    await edge.signIn('agent', { username: 'fixed-name' })
    const id = edge.context.auth.users.findByUsername('fixed-name')!._id

    const response = await edge.api.patch(`/api/users/${id}`, { username: 'new-name', displayName: 'Fixed' })

    expect(response.status).toBe(422)
    expect(response.body.error.message).toContain("'username' cannot be changed")
    expect(edge.context.auth.users.findByUsername('fixed-name')?.displayName).not.toBe('Fixed')
  })

  it('rejects a weak password', async () => {
    const response = await edge.api.post('/api/users', { username: 'weak', password: 'short', role: 'agent' })
    expect(response.status).toBe(422)
    expect(response.body.error.message).toContain('at least 12')
  })

  it('sends a code for an invalid user name', async () => {
    const response = await edge.api.post('/api/users', { username: 'Ada Lovelace', password: 'correct horse battery', role: 'agent' })

    expect(response.status).toBe(422)
    expect(response.body.error.details).toEqual([
      {
        field: 'username',
        code: 'invalid_username',
        message: expect.stringContaining("'Ada Lovelace' is invalid"),
        params: { reason: 'invalid', value: 'Ada Lovelace' },
      },
    ])
  })

  it('sends a code for an unknown role', async () => {
    const response = await edge.api.post('/api/users', { username: 'ada', password: 'correct horse battery', role: 'owner' })

    expect(response.body.error.details).toEqual([
      { field: 'role', code: 'invalid_role', message: expect.stringContaining("'owner'"), params: { value: 'owner' } },
    ])
  })
})

describe('edge login lockout', () => {
  let edge: TestEdge

  beforeAll(async () => {
    edge = await startTestEdge()
    await edge.signIn('agent', { username: 'locked-agent' })
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('locks an account after five wrong passwords', async () => {
    const client = edge.anonymous()
    const statuses: number[] = []
    for (let attempt = 0; attempt < 5; attempt++) {
      statuses.push((await client.post('/api/auth/login', { username: 'locked-agent', password: 'wrong password here' })).status)
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401])

    const correct = await client.post('/api/auth/login', { username: 'locked-agent', password: 'tests only passphrase 42' })
    expect(correct.status).toBe(429)
    expect(correct.body.error.code).toBe('too_many_attempts')
    expect(correct.body.error.params.reason).toBe('account')
    expect(correct.body.error.message).toContain('ask an admin to unlock the account')
    expect(Number(correct.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('records failed and locked sign-ins in the audit log', async () => {
    const failed = await edge.api.get('/api/audit?action=login_failed&user=locked-agent')
    expect(failed.body.total).toBe(4)
    const locked = await edge.api.get('/api/audit?action=login_locked&user=locked-agent')
    expect(locked.body.total).toBe(2)
  })

  it('lists the account as locked', async () => {
    const list = await edge.api.get('/api/users')
    const user = list.body.items.find((item: { username: string }) => item.username === 'locked-agent')
    expect(user.locked).toBe(true)
  })

  it('lets an admin unlock the account', async () => {
    expect((await edge.api.post('/api/users/user:locked-agent/unlock')).status).toBe(200)
    const retry = await edge.anonymous().post('/api/auth/login', { username: 'locked-agent', password: 'tests only passphrase 42' })
    expect(retry.status).toBe(200)
    const list = await edge.api.get('/api/users')
    expect(list.body.items.find((item: { username: string }) => item.username === 'locked-agent').locked).toBe(false)
  })
})
