import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_POLICY } from '@enclave/shared'
import { startTestCloud, type TestCloud } from '@enclave/cloud/testing/test-cloud'
import { startTestEdge, type TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { startFaultProxy, type FaultProxy } from '../sync/fault-proxy'
import { cloudDoc, startEnrolledEdge, waitFor, waitForConvergence } from '../sync/harness'

const SITE = 'resume-site'

/** Builds a policy draft of the default rules with contact job titles kept on site. */
function jobTitleLocal() {
  const contact = DEFAULT_POLICY.entities.contact!
  return { entities: { ...DEFAULT_POLICY.entities, contact: { ...contact, fields: { ...contact.fields, jobTitle: { mode: 'local' } } } } }
}

describe('cloud purge while the cloud is down', () => {
  let cloud: TestCloud
  let proxy: FaultProxy
  let edge: TestEdge
  let contactId: string

  beforeAll(async () => {
    cloud = await startTestCloud()
    proxy = await startFaultProxy(cloud.url)
    edge = await startEnrolledEdge(cloud, SITE, { cloudUrl: proxy.url })
    const created = await edge.api.post('/api/contacts', { firstName: 'Odd', jobTitle: 'Canary-Resume', country: 'NO' })
    contactId = created.body._id
    await waitForConvergence(edge, cloud, SITE)
    proxy.goDown()
  })

  afterAll(async () => {
    await edge?.destroy()
    await proxy?.close()
    await cloud?.destroy()
  })

  it('stays pending while the cloud is down', async () => {
    expect((await edge.api.put('/api/policy', jobTitleLocal())).status).toBe(201)
    const response = await edge.api.get('/api/policy/attestation')

    expect(response.body.pendingPurge.policyVersion).toBe(2)
    expect(response.body.attestation).toBeNull()
  })

  it('lets the edge stop while waiting', async () => {
    const dataDir = edge.dataDir
    await edge.close()
    edge = await startTestEdge({ dataDir, siteId: SITE, cloudUrl: proxy.url })

    expect((await edge.api.get('/api/policy/attestation')).body.pendingPurge.policyVersion).toBe(2)
  })

  it('finishes once the cloud is back', async () => {
    proxy.goUp()
    const view = await waitFor('the resumed purge', async () => {
      const response = await edge.api.get('/api/policy/attestation')
      return response.body.pendingPurge === null && response.body.attestation ? response.body : false
    }, 60_000)

    expect(view.attestation.audit.policyVersion).toBe(2)
    expect(view.attestation.audit.violationCount).toBe(0)
    expect(await cloudDoc(cloud, SITE, contactId)).not.toHaveProperty('jobTitle')
  })
})
