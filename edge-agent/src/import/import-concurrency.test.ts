import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge } from '../testing/test-edge'
import { batchDocId } from './batch-doc'
import { importServiceOf } from './import-worker'
import { importFile, prepareBatch, sampleCustomersCsv, waitForBatch } from './testing/import-client'

const SETTINGS = { defaultCountry: 'US', createMissingCompanies: true }

describe('concurrent imports', () => {
  let edge: TestEdge

  beforeAll(async () => {
    edge = await startTestEdge()
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('same file twice creates no duplicates', async () => {
    const csv = sampleCustomersCsv(300)
    const first = await prepareBatch(edge.api, csv, SETTINGS)
    const second = await prepareBatch(edge.api, csv, SETTINGS)

    const started = await Promise.all([first, second].map(({ batchId, body }) => edge.api.post(`/api/imports/${batchId}/run`, body)))

    expect(started.map((response) => response.status)).toEqual([202, 202])
    const batches = await Promise.all([first, second].map(({ batchId }) => waitForBatch(edge.api, batchId)))
    expect(batches.map((batch) => batch.status)).toEqual(['done', 'done'])
    const created = batches.map((batch) => batch.counts.created)
    expect(Math.max(...created)).toBeGreaterThan(250)
    expect(Math.min(...created)).toBe(0)
    expect((await edge.api.get('/api/contacts?limit=1')).body.total).toBe(Math.max(...created))
    const companies = batches.map((batch) => batch.counts.companiesCreated)
    expect(Math.min(...companies)).toBe(0)
    expect((await edge.api.get('/api/companies?limit=1')).body.total).toBe(Math.max(...companies))
  })

  it('runs every batch of a queue to the end', async () => {
    const batches = await Promise.all([1, 2, 3].map((n) => prepareBatch(edge.api, `Email\nqueued.${n}@example.com\n`)))

    const started = await Promise.all(batches.map(({ batchId, body }) => edge.api.post(`/api/imports/${batchId}/run`, body)))

    for (const response of started) expect(['running', 'queued']).toContain(response.body.status)
    const finished = await Promise.all(batches.map(({ batchId }) => waitForBatch(edge.api, batchId)))
    expect(finished.map((batch) => batch.status)).toEqual(['done', 'done', 'done'])
    expect(finished.map((batch) => batch.counts.created)).toEqual([1, 1, 1])
  })
})

describe('concurrent undo', () => {
  let edge: TestEdge

  beforeAll(async () => {
    edge = await startTestEdge()
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('rejects a second undo of a batch', async () => {
    const { batchId, batch } = await importFile(edge.api, sampleCustomersCsv(300), { settings: SETTINGS })
    expect(batch.counts.created).toBeGreaterThan(0)

    const responses = await Promise.all([1, 2].map(() => edge.api.post(`/api/imports/${batchId}/undo`)))

    const statuses = responses.map((response) => response.status).sort()
    expect(statuses).toEqual([200, 409])
    const rejected = responses.find((response) => response.status === 409)!
    expect(rejected.body.error.code).toBe('invalid_state')
    expect(rejected.body.error.params.reason).toBe('undoing')
    expect(rejected.body.error.message).toContain('already being undone')
  })

  it('writes one audit entry per undo', async () => {
    const entries = (await edge.api.get('/api/audit?action=import.undo')).body

    expect(entries.total).toBe(1)
  })
})

describe('undo beside runs', () => {
  let edge: TestEdge

  beforeAll(async () => {
    edge = await startTestEdge()
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('rejects an undo while another import runs', async () => {
    const { batchId } = await importFile(edge.api, 'Email\nearlier@example.com\n')
    const running = await prepareBatch(edge.api, sampleCustomersCsv(5_000), SETTINGS)
    expect((await edge.api.post(`/api/imports/${running.batchId}/run`, running.body)).status).toBe(202)

    const undo = await edge.api.post(`/api/imports/${batchId}/undo`)

    expect(undo.status).toBe(409)
    expect(undo.body.error.params.reason).toBe('import_running')
    expect((await waitForBatch(edge.api, running.batchId)).status).toBe('done')
    expect((await edge.api.post(`/api/imports/${batchId}/undo`)).status).toBe(200)
  })

  it('rejects a run while an undo runs', async () => {
    const { batchId } = await importFile(edge.api, sampleCustomersCsv(5_000), { settings: SETTINGS })
    const next = await prepareBatch(edge.api, 'Email\nlater@example.com\n')
    const undoing = edge.api.post(`/api/imports/${batchId}/undo`)
    let status = ''
    while (status !== 'undoing' && status !== 'undone') status = (await edge.api.get(`/api/imports/${batchId}`)).body.status
    // An undo of 5,000 records outlasts a status poll; should it not, this test has nothing to check.
    expect(status).toBe('undoing')

    const run = await edge.api.post(`/api/imports/${next.batchId}/run`, next.body)

    expect(run.status).toBe(409)
    expect(run.body.error.params.reason).toBe('undo_running')
    expect((await undoing).status).toBe(200)
  })

  it('finishes an undo left undoing at start', async () => {
    const { batchId, batch } = await importFile(edge.api, 'Email\nleft.undoing@example.com\n')
    expect(batch.counts.created).toBe(1)
    // As a process stopped in the middle of an undo leaves the batch.
    const stored = await edge.context.databases.meta.get(batchDocId(batchId))
    await edge.context.databases.meta.put({ ...stored, status: 'undoing', undoneBy: 'user:admin' })

    await importServiceOf(edge.context).resumeAll()

    expect((await edge.api.get(`/api/imports/${batchId}`)).body.status).toBe('undone')
    expect((await edge.api.get('/api/contacts?filter.email=left.undoing@example.com')).body.total).toBe(0)
  })
})
