import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Papa from 'papaparse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClock } from '@enclave/shared'
import { AuditLog } from '../audit/audit-log'
import { RecordStore } from '../records/record-store'
import { closeEdgeDatabases, openEdgeDatabases, type EdgeDatabases } from '../storage/pouch'
import { loadSampleData, type SampleLoadReport } from './sample-data'

const SAMPLE_DIR = path.resolve(import.meta.dirname, '../../../../shared/data')
const CUSTOMERS_FILE = path.join(SAMPLE_DIR, 'customers', 'customers-10000.csv')

describe('loadSampleData', () => {
  let folder: string
  let databases: EdgeDatabases
  let audit: AuditLog
  let store: RecordStore
  let report: SampleLoadReport

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-sample-'))
    databases = openEdgeDatabases(folder)
    store = new RecordStore(databases.records, createClock('site-1'))
    await store.open()
    audit = new AuditLog(databases.audit, databases.meta)
    await audit.open()
    report = await loadSampleData(store, SAMPLE_DIR, { audit })
  })

  afterAll(async () => {
    await closeEdgeDatabases(databases)
    fs.rmSync(folder, { recursive: true, force: true })
  })

  it('loads every deal of the pipeline', () => {
    expect(report.created.deal).toBe(8800)
  })

  it('accounts for every customer row', () => {
    const rows = Papa.parse(fs.readFileSync(CUSTOMERS_FILE, 'utf8'), { header: true, skipEmptyLines: true }).data
    const rejectedCustomers = report.rejected.filter((row) => row.file === CUSTOMERS_FILE).length

    expect(report.created.contact + rejectedCustomers).toBe(rows.length)
  })

  it('reports invalid phone numbers with their line', () => {
    const problem = report.partial.find((row) => row.errors.some((error) => error.includes("'-5361'")))

    expect(problem?.file).toBe(CUSTOMERS_FILE)
    expect(problem?.line).toBe(7)
  })

  it('links deals to companies whatever the spacing', async () => {
    const page = store.list('deal', { limit: 1, offset: 0, filters: [{ field: 'externalId', op: 'eq', value: '1C1I7A6R' }] })
    const deal = page.items[0]
    const company = await store.get('company', String(deal?.companyId))

    expect(company.name).toBe('Cancity')
    expect(deal?.engageDate).toBe('2016-10-20')
  })

  it('reads revenue in millions of dollars', () => {
    const acme = store.list('company', { q: 'Acme Corporation', limit: 5, offset: 0, filters: [] }).items.find((c) => c.name === 'Acme Corporation')

    expect(acme?.revenue).toBe(1_100_040_000)
  })

  it('audits the load as one entry', async () => {
    const { items, total } = await audit.list({ action: 'import.sample' })
    const entry = items[0]

    expect(total).toBe(1)
    expect(entry?.user).toBe('sample-data')
    expect(entry?.recordIds).toEqual([])
    expect(entry?.detail.contact).toBe(report.created.contact)
    expect(entry?.detail.company).toBe(report.created.company)
    expect(entry?.detail.deal).toBe(8800)
    expect(entry?.detail.rejectedRows).toBe(report.rejected.length)
  })

  it('keeps the audit chain valid', async () => {
    const verification = await audit.verify()

    expect(verification.ok).toBe(true)
    expect(verification.checked).toBe(1)
  })
})
