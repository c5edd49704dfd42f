import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge } from '../testing/test-edge'
import { importFile, sampleCustomersCsv, uploadFile, waitForBatch } from './testing/import-client'

describe('import API', () => {
  let edge: TestEdge

  beforeAll(async () => {
    edge = await startTestEdge()
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('previews the sample customers', async () => {
    const uploaded = await uploadFile(edge.api, sampleCustomersCsv(5))
    expect(uploaded.status).toBe(201)
    expect(uploaded.body.file.format).toBe('csv')
    expect(uploaded.body.file.encoding).toBe('utf-8')

    const preview = await edge.api.post(`/api/imports/${uploaded.body.batchId}/preview`, {})

    expect(preview.status).toBe(200)
    expect(preview.body.headers).toHaveLength(12)
    expect(preview.body.sampleRows).toHaveLength(5)
    const byHeader = Object.fromEntries(preview.body.columns.map((column: any) => [column.header, column]))
    expect(byHeader.Email.field).toBe('email')
    expect(byHeader['Subscription Date'].dateFormat).toBe('DD-MM-YYYY')
  })

  it('dry run matches the run', async () => {
    const csv = sampleCustomersCsv(40)
    const uploaded = await uploadFile(edge.api, csv)
    const batchId = uploaded.body.batchId
    const preview = await edge.api.post(`/api/imports/${batchId}/preview`, {})
    const columns = preview.body.columns.map((column: any) => ({ column: column.column, field: column.field, dateFormat: column.dateFormat }))
    const settings = { defaultCountry: 'US' }

    const dry = await edge.api.post(`/api/imports/${batchId}/dry-run`, { columns, settings })
    expect(dry.status).toBe(200)
    expect(dry.body.counts.created + dry.body.counts.failed).toBe(40)
    const listedBefore = await edge.api.get('/api/contacts?limit=1')
    expect(listedBefore.body.total).toBe(0)

    const run = await edge.api.post(`/api/imports/${batchId}/run`, { columns, settings })
    expect(run.status).toBe(202)
    const batch = await waitForBatch(edge.api, batchId)

    expect(batch.status).toBe('done')
    expect(batch.counts).toEqual(dry.body.counts)
    const listed = await edge.api.get('/api/contacts?limit=1')
    expect(listed.body.total).toBe(batch.counts.created)
  })

  it('imports the same file twice without duplicates', async () => {
    const csv = sampleCustomersCsv(40)
    const before = (await edge.api.get('/api/contacts?limit=1')).body.total

    const second = await importFile(edge.api, csv, { settings: { defaultCountry: 'US' } })

    expect(second.preview.earlierBatchId).toBeTruthy()
    expect(second.batch.counts.created).toBe(0)
    expect(second.batch.counts.skipped).toBe(before)
    expect((await edge.api.get('/api/contacts?limit=1')).body.total).toBe(before)
  })

  it('undoes a batch it created', async () => {
    const csv = 'First Name,Email\nUndo,undo.one@example.com\nUndo,undo.two@example.com\n'
    const { batchId, batch } = await importFile(edge.api, csv)
    expect(batch.counts.created).toBe(2)

    const undo = await edge.api.post(`/api/imports/${batchId}/undo`)

    expect(undo.status).toBe(200)
    expect(undo.body.removed).toBe(2)
    const found = await edge.api.get('/api/contacts?filter.email=undo.one@example.com')
    expect(found.body.total).toBe(0)
    expect((await edge.api.get(`/api/imports/${batchId}`)).body.status).toBe('undone')
  })

  it('updates duplicates and undo restores them', async () => {
    const created = await edge.api.post('/api/contacts', { firstName: 'Kept', email: 'update.me@example.com', jobTitle: 'Buyer' })
    expect(created.status).toBe(201)
    const csv = 'Email,Job Title,City\nUPDATE.ME@example.com,Head buyer,Aaronville\n'

    const { batchId, batch } = await importFile(edge.api, csv, { settings: { onDuplicate: 'update' } })

    expect(batch.counts.updated).toBe(1)
    const updated = await edge.api.get(`/api/contacts/${created.body._id}`)
    expect(updated.body.jobTitle).toBe('Head buyer')
    expect(updated.body.city).toBe('Aaronville')

    await edge.api.post(`/api/imports/${batchId}/undo`)

    const restored = await edge.api.get(`/api/contacts/${created.body._id}`)
    expect(restored.body.jobTitle).toBe('Buyer')
    expect(restored.body.city).toBeUndefined()
  })

  it('merges only empty fields', async () => {
    const created = await edge.api.post('/api/contacts', { firstName: 'Merge', email: 'merge.me@example.com', jobTitle: 'Buyer' })
    const csv = 'Email,Job Title,City\nmerge.me@example.com,Head buyer,Aaronville\n'

    await importFile(edge.api, csv, { settings: { onDuplicate: 'merge' } })

    const merged = await edge.api.get(`/api/contacts/${created.body._id}`)
    expect(merged.body.jobTitle).toBe('Buyer')
    expect(merged.body.city).toBe('Aaronville')
  })

  it('reports rejected rows as CSV', async () => {
    const csv = 'First Name,Email\nGood,good.row@example.com\nBad,not-an-email\n'

    const { batchId, batch } = await importFile(edge.api, csv)

    expect(batch.counts.failed).toBe(1)
    const report = await edge.api.get(`/api/imports/${batchId}/rejected`)
    expect(report.status).toBe(200)
    expect(report.headers.get('content-type')).toContain('text/csv')
    const lines = String(report.body).replace(/^\ufeff/, '').trim().split('\r\n')
    expect(lines[0]).toBe('Row,Reason,First Name,Email')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain("row 3, column 'Email'")
    expect(lines[1]).toContain('not-an-email')
  })

  it('dry run names row, column, value and fix', async () => {
    const uploaded = await uploadFile(edge.api, 'Name,Phone\nAnn Lee,555-0100\n')
    const batchId = uploaded.body.batchId
    await edge.api.post(`/api/imports/${batchId}/preview`, {})

    const dry = await edge.api.post(`/api/imports/${batchId}/dry-run`, { columns: [{ column: 0, field: 'fullName' }, { column: 1, field: 'phone' }] })

    expect(dry.body.counts.failed).toBe(1)
    expect(dry.body.problems[0]).toMatchObject({ row: 2, column: 'Phone', value: '555-0100', code: 'invalid_phone' })
    expect(dry.body.problems[0].message).toContain('default country')
    const report = await edge.api.get(`/api/imports/${batchId}/rejected`)
    expect(String(report.body)).toContain('555-0100')
  })

  it('dry run cuts long values', async () => {
    const long = 'x'.repeat(500_000)
    const uploaded = await uploadFile(edge.api, `Name,Email,Company\nAnn Lee,${long},${long}\n`)
    const batchId = uploaded.body.batchId
    await edge.api.post(`/api/imports/${batchId}/preview`, {})

    const dry = await edge.api.post(`/api/imports/${batchId}/dry-run`, {
      columns: [{ column: 0, field: 'fullName' }, { column: 1, field: 'email' }, { column: 2, field: 'companyName' }],
    })

    expect(dry.body.counts.failed).toBe(1)
    const codes = dry.body.problems.map((problem: any) => problem.code)
    expect(codes).toContain('too_long')
    expect(codes).toContain('company_not_found')
    for (const problem of dry.body.problems) {
      expect(problem.value.length).toBeLessThanOrEqual(60)
      expect(problem.message.length).toBeLessThan(300)
      expect(JSON.stringify(problem.params).length).toBeLessThan(300)
    }
  })

  it('links deals to companies by name', async () => {
    const company = await edge.api.post('/api/companies', { name: 'Acme Corporation' })
    const csv = 'opportunity_id,sales_agent,product,account,deal_stage,close_date,close_value\n' +
      'OPP1,Moses Frase,GTX Pro,acme  CORPORATION,Won,01-03-17,"4,514"\n' +
      'OPP2,moses  frase,GTX Basic,Cancity,Lost,02-03-17,0\n'

    const { batch } = await importFile(edge.api, csv, { plural: 'deals', settings: { createMissingCompanies: true }, fields: { close_date: null } })

    expect(batch.counts.created).toBe(2)
    expect(batch.counts.companiesCreated).toBe(1)
    const deals = await edge.api.get('/api/deals?sort=externalId')
    expect(deals.body.items[0].companyId).toBe(company.body._id)
    expect(deals.body.items[0].amount).toBe(4514)
    expect(deals.body.items[0].title).toBe('GTX Pro – acme CORPORATION')
    expect(deals.body.items[1].agent).toBe('Moses Frase')
    const cancity = await edge.api.get('/api/companies?filter.name=Cancity')
    expect(cancity.body.total).toBe(1)
    expect(deals.body.items[1].companyId).toBe(cancity.body.items[0]._id)
  })

  it('rejects unknown company without the option', async () => {
    const csv = 'Title,Stage,Account\nSolo,Won,Nowhere Ltd\n'

    const { batch, batchId } = await importFile(edge.api, csv, { plural: 'deals' })

    expect(batch.counts.failed).toBe(1)
    const report = await edge.api.get(`/api/imports/${batchId}/rejected`)
    expect(String(report.body)).toContain("no company is named 'Nowhere Ltd'")
  })

  it('creates companies only for accepted rows', async () => {
    const csv = 'Name,Email,Company\n' +
      'Ann Lee,not-an-email,Rejected Row Ltd\n' +
      'Bob Ray,bob.ray@example.com,Accepted Row Ltd\n' +
      'Cy Wu,cy.wu@example.com,Accepted Row Ltd\n'
    const uploaded = await uploadFile(edge.api, csv)
    const batchId = uploaded.body.batchId
    await edge.api.post(`/api/imports/${batchId}/preview`, {})
    const body = {
      columns: [{ column: 0, field: 'fullName' }, { column: 1, field: 'email' }, { column: 2, field: 'companyName' }],
      settings: { createMissingCompanies: true },
    }

    const dry = await edge.api.post(`/api/imports/${batchId}/dry-run`, body)
    await edge.api.post(`/api/imports/${batchId}/run`, body)
    const batch = await waitForBatch(edge.api, batchId)

    expect(dry.body.counts).toMatchObject({ created: 2, failed: 1, companiesCreated: 1 })
    expect(batch.counts).toEqual(dry.body.counts)
    const rejected = await edge.api.get('/api/companies?filter.name=Rejected Row Ltd')
    expect(rejected.body.total).toBe(0)
    const accepted = await edge.api.get('/api/companies?filter.name=Accepted Row Ltd')
    expect(accepted.body.total).toBe(1)
  })

  it('creates no company for a skipped duplicate', async () => {
    await importFile(edge.api, 'Name,Email\nDee Fox,dee.fox@example.com\n')
    const csv = 'Name,Email,Company\nDee Fox,dee.fox@example.com,Skipped Row Ltd\n'

    const { batch } = await importFile(edge.api, csv, { settings: { createMissingCompanies: true, onDuplicate: 'skip' } })

    expect(batch.counts).toMatchObject({ skipped: 1, companiesCreated: 0 })
    const skipped = await edge.api.get('/api/companies?filter.name=Skipped Row Ltd')
    expect(skipped.body.total).toBe(0)
  })

  it('imports activities', async () => {
    const csv = 'Type,Subject,Due Date,Status,Company\nCall,Renewal call,2024-03-31 14:00,open,Acme Corporation\nMeeting,Kick-off,2024-04-02,done,\n'

    const { batch } = await importFile(edge.api, csv, { plural: 'activities' })

    expect(batch.counts).toMatchObject({ created: 2, failed: 0 })
    const activities = await edge.api.get('/api/activities?sort=dueAt')
    expect(activities.body.items[0]).toMatchObject({ kind: 'call', subject: 'Renewal call', dueAt: '2024-03-31T14:00:00.000Z', status: 'open' })
    expect(activities.body.items[0].companyId).toMatch(/^company:/)
    expect(activities.body.items[1]).toMatchObject({ kind: 'meeting', dueAt: '2024-04-02T00:00:00.000Z' })
  })

  it('saves and applies a mapping', async () => {
    const saved = await edge.api.post('/api/imports/mappings', { name: 'Odd export', type: 'contact', columns: [{ header: 'Col A', field: 'jobTitle' }] })
    expect(saved.status).toBe(201)
    const uploaded = await uploadFile(edge.api, 'Col A,Email\nBuyer,saved.map@example.com\n')

    const preview = await edge.api.post(`/api/imports/${uploaded.body.batchId}/preview`, { mappingId: saved.body.id })

    expect(preview.body.columns[0].field).toBe('jobTitle')
    expect(preview.body.columns[1].field).toBe('email')
    const listed = await edge.api.get('/api/imports/mappings')
    expect(listed.body.items.map((item: any) => item.name)).toContain('Odd export')
  })

  it('requires the import permission', async () => {
    const viewer = await edge.signIn('viewer')

    const response = await uploadFile(viewer, 'Email\na@example.com\n')

    expect(response.status).toBe(403)
  })
})
