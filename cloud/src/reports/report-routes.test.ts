import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_POLICY, toAllowedFieldSet, type AllowedFieldSet } from '@enclave/shared'
import { siteDatabaseName } from '../storage/types'
import { startTestCloud, type TestCloud } from '../testing/test-cloud'
import { createSiteKey, enrolTestSite } from '../testing/test-site'

const SITE = 'site-reports'
const MASKED_SITE = 'site-masked'

type Series = { name: string; points: { key: string; value: number }[] }

function pointsOf(body: { series: Series[] }, name: string): Record<string, number> {
  const series = body.series.find((item) => item.name === name)
  return Object.fromEntries((series?.points ?? []).map((point) => [point.key, point.value]))
}

const PROJECTED = [
  { _id: 'deal:01JA0000000000000000000001', type: 'deal', stage: 'Won', amount: 1200, agent: 'Ana', closeDate: '2024-02-01', engageDate: '2024-01-05', ownerId: 'user:ana' },
  { _id: 'deal:01JA0000000000000000000002', type: 'deal', stage: 'Lost', amount: 300, agent: 'Bo', closeDate: '2024-02-11', engageDate: '2024-01-06', ownerId: 'user:bo' },
  { _id: 'deal:01JA0000000000000000000003', type: 'deal', stage: 'Engaging', amount: 5000, agent: 'Bo', engageDate: '2024-02-06', ownerId: 'user:bo' },
  { _id: 'ticket:01JA0000000000000000000001', type: 'ticket', status: 'open', priority: 'high', slaDueAt: '2020-01-01T00:00:00.000Z', createdAt: '2024-02-01T00:00:00.000Z' },
  { _id: 'ticket:01JA0000000000000000000002', type: 'ticket', status: 'closed', priority: 'low', createdAt: '2024-02-02T00:00:00.000Z' },
]

describe('cloud report routes', () => {
  let cloud: TestCloud

  beforeAll(async () => {
    cloud = await startTestCloud()
    const allowed = toAllowedFieldSet(DEFAULT_POLICY)
    const masked: AllowedFieldSet = structuredClone(allowed)
    masked.entities.deal!.fields.amount = 'generalize'
    const key = await createSiteKey()
    await enrolTestSite(cloud, { siteId: SITE, publicJwk: key.publicJwk, kid: key.kid, allowed })
    await enrolTestSite(cloud, { siteId: MASKED_SITE, publicJwk: key.publicJwk, kid: key.kid, allowed: masked })

    const db = await cloud.context.storage.database(siteDatabaseName(SITE))
    await db.bulkDocs(PROJECTED)
  })

  afterAll(async () => {
    await cloud.destroy()
  })

  it('computes the pipeline from projected deals', async () => {
    const response = await cloud.api.get(`/api/sites/${SITE}/reports/pipeline`)
    expect(response.status).toBe(200)
    expect(pointsOf(response.body, 'amount')).toEqual({ Prospecting: 0, Engaging: 5000, Won: 1200, Lost: 300 })
  })

  it('computes SLA breaches from projected tickets', async () => {
    const response = await cloud.api.get(`/api/sites/${SITE}/reports/tickets`)
    expect(response.body.totals).toEqual({ tickets: 2, open: 1, slaBreaches: 1 })
  })

  it('applies the same filters as the edge', async () => {
    const response = await cloud.api.get(`/api/sites/${SITE}/reports/win-rate?owner=Bo`)
    expect(response.body.totals).toEqual({ won: 0, lost: 1, winRate: 0 })
  })

  it('lists reports with their availability', async () => {
    const response = await cloud.api.get(`/api/sites/${MASKED_SITE}/reports`)
    const byId = Object.fromEntries(response.body.reports.map((report: { id: string; available: boolean }) => [report.id, report.available]))
    expect(byId.pipeline).toBe(false)
    expect(byId['win-rate']).toBe(true)
    expect(byId.tickets).toBe(true)
  })

  it('names the fields a site keeps', async () => {
    const response = await cloud.api.get(`/api/sites/${MASKED_SITE}/reports/pipeline`)
    expect(response.status).toBe(409)
    expect(response.body.error.code).toBe('report_unavailable')
    expect(response.body.error.details.missing).toEqual(['deal.amount (generalize)'])
  })

  it('returns 404 for an unknown site', async () => {
    const response = await cloud.api.get('/api/sites/site-nowhere/reports/pipeline')
    expect(response.status).toBe(404)
  })

  it('hides a site from a user without a grant', async () => {
    const outsider = await cloud.signIn('viewer', { username: 'outsider', sites: [] })
    const response = await outsider.get(`/api/sites/${SITE}/reports/pipeline`)
    expect(response.status).toBe(404)
    expect(response.body.series).toBeUndefined()
  })
})
