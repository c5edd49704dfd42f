import ExcelJS from 'exceljs'
import Papa from 'papaparse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge } from '../testing/test-edge'
import { importFile, sampleCustomersCsv } from '../import/testing/import-client'

const COMPARED_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'phone2', 'city', 'country', 'website', 'subscribedAt', 'externalId']

function byEmail(items: any[]): Map<string, any> {
  return new Map(items.map((item) => [item.email, item]))
}

describe('export API', () => {
  let edge: TestEdge
  let target: TestEdge

  beforeAll(async () => {
    edge = await startTestEdge()
    target = await startTestEdge()
    await importFile(edge.api, sampleCustomersCsv(30), { settings: { defaultCountry: 'US', createMissingCompanies: true } })
  })

  afterAll(async () => {
    await edge.destroy()
    await target.destroy()
  })

  it('exports a filtered list as CSV', async () => {
    const all = await edge.api.get('/api/contacts?filter.country=Norway&limit=500')

    const response = await edge.api.get('/api/exports/contacts?format=csv&filter.country=Norway')

    expect(response.status).toBe(200)
    expect(response.headers.get('content-disposition')).toContain('contacts-')
    const parsed = Papa.parse<string[]>(String(response.body).replace(/^\ufeff/, '').trim())
    expect(parsed.data[0]).toContain('Email')
    expect(parsed.data).toHaveLength(all.body.total + 1)
  })

  it('escapes formula cells', async () => {
    await edge.api.post('/api/contacts', { firstName: '=HYPERLINK("http://x")', lastName: '@SUM(A1)', jobTitle: '-2+3', email: 'formula@example.com' })

    const response = await edge.api.get('/api/exports/contacts?filter.email=formula@example.com')

    const [, row] = Papa.parse<string[]>(String(response.body).replace(/^\ufeff/, '').trim()).data
    expect(row?.[0]).toBe('\'=HYPERLINK("http://x")')
    expect(row?.[1]).toBe("'@SUM(A1)")
    expect(row).toContain("'-2+3")
  })

  it('writes formula text as plain string cells in XLSX', async () => {
    const response = await fetch(`${edge.url}/api/exports/contacts?format=xlsx&filter.email=formula@example.com`, { headers: { cookie: edge.api.cookieHeader() } })
    const bytes = await response.arrayBuffer()

    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(bytes as never)
    const cell = workbook.getWorksheet('contacts')!.getRow(2).getCell(1)
    expect(cell.value).toBe('=HYPERLINK("http://x")')
    expect(cell.type).toBe(ExcelJS.ValueType.String)
    expect(workbook.getWorksheet('contacts')!.getRow(2).values).toContain('-2+3')
  })

  it('exports XLSX that reads back', async () => {
    const response = await fetch(`${edge.url}/api/exports/contacts?format=xlsx&sort=email`, { headers: { cookie: edge.api.cookieHeader() } })
    expect(response.status).toBe(200)

    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await response.arrayBuffer()) as never)
    const sheet = workbook.getWorksheet('contacts')!
    const total = (await edge.api.get('/api/contacts?limit=1')).body.total
    expect(sheet.rowCount).toBe(total + 1)
    expect(sheet.getRow(1).getCell(1).value).toBe('First name')
  })

  it('round-trips through CSV import', async () => {
    const exported = await edge.api.get('/api/exports/contacts?format=csv')

    const { batch } = await importFile(target.api, String(exported.body), { settings: { createMissingCompanies: true } })

    const source = byEmail((await edge.api.get('/api/contacts?limit=500')).body.items)
    const copied = byEmail((await target.api.get('/api/contacts?limit=500')).body.items)
    expect(batch.counts.failed).toBe(0)
    expect(copied.size).toBe(source.size)
    for (const [email, original] of source) {
      const copy = copied.get(email)
      for (const field of COMPARED_FIELDS) expect([email, field, copy?.[field]]).toEqual([email, field, original[field]])
      const originalCompany = original.companyId ? (await edge.api.get(`/api/companies/${original.companyId}`)).body.name : undefined
      const copyCompany = copy.companyId ? (await target.api.get(`/api/companies/${copy.companyId}`)).body.name : undefined
      expect(copyCompany).toBe(originalCompany)
    }
  })

  it('requires the export permission', async () => {
    const viewer = await edge.signIn('viewer')

    const response = await viewer.get('/api/exports/companies')

    expect(response.status).toBe(403)
  })

  it('exports only own records for own scope', async () => {
    // Agents lack the export permission, so a manager limited to own records runs the export.
    const owner = await edge.signIn('manager', { username: 'own-scope-manager', recordScope: 'own' })
    const mine = await owner.post('/api/contacts', { firstName: 'Owned', lastName: 'Row', email: 'own-scope@example.com' })
    const others = await edge.api.post('/api/contacts', { firstName: 'Other', lastName: 'Owner', email: 'other-owner@example.com' })
    expect(mine.body.ownerId).toBe('user:own-scope-manager')
    expect(others.body.ownerId).toBe('user:admin')

    const response = await owner.get('/api/exports/contacts?format=csv')

    expect(response.status).toBe(200)
    const rows = Papa.parse<string[]>(String(response.body).replace(/^\ufeff/, '').trim()).data
    const emails = rows.slice(1).map((row) => row[rows[0]!.indexOf('Email')])
    expect(emails).toEqual(['own-scope@example.com'])
    expect(emails).not.toContain('other-owner@example.com')
  })

  it('audits personal fields', async () => {
    const manager = await edge.signIn('manager')
    const before = (await edge.api.get('/api/audit?action=record.export')).body.total

    const response = await manager.get('/api/exports/contacts?fields=email,country&filter.country=Norway')

    expect(response.status).toBe(200)
    const after = (await edge.api.get('/api/audit?action=record.export')).body
    expect(after.total).toBe(before + 1)
    expect(after.items[0].fields).toEqual(['email'])
    expect(after.items[0].detail.format).toBe('csv')
  })

  it('audits an export without personal fields', async () => {
    const before = (await edge.api.get('/api/audit?action=record.export')).body.total

    const response = await edge.api.get('/api/exports/contacts?fields=country&format=xlsx')

    expect(response.status).toBe(200)
    const after = (await edge.api.get('/api/audit?action=record.export')).body
    expect(after.total).toBe(before + 1)
    expect(after.items[0].fields).toEqual([])
    expect(after.items[0].detail).toMatchObject({ type: 'contact', format: 'xlsx' })
  })
})
