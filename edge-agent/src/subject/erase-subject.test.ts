import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge } from '../testing/test-edge'
import { importFile, uploadFile } from '../import/testing/import-client'

describe('contact erasure', () => {
  let edge: TestEdge
  let contactId: string
  let otherId: string
  const linkedIds: Record<string, string> = {}
  let waitingBatchId: string
  let otherBatchId: string
  let erased: { status: number; body: any }

  beforeAll(async () => {
    edge = await startTestEdge()
    contactId = (await edge.api.post('/api/contacts', { firstName: 'Mirela', lastName: 'Vasquez', email: 'mirela.vasquez@example.test', country: 'Chile' })).body._id
    otherId = (await edge.api.post('/api/contacts', { firstName: 'Other', lastName: 'Person', email: 'other.person@example.test', country: 'Chile' })).body._id
    linkedIds.call = (await edge.api.post('/api/activities', { kind: 'call', subject: 'Call Mirela Vasquez', body: 'She asked about prices', contactId })).body._id
    linkedIds.ticket = (await edge.api.post('/api/tickets', { subject: 'Refund for mirela.vasquez@example.test', status: 'open', description: 'Private details', contactId })).body._id
    linkedIds.deal = (await edge.api.post('/api/deals', { title: 'Vasquez renewal', stage: 'Engaging', amount: 1200, contactId })).body._id
    linkedIds.otherCall = (await edge.api.post('/api/activities', { kind: 'call', subject: 'Call Other', contactId: otherId })).body._id
    await edge.context.sync!.history.addLosses(contactId, [{ field: 'email', value: 'old.mirela@example.test', stamp: 's1', source: 'cloud', winningStamp: 's2' }])
    await edge.context.sync!.history.addLosses(otherId, [{ field: 'email', value: 'old.other@example.test', stamp: 's1', source: 'cloud', winningStamp: 's2' }])

    const segment = await edge.api.post('/api/segments', { name: 'Chile', entityType: 'contact', conditions: [{ field: 'country', value: 'Chile' }] })
    const campaign = await edge.api.post('/api/campaigns', { name: 'Chile launch', segmentId: segment.body._id, status: 'draft', steps: [] })
    expect((await edge.api.post(`/api/campaigns/${campaign.body._id}/launch`, {})).status).toBe(200)

    const csv = 'First Name,Last Name,Email\nMirela,Vasquez,not-an-email\nOther,Person,also-not-an-email\n'
    otherBatchId = (await importFile(edge.api, csv)).batchId
    waitingBatchId = (await uploadFile(edge.api, 'Email\nmirela.vasquez@example.test\n')).body.batchId

    erased = await edge.api.post(`/api/contacts/${contactId}/erase`, { reason: 'Erasure request received by post', linked: 'delete' })
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('answers with counts', () => {
    expect(erased.status).toBe(200)
    expect(erased.body).toMatchObject({ contactId, linked: 'delete', linkedDeleted: 2, linkedKept: 1, historyEntries: 1, campaignMemberships: 1, rejectedRows: 1, uploadsDeleted: 1, cloud: 'not_enrolled' })
  })

  it('deletes the contact', async () => {
    expect((await edge.api.get(`/api/contacts/${contactId}`)).status).toBe(404)
  })

  it('deletes linked activities and tickets', async () => {
    expect((await edge.api.get(`/api/activities/${linkedIds.call}`)).status).toBe(404)
    expect((await edge.api.get(`/api/tickets/${linkedIds.ticket}`)).status).toBe(404)
  })

  it('keeps the deal without the person', async () => {
    const deal = (await edge.api.get(`/api/deals/${linkedIds.deal}`)).body
    expect(deal.contactId).toBeUndefined()
    expect(deal.title).toBe('[redacted] renewal')
    expect(deal.amount).toBe(1200)
  })

  it('keeps other people’s data', async () => {
    expect((await edge.api.get(`/api/contacts/${otherId}`)).status).toBe(200)
    expect((await edge.api.get(`/api/activities/${linkedIds.otherCall}`)).body.contactId).toBe(otherId)
    expect(await edge.context.sync!.history.list(otherId)).toHaveLength(1)
  })

  it('deletes record history entries', async () => {
    expect(await edge.context.sync!.history.list(contactId)).toEqual([])
  })

  it('deletes campaign memberships', async () => {
    expect(await edge.context.campaigns!.members.ofRecord(contactId)).toEqual([])
  })

  it('removes the person’s rejected import rows', async () => {
    const report = String((await edge.api.get(`/api/imports/${otherBatchId}/rejected`)).body)
    expect(report).not.toContain('Vasquez')
    expect(report).toContain('also-not-an-email')
  })

  it('deletes a waiting upload that quotes the person', async () => {
    const batch = (await edge.api.get(`/api/imports/${waitingBatchId}`)).body
    expect(batch.status).toBe('deleted')
    const entries = (await edge.api.get('/api/audit?action=import.delete')).body.items
    expect(entries[0].detail).toMatchObject({ batchId: waitingBatchId, reason: 'erasure' })
  })

  it('audits the erasure without personal values', async () => {
    const entries = (await edge.api.get(`/api/audit?action=subject.erase`)).body.items
    expect(entries).toHaveLength(1)
    expect(entries[0].user).toBe('user:admin')
    expect(entries[0].recordIds).toEqual(expect.arrayContaining([contactId, linkedIds.call, linkedIds.ticket, linkedIds.deal]))
    expect(entries[0].detail).toMatchObject({ reason: 'Erasure request received by post', linkedDeleted: 2, historyEntries: 1 })
    expect(JSON.stringify(entries[0])).not.toMatch(/mirela|vasquez/i)
  })

  it('keeps the audit chain intact', async () => {
    expect((await edge.api.get('/api/audit/verify')).body.ok).toBe(true)
  })
})

describe('contact erasure requests', () => {
  let edge: TestEdge
  let contactId: string

  beforeAll(async () => {
    edge = await startTestEdge()
    contactId = (await edge.api.post('/api/contacts', { firstName: 'Kept', email: 'kept@example.test' })).body._id
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('requires a reason', async () => {
    const response = await edge.api.post(`/api/contacts/${contactId}/erase`, { linked: 'keep' })
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('erase_reason_missing')
    expect((await edge.api.get(`/api/contacts/${contactId}`)).status).toBe(200)
  })

  it('rejects an unknown linked choice', async () => {
    const response = await edge.api.post(`/api/contacts/${contactId}/erase`, { reason: 'Request', linked: 'archive' })
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('invalid_linked_choice')
  })

  it('rejects a manager', async () => {
    const manager = await edge.signIn('manager')
    const response = await manager.post(`/api/contacts/${contactId}/erase`, { reason: 'Request' })
    expect(response.status).toBe(403)
    expect((await edge.api.get(`/api/contacts/${contactId}`)).status).toBe(200)
  })

  it('answers 404 for an unknown contact', async () => {
    const response = await edge.api.post('/api/contacts/contact:01J0000000000000000000NONE/erase', { reason: 'Request' })
    expect(response.status).toBe(404)
  })

  it('erases once when asked twice at once', async () => {
    const id = (await edge.api.post('/api/contacts', { firstName: 'Twice', email: 'twice@example.test' })).body._id
    const responses = await Promise.all([1, 2].map(() => edge.api.post(`/api/contacts/${id}/erase`, { reason: 'Request' })))
    expect(responses.map((response) => response.status).sort()).toEqual([200, 404])
  })
})
