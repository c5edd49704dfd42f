import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_POLICY, type FieldRule, type ResidencyPolicy } from '@enclave/shared'
import type { RejectionNotice } from '@enclave/shared/merge/rejection-notice'
import type { ApiClient } from '@enclave/shared/testing/api-client'
import type { TestCloud } from '@enclave/cloud/testing/test-cloud'
import type { StoredDocument } from '@enclave/cloud/storage/types'
import type { TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { startFaultProxy, type FaultProxy } from './fault-proxy'
import { cloudDoc, siteDatabase, startEnrolledEdge, startRecordingCloud, waitFor, waitForConvergence } from './harness'

const SITE = 'rejection-notice'
const EDITOR = 'remote-ann'

/** Builds the default policy with the contact's job title under `jobTitleRule`. */
function policyWithJobTitle(version: number, jobTitleRule: FieldRule): ResidencyPolicy {
  const contact = DEFAULT_POLICY.entities.contact!
  return {
    ...DEFAULT_POLICY,
    version,
    entities: { ...DEFAULT_POLICY.entities, contact: { ...contact, fields: { ...contact.fields, jobTitle: jobTitleRule } } },
  }
}

function noticeOf(doc: StoredDocument | undefined): RejectionNotice | undefined {
  return doc?.syncRejection as RejectionNotice | undefined
}

describe('notice of rejected cloud changes', () => {
  let cloud: TestCloud
  let proxy: FaultProxy
  let edge: TestEdge
  let manager: ApiClient

  beforeAll(async () => {
    ;({ cloud } = await startRecordingCloud())
    proxy = await startFaultProxy(cloud.url)
    edge = await startEnrolledEdge(cloud, SITE, { cloudUrl: proxy.url })
    await edge.context.policies.setCurrent(policyWithJobTitle(2, { mode: 'sync', cloudWritable: true }))
    await waitFor('policy version 2 at the cloud', async () => (await cloud.context.sites.findPolicy(SITE))?.version === 2)
    manager = await cloud.signIn('manager', { username: EDITOR, sites: [SITE] })
  }, 60_000)

  afterAll(async () => {
    await edge?.destroy()
    await proxy?.close()
    await cloud?.destroy()
  })

  async function createContact(): Promise<string> {
    const contact = await edge.api.post('/api/contacts', {
      firstName: 'Ragnhild',
      lastName: 'Solheimsvik',
      jobTitle: 'Harbour master',
      website: 'https://site-only-canary.example',
      country: 'NO',
    })
    expect(contact.status).toBe(201)
    await waitForConvergence(edge, cloud, SITE)
    return contact.body._id
  }

  /** Waits for a cloud copy of `id` newer than `rev` that carries a notice, and returns it. */
  async function noticedCopy(id: string, rev: string): Promise<StoredDocument> {
    return waitFor('the cloud copy with a notice', async () => {
      const doc = await cloudDoc(cloud, SITE, id)
      return doc && doc._rev !== rev && noticeOf(doc) ? doc : undefined
    })
  }

  /** Writes a cloud copy of `id` that changes `fields`, stamped and attributed to the editor. */
  async function putCloudChange(id: string, fields: Record<string, unknown>): Promise<StoredDocument> {
    const db = await siteDatabase(cloud, SITE)
    const current = (await db.get(id))!
    const stamps = { ...(current.stamps as Record<string, string>) }
    const editedBy: Record<string, string> = {}
    for (const name of Object.keys(fields)) {
      stamps[name] = cloud.context.clock.now()
      editedBy[name] = `user:${EDITOR}`
    }
    const result = await db.put({ ...current, ...fields, stamps, editedBy })
    return { ...current, _rev: result.rev }
  }

  it('returns an edit to a field made read-only with a notice', async () => {
    const id = await createContact()
    proxy.goDown()
    await edge.context.policies.setCurrent(policyWithJobTitle(3, { mode: 'sync' }))
    const patched = await manager.patch(`/api/sites/${SITE}/contacts/${id}`, { jobTitle: 'Chief canary officer' })
    expect(patched.status).toBe(200)

    proxy.goUp()
    const restored = await noticedCopy(id, patched.body._rev)
    const notice = noticeOf(restored)!
    const record = await edge.api.get(`/api/contacts/${id}`)

    expect(restored.jobTitle).toBe('Harbour master')
    expect(record.body.jobTitle).toBe('Harbour master')
    expect(notice.changes).toEqual([
      { field: 'jobTitle', code: 'not_cloud_writable', reason: 'field is not cloud-writable under the current policy', editor: `user:${EDITOR}` },
    ])
    expect(Number.isNaN(Date.parse(notice.at))).toBe(false)
    expect(JSON.stringify(notice)).not.toContain('canary')
    await waitForConvergence(edge, cloud, SITE)
  })

  it('names no withheld field or value', async () => {
    const id = await createContact()
    const written = await putCloudChange(id, { website: 'https://cloud-canary.example', nationalId: '01017012345', jobTitle: 'Chief canary officer' })

    const restored = await noticedCopy(id, written._rev!)
    const text = JSON.stringify(noticeOf(restored))

    expect(noticeOf(restored)!.changes).toEqual([
      { field: 'jobTitle', code: 'not_cloud_writable', reason: 'field is not cloud-writable under the current policy', editor: `user:${EDITOR}` },
      { code: 'withheld', reason: 'field is kept on site under the current policy', editor: `user:${EDITOR}` },
    ])
    expect(text).not.toContain('canary')
    expect(text).not.toContain('website')
    expect(text).not.toContain('nationalId')
    expect(text).not.toContain('01017012345')
    expect(restored.website).toBeUndefined()
    await waitForConvergence(edge, cloud, SITE)
  })

  it('keeps cloud users from writing the notice', async () => {
    const id = await createContact()
    const notice = { at: new Date().toISOString(), changes: [{ field: 'jobTitle', code: 'not_cloud_writable', reason: 'field is not cloud-writable under the current policy' }] }
    const before = await cloudDoc(cloud, SITE, id)

    const patched = await manager.patch(`/api/sites/${SITE}/contacts/${id}`, { syncRejection: notice })
    const created = await manager.post(`/api/sites/${SITE}/deals`, { title: 'Forged notice', stage: 'Prospecting', syncRejection: notice })
    const after = await cloudDoc(cloud, SITE, id)

    expect(patched.status).toBe(403)
    expect(patched.body.error.code).toBe('field_not_writable')
    expect(created.status).toBe(422)
    expect(created.body.error.details).toContainEqual(expect.objectContaining({ field: 'syncRejection', code: 'unknown_field' }))
    expect(after?._rev).toBe(before?._rev)
    expect(after?.syncRejection).toBeUndefined()
  })

  it('clears the notice on a later accepted cloud edit', async () => {
    const id = await createContact()
    const written = await putCloudChange(id, { jobTitle: 'Chief canary officer' })
    const noticed = await noticedCopy(id, written._rev!)

    const patched = await manager.patch(`/api/sites/${SITE}/contacts/${id}`, { lifecycleStage: 'customer' })
    expect(patched.status).toBe(200)
    const cleared = await waitFor('the notice cleared', async () => {
      const doc = await cloudDoc(cloud, SITE, id)
      return doc && doc._rev !== patched.body._rev && !noticeOf(doc) ? doc : undefined
    })
    const record = await edge.api.get(`/api/contacts/${id}`)

    expect(noticeOf(noticed)).toBeDefined()
    expect(patched.body.syncRejection).toBeDefined()
    expect(cleared.lifecycleStage).toBe('customer')
    expect(record.body.lifecycleStage).toBe('customer')
    await waitForConvergence(edge, cloud, SITE)
  })

  it('clears the notice on a later edge edit', async () => {
    const id = await createContact()
    const written = await putCloudChange(id, { jobTitle: 'Chief canary officer' })
    const noticed = await noticedCopy(id, written._rev!)

    const updated = await edge.api.patch(`/api/contacts/${id}`, { jobTitle: 'Port captain' })
    expect(updated.status).toBe(200)
    const cleared = await waitFor('the notice cleared', async () => {
      const doc = await cloudDoc(cloud, SITE, id)
      return doc?.jobTitle === 'Port captain' ? doc : undefined
    })

    expect(noticeOf(noticed)).toBeDefined()
    expect(noticeOf(cleared)).toBeUndefined()
  })

  it('drops a notice naming a field made local', async () => {
    const contact = await edge.api.post('/api/contacts', { firstName: 'Sigrun', lastName: 'Haugland', country: 'NO' })
    expect(contact.status).toBe(201)
    await waitForConvergence(edge, cloud, SITE)
    const written = await putCloudChange(contact.body._id, { jobTitle: 'Chief canary officer' })
    const noticed = await noticedCopy(contact.body._id, written._rev!)

    await edge.context.policies.setCurrent(policyWithJobTitle(4, { mode: 'local' }))
    const cleared = await waitFor('the notice dropped', async () => {
      const doc = await cloudDoc(cloud, SITE, contact.body._id)
      return doc && !noticeOf(doc) ? doc : undefined
    })

    expect(noticeOf(noticed)?.changes[0]?.field).toBe('jobTitle')
    expect(cleared.jobTitle).toBeUndefined()
    await waitForConvergence(edge, cloud, SITE)
  })
})
