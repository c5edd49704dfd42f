import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestCloud } from '@enclave/cloud/testing/test-cloud'
import type { TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { cloudContents, startEnrolledEdge, startRecordingCloud, waitFor, waitForConvergence } from './harness'

describe('two sites in one cloud', () => {
  let cloud: TestCloud
  let oslo: TestEdge
  let lyon: TestEdge
  let osloDeal: string
  let lyonDeal: string

  beforeAll(async () => {
    ;({ cloud } = await startRecordingCloud())
    oslo = await startEnrolledEdge(cloud, 'oslo')
    lyon = await startEnrolledEdge(cloud, 'lyon')

    const osloCompany = await oslo.api.post('/api/companies', { name: 'Fjord Supplies', country: 'NO' })
    const lyonCompany = await lyon.api.post('/api/companies', { name: 'Rhone Outillage', country: 'FR' })
    osloDeal = (await oslo.api.post('/api/deals', { title: 'Oslo deal', companyId: osloCompany.body._id, stage: 'Prospecting' })).body._id
    lyonDeal = (await lyon.api.post('/api/deals', { title: 'Lyon deal', companyId: lyonCompany.body._id, stage: 'Prospecting' })).body._id
    await waitForConvergence(oslo, cloud, 'oslo')
    await waitForConvergence(lyon, cloud, 'lyon')
  })

  afterAll(async () => {
    await oslo?.destroy()
    await lyon?.destroy()
    await cloud?.destroy()
  })

  it('keeps each site in its own database', async () => {
    const osloDocs = await cloudContents(cloud, 'oslo')
    const lyonDocs = await cloudContents(cloud, 'lyon')

    expect(osloDocs.has(osloDeal)).toBe(true)
    expect(osloDocs.has(lyonDeal)).toBe(false)
    expect(lyonDocs.has(lyonDeal)).toBe(true)
    expect(lyonDocs.has(osloDeal)).toBe(false)
  })

  it('sends a cloud edit only to its site', async () => {
    const patched = await cloud.api.patch(`/api/sites/lyon/deals/${lyonDeal}`, { stage: 'Won' })
    expect(patched.status).toBe(200)

    await waitFor('the edit at lyon', async () => (await lyon.api.get(`/api/deals/${lyonDeal}`)).body.stage === 'Won')
    await waitForConvergence(oslo, cloud, 'oslo')
    const osloOutbox = await oslo.context.databases.outbox.allDocs()

    expect(osloOutbox.rows.map((row) => row.id)).not.toContain(lyonDeal)
    expect((await oslo.api.get(`/api/deals/${lyonDeal}`)).status).toBe(404)
  })

  it('rejects a site reaching the other site database', async () => {
    const response = await fetch(`${cloud.url}/sync/lyon/_all_docs`, {
      headers: { authorization: `Bearer ${await signOsloToken()}` },
    })

    expect(response.status).toBe(403)
  })

  async function signOsloToken(): Promise<string> {
    const { signSiteToken } = await import('@enclave/edge-agent/sync/site-token')
    return signSiteToken('oslo', oslo.context.secrets)
  }
})
