import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_POLICY, toAllowedFieldSet } from '@enclave/shared'
import { auditResidency } from '@enclave/cloud/residency/residency-audit'
import { startTestCloud, type TestCloud } from '@enclave/cloud/testing/test-cloud'
import type { StoredDocument } from '@enclave/cloud/storage/types'
import type { TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { signSiteToken } from '@enclave/edge-agent/sync/site-token'
import { startCouchEmulator, type CouchEmulator } from '../support/couchdb-emulator'
import { cloudDoc, siteDatabase, startEnrolledEdge, waitFor, waitForConvergence } from '../sync/harness'

const CANARIES = ['Canary-Title-One', 'Canary-Title-Two', 'Canary-Title-Three', 'Canary-Title-Conflict']

/** Builds a policy draft of the default rules with contact job titles kept on site. */
function jobTitleLocal() {
  const contact = DEFAULT_POLICY.entities.contact!
  return {
    entities: { ...DEFAULT_POLICY.entities, contact: { ...contact, fields: { ...contact.fields, jobTitle: { mode: 'local' } } } },
    baseVersion: 1,
    note: 'job titles stay on site',
  }
}

/**
 * Writes a revision that competes with the cloud's current one, as a second writer replicating
 * into the same database would: same parent, another job title.
 */
async function writeConflict(cloud: TestCloud, siteId: string, id: string): Promise<void> {
  const db = await siteDatabase(cloud, siteId)
  const winner = (await db.get(id, { revs: true })) as StoredDocument
  const history = winner._revisions!
  const { _rev, _revisions, ...body } = winner
  const conflict: StoredDocument = {
    ...body,
    jobTitle: 'Canary-Title-Conflict',
    _rev: `${history.start}-${'f'.repeat(32)}`,
    _revisions: { start: history.start, ids: ['f'.repeat(32), ...history.ids.slice(1)] },
  }
  const [result] = await db.bulkDocs([conflict], { newEdits: false })
  expect(result?.error).toBeUndefined()
}

const BACKENDS: { name: string; start(): Promise<{ cloud: TestCloud; stop(): Promise<void> }> }[] = [
  {
    name: 'embedded',
    async start() {
      const cloud = await startTestCloud()
      return { cloud, stop: () => cloud.destroy() }
    },
  },
  {
    name: 'CouchDB',
    async start() {
      const couch: CouchEmulator = await startCouchEmulator()
      const cloud = await startTestCloud({ couchdbUrl: couch.url })
      return {
        cloud,
        async stop() {
          await cloud.destroy()
          await couch.destroy()
        },
      }
    },
  },
]

for (const backend of BACKENDS) {
  describe(`reclassification to local on the ${backend.name} backend`, () => {
    const site = `reclass-${backend.name.toLowerCase()}`
    let cloud: TestCloud
    let stopCloud: () => Promise<void>
    let edge: TestEdge
    let contactId: string
    let canariesBefore: Set<number>

    beforeAll(async () => {
      ;({ cloud, stop: stopCloud } = await backend.start())
      edge = await startEnrolledEdge(cloud, site)

      const created = await edge.api.post('/api/contacts', { firstName: 'Sigrid', jobTitle: 'Canary-Title-One', country: 'NO' })
      expect(created.status).toBe(201)
      contactId = created.body._id
      await waitForConvergence(edge, cloud, site)
      for (const jobTitle of ['Canary-Title-Two', 'Canary-Title-Three']) {
        expect((await edge.api.patch(`/api/contacts/${contactId}`, { jobTitle })).status).toBe(200)
        await waitForConvergence(edge, cloud, site)
      }
      await writeConflict(cloud, site, contactId)

      const before = await auditResidency(await siteDatabase(cloud, site), site, toAllowedFieldSet(DEFAULT_POLICY), CANARIES)
      canariesBefore = new Set(before.canaryHits.map((hit) => hit.canary))

      const saved = await edge.api.put('/api/policy', jobTitleLocal())
      expect(saved.status).toBe(201)
    })

    afterAll(async () => {
      await edge?.destroy()
      await stopCloud?.()
    })

    it('cloud held every canary before', () => {
      expect(canariesBefore).toEqual(new Set([0, 1, 2, 3]))
    })

    it('edge stores the purge attestation', async () => {
      const view = await waitFor('the purge attestation', async () => {
        const response = await edge.api.get('/api/policy/attestation')
        const done = response.body.attestation?.audit.policyVersion === 2 && response.body.pendingPurge === null
        return done ? response.body : false
      }, 60_000)

      expect(view.attestation.audit.violationCount).toBe(0)
      expect(view.attestation.audit.documentsScanned).toBeGreaterThan(0)
      expect(view.attestation.purge).toBeDefined()
    })

    it('audit finds no canary in any revision', async () => {
      const response = await edge.api.post('/api/policy/attestation', { canaries: CANARIES })

      expect(response.status).toBe(201)
      expect(response.body.attestation.audit.revisionsScanned).toBeGreaterThan(0)
      expect(response.body.attestation.audit.violationCount).toBe(0)
      expect(response.body.attestation.audit.canaryHitCount).toBe(0)
    })

    it('storage holds no canary in any revision', async () => {
      const allowed = (await cloud.context.sites.findPolicy(site))!
      const report = await auditResidency(await siteDatabase(cloud, site), site, allowed, CANARIES)

      expect(allowed.version).toBe(2)
      expect(report.violationCount).toBe(0)
      expect(report.canaryHitCount).toBe(0)
    })

    it('cloud keeps the allowed fields', async () => {
      const doc = await cloudDoc(cloud, site, contactId)

      expect(doc?.country).toBe('NO')
      expect(doc).not.toHaveProperty('jobTitle')
    })

    it('edge keeps the local value', async () => {
      const response = await edge.api.get(`/api/contacts/${contactId}`)

      expect(response.body.jobTitle).toBe('Canary-Title-Three')
    })

    it('gateway rejects the old field', async () => {
      const token = await signSiteToken(site, edge.context.secrets)
      const response = await fetch(`${cloud.url}/sync/${site}/_bulk_docs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ docs: [{ _id: 'contact:01J0000000000000000000000Z', type: 'contact', jobTitle: 'Canary-Title-Late' }] }),
      })
      const body = (await response.json()) as { error: { code: string; details: { field: string }[] } }

      expect(response.status).toBe(403)
      expect(body.error.code).toBe('field_not_allowed')
      expect(body.error.details.map((detail) => detail.field)).toEqual(['jobTitle'])
    })
  })
}
