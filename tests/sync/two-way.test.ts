import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_POLICY, type ResidencyPolicy } from '@enclave/shared'
import type { TestCloud } from '@enclave/cloud/testing/test-cloud'
import type { TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { startFaultProxy, type FaultProxy } from './fault-proxy'
import { cloudDoc, siteDatabase, startEnrolledEdge, startRecordingCloud, waitFor, waitForConvergence } from './harness'

const SITE = 'two-way'

describe('two-way sync', () => {
  let cloud: TestCloud
  let proxy: FaultProxy
  let edge: TestEdge
  let companyId: string

  beforeAll(async () => {
    ;({ cloud } = await startRecordingCloud())
    proxy = await startFaultProxy(cloud.url)
    edge = await startEnrolledEdge(cloud, SITE, { cloudUrl: proxy.url })
    const company = await edge.api.post('/api/companies', { name: 'Northwind Fixtures', country: 'NO' })
    companyId = company.body._id
    await waitForConvergence(edge, cloud, SITE)
  })

  afterAll(async () => {
    await edge?.destroy()
    await proxy?.close()
    await cloud?.destroy()
  })

  async function createDeal(fields: Record<string, unknown> = {}): Promise<string> {
    const deal = await edge.api.post('/api/deals', { title: 'Fixture renewal', companyId, stage: 'Prospecting', amount: 1000, ...fields })
    expect(deal.status).toBe(201)
    await waitForConvergence(edge, cloud, SITE)
    return deal.body._id
  }

  async function edgeRecord(plural: string, id: string) {
    return edge.api.get(`/api/${plural}/${id}`)
  }

  it('merges a cloud edit into the edge record', async () => {
    const dealId = await createDeal()

    const patched = await cloud.api.patch(`/api/sites/${SITE}/deals/${dealId}`, { stage: 'Won', amount: 1500 })
    expect(patched.status).toBe(200)
    const record = await waitFor('the cloud stage at the edge', async () => {
      const current = await edgeRecord('deals', dealId)
      return current.body.stage === 'Won' ? current.body : undefined
    })

    expect(record.amount).toBe(1500)
    expect(record.title).toBe('Fixture renewal')
    await waitForConvergence(edge, cloud, SITE)
  })

  it('names the remote user in the audit log', async () => {
    const dealId = await createDeal()
    const manager = await cloud.signIn('manager', { username: 'remote-manager', sites: [SITE] })

    expect((await manager.patch(`/api/sites/${SITE}/deals/${dealId}`, { nextStep: 'call the buyer' })).status).toBe(200)
    await waitFor('the edit at the edge', async () => (await edgeRecord('deals', dealId)).body.nextStep === 'call the buyer')
    await edge.context.audit.flush()
    const audit = await edge.api.get(`/api/audit?action=sync.merge&recordId=${encodeURIComponent(dealId)}`)

    expect(audit.body.items[0].user).toBe('user:remote-manager')
    expect(audit.body.items[0].detail.via).toBe('cloud')
    await waitForConvergence(edge, cloud, SITE)
  })

  it('dates a deal the cloud moves to Won', async () => {
    const dealId = await createDeal()

    await cloud.api.patch(`/api/sites/${SITE}/deals/${dealId}`, { stage: 'Won' })
    const record = await waitFor('the deal won at the edge', async () => {
      const current = await edgeRecord('deals', dealId)
      return current.body.stage === 'Won' ? current.body : undefined
    })
    await waitForConvergence(edge, cloud, SITE)
    const cloudCopy = await cloudDoc(cloud, SITE, dealId)

    expect(record.closeDate).toBe(new Date().toISOString().slice(0, 10))
    expect(cloudCopy?.closeDate).toBe(record.closeDate)
  })

  it('creates an edge record for a cloud-created activity', async () => {
    const created = await cloud.api.post(`/api/sites/${SITE}/activities`, { kind: 'call', subject: 'Call about the fixtures', companyId })
    expect(created.status).toBe(201)

    const record = await waitFor('the activity at the edge', async () => {
      const current = await edgeRecord('activities', created.body._id)
      return current.status === 200 ? current.body : undefined
    })

    expect(record.subject).toBe('Call about the fixtures')
    expect(record.kind).toBe('call')
    await waitForConvergence(edge, cloud, SITE)
  })

  it("keeps a remote agent's ownership of what they create", async () => {
    const agent = await cloud.signIn('agent', { username: 'remote-agent', sites: [SITE] })
    const created = await agent.post(`/api/sites/${SITE}/activities`, { kind: 'call', subject: 'Call from the road', companyId })
    expect(created.status).toBe(201)

    const record = await waitFor('the activity at the edge', async () => {
      const current = await edgeRecord('activities', created.body._id)
      return current.status === 200 ? current.body : undefined
    })
    await waitForConvergence(edge, cloud, SITE)
    const read = await agent.get(`/api/sites/${SITE}/activities/${created.body._id}`)

    await edge.context.audit.flush()
    const audit = await edge.api.get(`/api/audit?action=sync.create&recordId=${encodeURIComponent(created.body._id)}`)

    expect(record.ownerId).toBe('user:remote-agent')
    expect(audit.body.items[0].user).toBe('user:remote-agent')
    expect(read.status).toBe(200)
    expect(read.body.ownerId).toBe('user:remote-agent')
  })

  it('rejects, audits and restores a forbidden cloud edit', async () => {
    const dealId = await createDeal({ product: 'Shelving' })
    const db = await siteDatabase(cloud, SITE)
    const current = (await db.get(dealId))!
    const stamps = { ...(current.stamps as Record<string, string>), companyId: cloud.context.clock.now() }
    await db.put({ ...current, companyId: 'company:01HZZZZZZZZZZZZZZZZZZZZZZZ', stamps })

    const restored = await waitFor('the cloud copy restored', async () => {
      const doc = await cloudDoc(cloud, SITE, dealId)
      return doc?.companyId === companyId && doc._rev !== current._rev ? doc : undefined
    })
    const record = await edgeRecord('deals', dealId)
    await edge.context.audit.flush()
    const audit = await edge.api.get(`/api/audit?action=sync.reject&recordId=${encodeURIComponent(dealId)}`)

    expect(restored.companyId).toBe(companyId)
    expect(record.body.companyId).toBe(companyId)
    expect(JSON.stringify(audit.body)).toContain('companyId')
  })

  it('rejects and removes a document of a type the cloud may not create', async () => {
    const db = await siteDatabase(cloud, SITE)
    const id = 'contact:01HZZZZZZZZZZZZZZZZZZZZZZ1'
    await db.put({ _id: id, type: 'contact', country: 'SE', stamps: { country: cloud.context.clock.now() } })

    await waitFor('the contact removed from the cloud', async () => (await cloudDoc(cloud, SITE, id)) === undefined)
    const record = await edgeRecord('contacts', id)

    expect(record.status).toBe(404)
  })

  it('merges concurrent edits per field and keeps the loser', async () => {
    const dealId = await createDeal({ nextStep: 'send the offer' })

    proxy.goDown()
    await edge.api.patch(`/api/deals/${dealId}`, { amount: 2000, nextStep: 'edge: call the buyer' })
    const cloudEdit = await cloud.api.patch(`/api/sites/${SITE}/deals/${dealId}`, { stage: 'Engaging', nextStep: 'cloud: wait for budget' })
    expect(cloudEdit.status).toBe(200)
    proxy.goUp()
    await waitForConvergence(edge, cloud, SITE)

    const record = (await edgeRecord('deals', dealId)).body
    const cloudCopy = await cloudDoc(cloud, SITE, dealId)
    const history = await edge.api.get(`/api/sync/history/${encodeURIComponent(dealId)}`)
    const lostValues = (history.body.items as { field: string; value: unknown }[]).filter((entry) => entry.field === 'nextStep').map((entry) => entry.value)

    expect(record.amount).toBe(2000)
    expect(record.stage).toBe('Engaging')
    expect(record.nextStep).toBe('cloud: wait for budget')
    expect(cloudCopy?.nextStep).toBe('cloud: wait for budget')
    expect(cloudCopy?.amount).toBe(2000)
    expect(lostValues).toContain('edge: call the buyer')
  })

  it('removes conflict revisions on both sides', async () => {
    const dealId = await createDeal()

    proxy.goDown()
    await edge.api.patch(`/api/deals/${dealId}`, { amount: 3100 })
    const cloudEdit = await cloud.api.patch(`/api/sites/${SITE}/deals/${dealId}`, { stage: 'Lost' })
    expect(cloudEdit.status).toBe(200)
    proxy.goUp()
    await waitForConvergence(edge, cloud, SITE)

    const edgeCopy = (await edge.context.databases.outbox.get(dealId, { conflicts: true })) as { _conflicts?: string[] }
    const cloudCopy = await (await siteDatabase(cloud, SITE)).get(dealId, { conflicts: true })

    expect(edgeCopy._conflicts ?? []).toEqual([])
    expect((cloudCopy?._conflicts as string[] | undefined) ?? []).toEqual([])
    expect(cloudCopy?.amount).toBe(3100)
    expect(cloudCopy?.stage).toBe('Lost')
  })

  it('propagates a deletion at the edge', async () => {
    const dealId = await createDeal()

    await edge.api.delete(`/api/deals/${dealId}`)

    await waitFor('the deal deleted in the cloud', async () => (await cloudDoc(cloud, SITE, dealId)) === undefined)
  })

  it('refuses a cloud deletion the policy does not allow', async () => {
    const dealId = await createDeal({ title: 'Deal the site keeps' })
    await waitForConvergence(edge, cloud, SITE)

    const refused = await cloud.api.delete(`/api/sites/${SITE}/deals/${dealId}`)
    // A tombstone written past the API, as a compromised cloud could, is undone by the site.
    const database = await siteDatabase(cloud, SITE)
    const stored = await database.get(dealId)
    await database.remove(dealId, stored!._rev as string)

    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('type_not_deletable')
    await waitFor('the deal back in the cloud', async () => (await cloudDoc(cloud, SITE, dealId))?.title === 'Deal the site keeps')
    expect((await edgeRecord('deals', dealId)).status).toBe(200)
    const rejected = await edge.api.get(`/api/audit?action=sync.reject&recordId=${encodeURIComponent(dealId)}`)
    expect(rejected.body.items[0].detail.reasons).toContain("the cloud may not delete documents of type 'deal'")
  })

  it('propagates a deletion in the cloud and keeps a snapshot', async () => {
    const dealId = await createDeal({ title: 'Deal the cloud deletes' })
    const current = edge.context.policies.get()
    await edge.context.policies.setCurrent({
      ...current,
      version: current.version + 1,
      entities: { ...current.entities, deal: { ...current.entities.deal!, cloudDeletable: true } },
    })

    // The cloud learns the new policy when the site publishes it.
    await waitFor('the cloud deleting the deal', async () => {
      const deleted = await cloud.api.delete(`/api/sites/${SITE}/deals/${dealId}`)
      return [200, 204].includes(deleted.status) ? deleted : undefined
    })

    await waitFor('the deal deleted at the edge', async () => (await edgeRecord('deals', dealId)).status === 404)
    const history = await edge.api.get(`/api/sync/history/${encodeURIComponent(dealId)}`)

    expect(JSON.stringify(history.body)).toContain('Deal the cloud deletes')
  })

  it('deletes cloud copies whose type became local-only', async () => {
    const contact = await edge.api.post('/api/contacts', { firstName: 'Ines', lastName: 'Arbo', country: 'NO' })
    await waitForConvergence(edge, cloud, SITE)
    expect(await cloudDoc(cloud, SITE, contact.body._id)).toBeDefined()

    const current = edge.context.policies.get()
    const localContacts: ResidencyPolicy = {
      ...current,
      version: current.version + 1,
      entities: { ...current.entities, contact: { ...DEFAULT_POLICY.entities.contact!, localOnly: true } },
    }
    await edge.context.policies.setCurrent(localContacts)

    await waitFor('the contact removed from the cloud', async () => (await cloudDoc(cloud, SITE, contact.body._id)) === undefined)
    expect((await edgeRecord('contacts', contact.body._id)).status).toBe(200)
    await edge.context.policies.setCurrent({ ...current, version: current.version + 2 })
    await waitForConvergence(edge, cloud, SITE)
    expect(await cloudDoc(cloud, SITE, contact.body._id)).toBeDefined()
  })

  it('syncs an offline backlog on reconnect', async () => {
    proxy.goDown()
    const ids: string[] = []
    for (let index = 0; index < 40; index++) {
      const contact = await edge.api.post('/api/contacts', { firstName: `Backlog${index}`, lastName: 'Offline', country: 'NO', jobTitle: `Role ${index}` })
      expect(contact.status).toBe(201)
      ids.push(contact.body._id)
    }
    const offline = await waitFor('the offline status', async () => {
      const status = await edge.api.get('/api/sync/status')
      return status.body.state === 'offline' && status.body.pendingPush > 0 ? status.body : undefined
    })
    const readBack = await edge.api.get(`/api/contacts/${ids[7]}`)

    proxy.goUp()
    await waitForConvergence(edge, cloud, SITE)
    const online = await waitFor('the connected status', async () => {
      const status = await edge.api.get('/api/sync/status')
      return status.body.state === 'connected' && status.body.pendingPush === 0 ? status.body : undefined
    })

    expect(offline.lastError).toBeTruthy()
    expect(readBack.body.firstName).toBe('Backlog7')
    expect(online.lastSuccessAt).toBeTruthy()
    for (const id of ids) expect((await cloudDoc(cloud, SITE, id))?.country).toBe('NO')
  })
})
