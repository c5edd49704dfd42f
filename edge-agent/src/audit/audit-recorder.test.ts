import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_POLICY, type ResidencyPolicy } from '@enclave/shared'
import { startTestEdge, type TestEdge } from '../testing/test-edge'
import { changedPolicyFields } from './audit-recorder'

function withEmailMode(mode: 'local' | 'mask'): ResidencyPolicy {
  const contact = DEFAULT_POLICY.entities.contact!
  return {
    ...DEFAULT_POLICY,
    version: DEFAULT_POLICY.version + 1,
    author: 'user:admin',
    entities: { ...DEFAULT_POLICY.entities, contact: { ...contact, fields: { ...contact.fields, email: { mode } } } },
  }
}

describe('changedPolicyFields', () => {
  it('names changed rules only', () => {
    const before = withEmailMode('mask')
    expect(changedPolicyFields(withEmailMode('local'), before)).toEqual(['contact.email'])
    expect(changedPolicyFields(before, before)).toEqual([])
  })
})

describe('audit recorder', () => {
  let edge: TestEdge

  beforeAll(async () => {
    edge = await startTestEdge()
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('records a policy change with its author', async () => {
    const next = withEmailMode(DEFAULT_POLICY.entities.contact?.fields.email?.mode === 'local' ? 'mask' : 'local')
    await edge.context.policies.setCurrent(next)

    const entries = await edge.api.get('/api/audit?action=policy.change')
    expect(entries.body.total).toBe(1)
    expect(entries.body.items[0].user).toBe('user:admin')
    expect(entries.body.items[0].fields).toEqual(['contact.email'])
  })

  it('records sign-in with the client address', async () => {
    const entries = await edge.api.get('/api/audit?action=setup')
    expect(entries.body.items[0].user).toBe('user:admin')
    expect(entries.body.items[0].address).toBe('127.0.0.1')
  })

  it('records account changes without passwords', async () => {
    await edge.signIn('agent')
    const entries = await edge.api.get('/api/audit?action=user_created')
    expect(entries.body.items[0].recordIds).toEqual(['user:test-agent'])
    expect(JSON.stringify(entries.body)).not.toContain('passphrase')
  })

  it('records contact writes with the client address', async () => {
    const created = await edge.api.post('/api/contacts', { firstName: 'Ada', lastName: 'Lovelace' })
    const id = created.body._id
    await edge.api.patch(`/api/contacts/${id}`, { lastName: 'King' })
    await edge.api.delete(`/api/contacts/${id}`)

    for (const action of ['record.create', 'record.update', 'record.delete']) {
      const entries = await edge.api.get(`/api/audit?action=${action}&recordId=${id}`)
      expect(entries.body.total, action).toBe(1)
      expect(entries.body.items[0].address, action).toBe('127.0.0.1')
    }
  })
})
