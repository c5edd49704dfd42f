import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge } from '../testing/test-edge'
import { importFile } from '../import/testing/import-client'

describe('subject access export', () => {
  let edge: TestEdge
  let contactId: string
  let otherContactId: string
  const linkedIds: Record<string, string> = {}
  let campaignId: string
  let exported: { status: number; body: any; headers: Headers }

  beforeAll(async () => {
    edge = await startTestEdge()
    const contact = await edge.api.post('/api/contacts', { firstName: 'Ines', lastName: 'Duarte', email: 'ines.duarte@example.test', country: 'Portugal' })
    contactId = contact.body._id
    otherContactId = (await edge.api.post('/api/contacts', { firstName: 'Other', country: 'Spain' })).body._id
    linkedIds.call = (await edge.api.post('/api/activities', { kind: 'call', subject: 'First call', contactId })).body._id
    linkedIds.task = (await edge.api.post('/api/activities', { kind: 'task', subject: 'Send the contract', contactId })).body._id
    linkedIds.ticket = (await edge.api.post('/api/tickets', { subject: 'Invoice question', status: 'open', contactId })).body._id
    linkedIds.deal = (await edge.api.post('/api/deals', { title: 'Annual plan', stage: 'Engaging', contactId })).body._id
    linkedIds.unrelated = (await edge.api.post('/api/activities', { kind: 'note', subject: 'Not hers', contactId: otherContactId })).body._id
    await edge.api.patch(`/api/contacts/${contactId}`, { jobTitle: 'Buyer' })
    await edge.context.sync!.history.addLosses(contactId, [{ field: 'email', value: 'old.ines@example.test', stamp: 'stamp-1', source: 'cloud', winningStamp: 'stamp-2' }])

    const segment = await edge.api.post('/api/segments', { name: 'Portugal', entityType: 'contact', conditions: [{ field: 'country', value: 'Portugal' }] })
    const campaign = await edge.api.post('/api/campaigns', { name: 'Renewal', segmentId: segment.body._id, status: 'draft', steps: [] })
    campaignId = campaign.body._id
    expect((await edge.api.post(`/api/campaigns/${campaignId}/launch`, {})).status).toBe(200)

    const csv = 'First Name,Last Name,Email,Job Title\nInes,Duarte,ines.duarte@example.test,Head buyer\nInes,Duarte,not-an-email,Rejected\nOther,Person,also-not-an-email,Rejected\n'
    await importFile(edge.api, csv, { settings: { onDuplicate: 'update', dedupeKeys: [['email']] } })

    exported = await edge.api.get(`/api/contacts/${contactId}/subject-data`)
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('returns the contact record', () => {
    expect(exported.status).toBe(200)
    expect(exported.body.format).toBe('enclave-subject-data')
    expect(exported.body.contact).toMatchObject({ _id: contactId, email: 'ines.duarte@example.test', jobTitle: 'Head buyer' })
  })

  it('names the download file', () => {
    const disposition = exported.headers.get('content-disposition') ?? ''
    expect(disposition).toMatch(/^attachment; filename="subject-data-contact-[0-9A-Z]+-\d{4}-\d{2}-\d{2}\.json"$/)
  })

  it('lists linked records by kind', () => {
    const { linked } = exported.body
    expect(linked.activities.map((record: { _id: string }) => record._id)).toEqual([linkedIds.call])
    expect(linked.tasks.map((record: { _id: string }) => record._id)).toEqual([linkedIds.task])
    expect(linked.tickets.map((record: { _id: string }) => record._id)).toEqual([linkedIds.ticket])
    expect(linked.deals.map((record: { _id: string }) => record._id)).toEqual([linkedIds.deal])
  })

  it('leaves out other contacts’ records', () => {
    expect(JSON.stringify(exported.body)).not.toContain(linkedIds.unrelated)
    expect(JSON.stringify(exported.body)).not.toContain(otherContactId)
  })

  it('includes campaign memberships', () => {
    expect(exported.body.campaignMemberships).toHaveLength(1)
    expect(exported.body.campaignMemberships[0]).toMatchObject({ campaignId, recordId: contactId })
  })

  it('includes record history entries', () => {
    expect(exported.body.recordHistory).toHaveLength(1)
    expect(exported.body.recordHistory[0]).toMatchObject({ recordId: contactId, field: 'email', value: 'old.ines@example.test' })
  })

  it('includes import rows and undo snapshots', () => {
    const { imports } = exported.body
    expect(imports.rejectedRows).toHaveLength(1)
    expect(imports.rejectedRows[0].cells).toContain('not-an-email')
    expect(imports.undoSnapshots).toHaveLength(1)
    expect(imports.undoSnapshots[0]).toMatchObject({ id: contactId, previous: { jobTitle: 'Buyer' }, written: { jobTitle: 'Head buyer' } })
  })

  it('includes audit entries naming the records', () => {
    const actions = exported.body.audit.filter((entry: { recordIds: string[] }) => entry.recordIds.includes(contactId)).map((entry: { action: string }) => entry.action)
    expect(actions).toContain('record.create')
    expect(actions).toContain('record.update')
    const dealEntries = exported.body.audit.filter((entry: { recordIds: string[] }) => entry.recordIds.includes(linkedIds.deal!))
    expect(dealEntries.length).toBeGreaterThan(0)
    expect(exported.body.audit[0]).toHaveProperty('user')
    expect(exported.body.audit[0]).toHaveProperty('time')
    expect(exported.body.audit[0]).not.toHaveProperty('address')
  })

  it('audits the export', async () => {
    const entries = (await edge.api.get(`/api/audit?action=subject.export&recordId=${contactId}`)).body.items
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ user: 'user:admin', detail: { linkedRecords: 4, campaignMemberships: 1, historyEntries: 1, importRows: 2 } })
    expect(JSON.stringify(entries[0])).not.toContain('ines.duarte')
  })

  it('rejects a manager', async () => {
    const manager = await edge.signIn('manager')
    const response = await manager.get(`/api/contacts/${contactId}/subject-data`)
    expect(response.status).toBe(403)
  })

  it('answers 404 for an unknown contact', async () => {
    const response = await edge.api.get('/api/contacts/contact:01J0000000000000000000NONE/subject-data')
    expect(response.status).toBe(404)
    expect(response.body.error.code).toBe('not_found')
  })
})
