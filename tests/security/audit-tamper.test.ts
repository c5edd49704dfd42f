import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge } from '@enclave/edge-agent/testing/test-edge'

describe('audit tamper detection', () => {
  let edge: TestEdge
  let contactId: string

  beforeEach(async () => {
    edge = await startTestEdge()
    const created = await edge.api.post('/api/contacts', { firstName: 'Grace', email: 'grace@example.com' })
    contactId = created.body._id
    for (let i = 0; i < 3; i++) await edge.api.get(`/api/contacts/${contactId}`)
  })

  afterEach(async () => {
    await edge.destroy()
  })

  async function readEntryOf(action: string): Promise<any> {
    const listed = await edge.api.get(`/api/audit?action=${action}&limit=1`)
    return edge.context.databases.audit.get(listed.body.items[0]._id)
  }

  it('reports an intact chain', async () => {
    const verification = await edge.api.get('/api/audit/verify')
    expect(verification.body.ok).toBe(true)
    expect(verification.body.checked).toBeGreaterThanOrEqual(5)
  })

  it('detects an edited entry', async () => {
    const entry = await readEntryOf('record.read')
    await edge.context.databases.audit.put({ ...entry, user: 'user:someone-else' })

    const verification = await edge.api.get('/api/audit/verify')
    expect(verification.body.ok).toBe(false)
    expect(verification.body.brokenLink.seq).toBe(entry.seq)
    expect(verification.body.brokenLink.reason).toBe('hash_mismatch')
  })

  it('detects a deleted entry', async () => {
    const entry = await readEntryOf('record.create')
    await edge.context.databases.audit.remove(entry)

    const verification = await edge.api.get('/api/audit/verify')
    expect(verification.body.ok).toBe(false)
    expect(verification.body.brokenLink.seq).toBe(entry.seq)
    expect(verification.body.brokenLink.reason).toBe('missing_entry')
  })

  it('shows the break in the regulator export', async () => {
    const entry = await readEntryOf('record.read')
    await edge.context.databases.audit.put({ ...entry, fields: [] })

    const exported = await edge.api.get('/api/audit/export?format=json')
    expect(exported.body.verification.ok).toBe(false)
    expect(exported.body.verification.brokenLink.seq).toBe(entry.seq)
  })
})
