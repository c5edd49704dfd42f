import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge } from '../testing/test-edge'
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
