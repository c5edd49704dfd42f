import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge } from '../testing/test-edge'
import type { ApiClient } from '../testing/api-client'

describe('record access rules', () => {
  let edge: TestEdge
  let viewer: ApiClient
  let agent: ApiClient
  let otherAgent: ApiClient
  let contactId: string

  beforeAll(async () => {
    edge = await startTestEdge()
    viewer = await edge.signIn('viewer')
    agent = await edge.signIn('agent', { username: 'agent-a' })
    otherAgent = await edge.signIn('agent', { username: 'agent-b' })
    const created = await edge.api.post('/api/contacts', { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', jobTitle: 'Analyst' })
    contactId = created.body._id
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('gives new records their creator as owner', async () => {
    const created = await agent.post('/api/companies', { name: 'Agent Co' })
    expect(created.body.ownerId).toBe('user:agent-a')
  })

  it('hides personal fields from a viewer', async () => {
    const one = await viewer.get(`/api/contacts/${contactId}`)
    expect(one.status).toBe(200)
    expect(one.body.jobTitle).toBe('Analyst')
    expect(one.body.email).toBeUndefined()
    expect(one.body.firstName).toBeUndefined()
    expect(one.body.stamps.email).toBeUndefined()
    expect(JSON.stringify((await viewer.get('/api/contacts')).body)).not.toContain('ada@example.com')
  })

  it('denies a viewer search and filters on personal fields', async () => {
    expect((await viewer.get('/api/contacts?q=ada')).status).toBe(403)
    expect((await viewer.get('/api/contacts?filter.email=ada@example.com')).status).toBe(403)
    expect((await viewer.get('/api/contacts?sort=lastName')).status).toBe(403)
    expect((await viewer.get('/api/contacts?sort=-updatedAt')).status).toBe(200)
  })

  it('denies a viewer groups of a personal field', async () => {
    const grouped = await viewer.get('/api/contacts?groupBy=lastName&limit=0')

    expect(grouped.status).toBe(403)
    expect(grouped.body.error.params).toMatchObject({ reason: 'personal_field', field: 'lastName', key: 'groupBy' })
    expect(JSON.stringify(grouped.body)).not.toContain('Lovelace')
    expect((await viewer.get('/api/contacts?groupBy=jobTitle&limit=0')).status).toBe(200)
  })

  it('denies a viewer writes', async () => {
    expect((await viewer.post('/api/companies', { name: 'X' })).status).toBe(403)
    expect((await viewer.delete(`/api/contacts/${contactId}`)).status).toBe(403)
  })

  it('limits an agent to own records', async () => {
    const mine = await agent.post('/api/contacts', { firstName: 'Mine', email: 'mine@example.com' })
    expect(mine.status).toBe(201)

    const list = await agent.get('/api/contacts')
    expect(list.body.items.map((doc: { _id: string }) => doc._id)).toEqual([mine.body._id])
    expect((await otherAgent.get(`/api/contacts/${mine.body._id}`)).status).toBe(404)
    expect((await otherAgent.patch(`/api/contacts/${mine.body._id}`, { jobTitle: 'Thief' })).status).toBe(404)
    expect((await agent.get(`/api/contacts/${contactId}`)).status).toBe(404)
  })

  it('stops an agent giving records away', async () => {
    const mine = await agent.post('/api/contacts', { firstName: 'Keep' })
    expect((await agent.patch(`/api/contacts/${mine.body._id}`, { ownerId: 'user:agent-b' })).status).toBe(403)
    expect((await agent.post('/api/contacts', { firstName: 'Gift', ownerId: 'user:agent-b' })).status).toBe(403)
  })

  it('hides merge history of another owner record', async () => {
    const mine = await agent.post('/api/contacts', { firstName: 'History' })
    expect((await otherAgent.get(`/api/sync/history/${mine.body._id}`)).status).toBe(404)
    expect((await agent.get(`/api/sync/history/${mine.body._id}`)).status).not.toBe(404)
  })

  it('denies an agent deletes', async () => {
    const mine = await agent.post('/api/contacts', { firstName: 'Stay' })
    expect((await agent.delete(`/api/contacts/${mine.body._id}`)).status).toBe(403)
  })

  it('audits reads of personal fields without values', async () => {
    await edge.api.get(`/api/contacts/${contactId}`)
    await edge.api.get('/api/contacts?q=ada')

    const reads = await edge.api.get(`/api/audit?action=record.read&recordId=${encodeURIComponent(contactId)}`)
    expect(reads.body.total).toBe(1)
    expect(reads.body.items[0].user).toBe('user:admin')
    expect(reads.body.items[0].fields).toEqual(['email', 'firstName', 'lastName'])
    expect(reads.body.items[0].address).toBe('127.0.0.1')

    const pages = await edge.api.get('/api/audit?action=record.list')
    expect(pages.body.items[0].recordIds).toContain(contactId)
    expect(pages.body.items[0].detail.search).toBe(true)
    expect(JSON.stringify(pages.body)).not.toContain('ada@example.com')
  })

  it('does not audit a viewer read that showed no personal fields', async () => {
    const before = (await edge.api.get('/api/audit?action=record.read&user=user:test-viewer')).body.total
    await viewer.get(`/api/contacts/${contactId}`)
    expect((await edge.api.get('/api/audit?action=record.read&user=user:test-viewer')).body.total).toBe(before)
  })

  it('audits writes with field names', async () => {
    await edge.api.patch(`/api/contacts/${contactId}`, { email: 'ada@lovelace.example' })
    const updates = await edge.api.get(`/api/audit?action=record.update&recordId=${encodeURIComponent(contactId)}`)
    expect(updates.body.items[0].fields).toEqual(['email'])
    expect(updates.body.items[0].user).toBe('user:admin')
    expect(JSON.stringify(updates.body)).not.toContain('lovelace.example')
  })

  it('exports the audit log as CSV and JSON', async () => {
    const csv = await edge.api.get('/api/audit/export?format=csv')
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toContain('text/csv')
    expect(csv.body.split('\r\n')[0]).toBe('seq,time,user,action,recordIds,fields,address,detail,prevHash,hash')

    const json = await edge.api.get('/api/audit/export?format=json')
    expect(json.body.verification.ok).toBe(true)
    expect(json.body.entries[0].seq).toBe(1)
    expect((await edge.api.get('/api/audit/verify')).body.ok).toBe(true)
  })

  it('denies the audit log to an agent', async () => {
    expect((await agent.get('/api/audit')).status).toBe(403)
  })
})
