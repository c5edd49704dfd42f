import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiClient } from '../testing/api-client'
import { startTestEdge, type TestEdge } from '../testing/test-edge'
import { prepareBatch, uploadFile, waitForBatch } from './testing/import-client'

const FILE_NAME = 'Lovelace family contacts.csv'
const CSV = [
  'First Name,Last Name,Email,Country',
  'Ada,Lovelace,ada@example.com,Norway',
  'Grace,Hopper,grace@example.com,Norway',
  'Alan,Turing,not an address,Norway',
  '',
].join('\n')

describe('import audit entries', () => {
  let edge: TestEdge
  let manager: ApiClient
  let batchId: string
  let mappedFields: string[]

  beforeAll(async () => {
    edge = await startTestEdge()
    manager = await edge.signIn('manager')

    const uploaded = await uploadFile(manager, CSV, 'contacts', FILE_NAME)
    batchId = uploaded.body.batchId
    const preview = await manager.post(`/api/imports/${batchId}/preview`, {})
    const columns = preview.body.columns.map((column: { column: number; field: string | null }) => ({ column: column.column, field: column.field }))
    mappedFields = columns.flatMap((column: { field: string | null }) => (column.field ? [column.field] : [])).sort()
    await manager.post(`/api/imports/${batchId}/run`, { columns, settings: {} })
    await waitForBatch(manager, batchId)
  })

  afterAll(async () => {
    await edge.destroy()
  })

  it('records the upload without the file name', async () => {
    const entries = (await edge.api.get('/api/audit?action=import.upload')).body

    expect(entries.total).toBe(1)
    expect(entries.items[0].user).toBe('user:test-manager')
    expect(entries.items[0].detail).toEqual({ batchId, type: 'contact', bytes: new TextEncoder().encode(CSV).length })
    expect(JSON.stringify(entries.items[0])).not.toContain('Lovelace')
  })

  it('records the run with fields and counts', async () => {
    const entries = (await edge.api.get('/api/audit?action=import.run')).body

    expect(entries.total).toBe(1)
    const entry = entries.items[0]
    expect(entry.user).toBe('user:test-manager')
    expect(entry.address).toBe('127.0.0.1')
    expect(entry.fields).toEqual(mappedFields)
    expect(entry.fields).toContain('email')
    expect(entry.detail).toMatchObject({ batchId, type: 'contact', status: 'done', created: 2, updated: 0, skipped: 0, failed: 1 })
  })

  it('records no values of the run', async () => {
    const entries = (await edge.api.get('/api/audit?action=import.run')).body
    expect(entries.total).toBe(1)
    const text = JSON.stringify(entries.items[0])

    for (const value of ['Lovelace', 'ada@example.com', 'Norway', 'not an address']) expect(text).not.toContain(value)
  })

  it('records the rejected rows download', async () => {
    const report = await manager.get(`/api/imports/${batchId}/rejected`)
    expect(report.status).toBe(200)

    const entries = (await edge.api.get('/api/audit?action=import.download_rejected')).body

    expect(entries.total).toBe(1)
    const entry = entries.items[0]
    expect(entry.user).toBe('user:test-manager')
    expect(entry.address).toBe('127.0.0.1')
    expect(entry.detail).toEqual({ batchId, type: 'contact', rows: 1, dryRun: false })
    expect(JSON.stringify(entry)).not.toContain('not an address')
  })

  it('records a dry run download', async () => {
    const { batchId: dryBatchId, body } = await prepareBatch(manager, CSV)
    await manager.post(`/api/imports/${dryBatchId}/dry-run`, body)

    await manager.get(`/api/imports/${dryBatchId}/rejected`)

    const entries = (await edge.api.get('/api/audit?action=import.download_rejected')).body
    expect(entries.total).toBe(2)
    expect(entries.items[0].detail).toEqual({ batchId: dryBatchId, type: 'contact', rows: 1, dryRun: true })
  })

  it('records the undo with what it did', async () => {
    const undone = await manager.post(`/api/imports/${batchId}/undo`)
    expect(undone.status).toBe(200)

    const entries = (await edge.api.get('/api/audit?action=import.undo')).body

    expect(entries.total).toBe(1)
    const entry = entries.items[0]
    expect(entry.user).toBe('user:test-manager')
    expect(entry.fields).toEqual(mappedFields)
    expect(entry.detail).toMatchObject({ batchId, type: 'contact', created: 2, failed: 1, removed: 2, restored: 0, keptNewerEdits: 0 })
  })
})
