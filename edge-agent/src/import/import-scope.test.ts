import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiClient } from '../testing/api-client'
import { startTestEdge, type TestEdge } from '../testing/test-edge'
import { importFile, prepareBatch, uploadFile } from './testing/import-client'

const OWN_MANAGER = 'user:own-manager'

/** Uploads and previews `csv` as `api`, and returns the batch id and the suggested columns. */
async function prepare(api: ApiClient, csv: string) {
  const { batchId, body } = await prepareBatch(api, csv)
  return { batchId, columns: body.columns }
}

describe('import with own record scope', () => {
  let edge: TestEdge
  let ownManager: ApiClient
  let adminContactId: string

  beforeAll(async () => {
    edge = await startTestEdge()
    ownManager = await edge.signIn('manager', { username: 'own-manager', recordScope: 'own' })
    const created = await edge.api.post('/api/contacts', { firstName: 'Gwen', email: 'gwen@example.com', jobTitle: 'Buyer' })
    adminContactId = created.body._id
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('leaves records of other owners alone', async () => {
    const csv = 'Email,Job Title\ngwen@example.com,Overwritten\n'

    const { batch } = await importFile(ownManager, csv, { settings: { onDuplicate: 'update' } })

    expect(batch.counts.updated).toBe(0)
    expect(batch.counts.created).toBe(1)
    const adminContact = await edge.api.get(`/api/contacts/${adminContactId}`)
    expect(adminContact.body.jobTitle).toBe('Buyer')
  })

  it('gives created records the importer as owner', async () => {
    const found = await edge.api.get('/api/contacts?filter.email=gwen@example.com&sort=createdAt')

    expect(found.body.total).toBe(2)
    expect(found.body.items[1].ownerId).toBe(OWN_MANAGER)
    expect(found.body.items[1].jobTitle).toBe('Overwritten')
  })

  it('updates records the importer owns', async () => {
    const own = await ownManager.post('/api/contacts', { firstName: 'Mine', email: 'mine@example.com', jobTitle: 'Buyer' })
    expect(own.status).toBe(201)

    const { batch } = await importFile(ownManager, 'Email,Job Title\nmine@example.com,Head buyer\n', { settings: { onDuplicate: 'update' } })

    expect(batch.counts.updated).toBe(1)
    const updated = await ownManager.get(`/api/contacts/${own.body._id}`)
    expect(updated.body.jobTitle).toBe('Head buyer')
  })

  it('dry run reveals no other owner', async () => {
    const other = await edge.api.post('/api/contacts', { firstName: 'Hidden', email: 'hidden@example.com' })
    expect(other.status).toBe(201)
    const { batchId, columns } = await prepare(ownManager, 'Email,Job Title\nhidden@example.com,Probe\n')

    const dry = await ownManager.post(`/api/imports/${batchId}/dry-run`, { columns, settings: { onDuplicate: 'skip' } })

    expect(dry.status).toBe(200)
    expect(dry.body.counts.created).toBe(1)
    expect(dry.body.counts.skipped).toBe(0)
    expect(dry.body.counts.updated).toBe(0)
  })

  it('links only to companies the importer owns', async () => {
    const theirs = await edge.api.post('/api/companies', { name: 'Hidden Holdings' })
    const mine = await ownManager.post('/api/companies', { name: 'Own Works' })
    const csv = 'Email,Company\nat.hidden@example.com,hidden holdings\nat.own@example.com,Own Works\n'

    const rejecting = await importFile(ownManager, csv)
    const creating = await importFile(ownManager, csv.replaceAll('@', '.again@'), { settings: { createMissingCompanies: true } })

    expect(rejecting.batch.counts).toMatchObject({ created: 1, failed: 1 })
    const report = await ownManager.get(`/api/imports/${rejecting.batchId}/rejected`)
    expect(String(report.body)).toContain("no company is named 'hidden holdings'")
    expect(creating.batch.counts).toMatchObject({ created: 2, companiesCreated: 1 })
    const own = await ownManager.get('/api/contacts?filter.email=at.own.again@example.com')
    expect(own.body.items[0].companyId).toBe(mine.body._id)
    const hidden = await ownManager.get('/api/contacts?filter.email=at.hidden.again@example.com')
    expect(hidden.body.items[0].companyId).not.toBe(theirs.body._id)
  })

  it('rejects a row naming another owner', async () => {
    const csv = 'Email,Owner\ngiven.away@example.com,user:admin\nkept@example.com,user:own-manager\n'

    const { batch, batchId } = await importFile(ownManager, csv, { fields: { Owner: 'ownerId' } })

    expect(batch.counts.failed).toBe(1)
    expect(batch.counts.created).toBe(1)
    const report = await ownManager.get(`/api/imports/${batchId}/rejected`)
    expect(String(report.body)).toContain('you may only import records that you own')
    const givenAway = await edge.api.get('/api/contacts?filter.email=given.away@example.com')
    expect(givenAway.body.total).toBe(0)
  })

  it('names the rejected owner in the problem', async () => {
    const { batchId, columns } = await prepare(ownManager, 'Email,Owner\nprobe.owner@example.com,user:admin\n')
    const mapped = columns.map((column: { column: number; field: string | null }) => (column.column === 1 ? { ...column, field: 'ownerId' } : column))

    const dry = await ownManager.post(`/api/imports/${batchId}/dry-run`, { columns: mapped, settings: {} })

    expect(dry.body.problems[0]).toMatchObject({ row: 2, column: 'Owner', field: 'ownerId', value: 'user:admin', code: 'owner_not_allowed' })
    expect(dry.body.problems[0].params).toEqual({ value: 'user:admin', userId: OWN_MANAGER })
  })
})

describe('import with all record scope', () => {
  let edge: TestEdge
  let manager: ApiClient

  beforeAll(async () => {
    edge = await startTestEdge()
    manager = await edge.signIn('manager')
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('gives created records the importer as owner', async () => {
    await importFile(manager, 'Email\nowned.by.manager@example.com\n')

    const found = await edge.api.get('/api/contacts?filter.email=owned.by.manager@example.com')
    expect(found.body.items[0].ownerId).toBe('user:test-manager')
  })

  it('takes the owner from a mapped column', async () => {
    await importFile(manager, 'Email,Owner\nfor.admin@example.com,user:admin\n', { fields: { Owner: 'ownerId' } })

    const found = await edge.api.get('/api/contacts?filter.email=for.admin@example.com')
    expect(found.body.items[0].ownerId).toBe('user:admin')
  })

  it('gives created companies the importer as owner', async () => {
    await importFile(manager, 'Email,Company\nat.new.company@example.com,Owned Company Ltd\n', { settings: { createMissingCompanies: true } })

    const found = await edge.api.get('/api/companies?filter.name=Owned Company Ltd')
    expect(found.body.items[0].ownerId).toBe('user:test-manager')
  })
})

describe('import batches with own record scope', () => {
  let edge: TestEdge
  let ownManager: ApiClient
  let adminBatchId: string

  beforeAll(async () => {
    edge = await startTestEdge()
    ownManager = await edge.signIn('manager', { username: 'own-manager', recordScope: 'own' })
    const admin = await importFile(edge.api, 'First Name,Email\nSecret,secret@example.com\nBad,not-an-email\n')
    adminBatchId = admin.batchId
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('lists only the batches the user created', async () => {
    const own = await uploadFile(ownManager, 'Email\nlisted@example.com\n')

    const listed = await ownManager.get('/api/imports')

    expect(listed.status).toBe(200)
    expect(listed.body.items.map((item: { batchId: string }) => item.batchId)).toEqual([own.body.batchId])
  })

  it('lists every batch for an all-scope user', async () => {
    const listed = await edge.api.get('/api/imports')

    expect(listed.body.items).toHaveLength(2)
  })

  it('hides another user’s batch', async () => {
    const requests = [
      () => ownManager.get(`/api/imports/${adminBatchId}`),
      () => ownManager.post(`/api/imports/${adminBatchId}/preview`, {}),
      () => ownManager.post(`/api/imports/${adminBatchId}/dry-run`, { columns: [], settings: {} }),
      () => ownManager.post(`/api/imports/${adminBatchId}/run`, { columns: [], settings: {} }),
      () => ownManager.get(`/api/imports/${adminBatchId}/rejected`),
      () => ownManager.post(`/api/imports/${adminBatchId}/undo`),
      () => ownManager.delete(`/api/imports/${adminBatchId}`),
    ]

    for (const request of requests) {
      const response = await request()
      expect(response.status).toBe(404)
      expect(response.body.error.params).toEqual({ resource: 'import_batch', id: adminBatchId })
    }
    expect((await edge.api.get(`/api/imports/${adminBatchId}`)).body.status).toBe('done')
  })

  it('hides another user’s upload in the preview', async () => {
    const uploaded = await uploadFile(edge.api, 'Email\nadmin.upload@example.com\n')

    const preview = await ownManager.post(`/api/imports/${uploaded.body.batchId}/preview`, {})

    expect(preview.status).toBe(404)
    expect(JSON.stringify(preview.body)).not.toContain('admin.upload@example.com')
  })
})
