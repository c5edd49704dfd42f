import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AllowedFieldSet } from '@enclave/shared'
import { startTestCloud, type TestCloud } from '../../testing/test-cloud'
import { createSiteKey, signSiteToken, type SiteKey } from '../../testing/test-site'

const POLICY: AllowedFieldSet = {
  version: 3,
  entities: { deal: { fields: { stage: 'sync', amount: 'sync' }, cloudWritable: ['stage'], cloudCreatable: false, cloudDeletable: false } },
}

describe('site routes', () => {
  let cloud: TestCloud
  let key: SiteKey

  beforeAll(async () => {
    cloud = await startTestCloud()
    key = await createSiteKey()
  })

  afterAll(async () => {
    await cloud.destroy()
  })

  describe('POST /api/sites', () => {
    it('creates a site with a code', async () => {
      const response = await cloud.api.post('/api/sites', { siteId: 'tromso', name: 'Tromsø clinic' })

      expect(response.status).toBe(201)
      expect(response.body.siteId).toBe('tromso')
      expect(response.body.status).toBe('pending')
      expect(response.body.enrolmentCode).toMatch(/^[A-Za-z0-9_-]{20,}$/)
    })

    it('rejects an existing site id', async () => {
      await cloud.api.post('/api/sites', { siteId: 'twice', name: 'First' })
      const response = await cloud.api.post('/api/sites', { siteId: 'twice', name: 'Second' })

      expect(response.status).toBe(409)
      expect(response.body.error.code).toBe('site_exists')
    })

    it('rejects an invalid site id', async () => {
      const response = await cloud.api.post('/api/sites', { siteId: 'Bad Id!', name: 'x' })

      expect(response.status).toBe(400)
      expect(response.body.error.message).toContain('Bad Id!')
    })

    it('rejects a missing name', async () => {
      const response = await cloud.api.post('/api/sites', { siteId: 'noname' })
      expect(response.status).toBe(400)
      expect(response.body.error.code).toBe('invalid_site_name')
    })
  })

  describe('POST /api/sites/:siteId/enrol', () => {
    it('enrols once with the code', async () => {
      const created = await cloud.api.post('/api/sites', { siteId: 'alta', name: 'Alta' })
      const body = { code: created.body.enrolmentCode, publicJwk: key.publicJwk, kid: key.kid }

      const first = await cloud.api.post('/api/sites/alta/enrol', body)
      const second = await cloud.api.post('/api/sites/alta/enrol', body)

      expect(first.status).toBe(200)
      expect(first.body.status).toBe('enrolled')
      expect(first.body.kid).toBe(key.kid)
      expect(second.status).toBe(403)
      expect(second.body.error.code).toBe('invalid_enrolment_code')
    })

    it('rejects a wrong code', async () => {
      await cloud.api.post('/api/sites', { siteId: 'narvik', name: 'Narvik' })
      const response = await cloud.api.post('/api/sites/narvik/enrol', { code: 'guess', publicJwk: key.publicJwk, kid: key.kid })

      expect(response.status).toBe(403)
      expect((await cloud.api.get('/api/sites/narvik')).body.status).toBe('pending')
    })

    it('rejects a private key', async () => {
      const created = await cloud.api.post('/api/sites', { siteId: 'bodo', name: 'Bodø' })
      const privateJwk = { ...key.publicJwk, d: 'c2VjcmV0' }
      const response = await cloud.api.post('/api/sites/bodo/enrol', { code: created.body.enrolmentCode, publicJwk: privateJwk, kid: key.kid })

      expect(response.status).toBe(400)
      expect(response.body.error.code).toBe('invalid_public_key')
    })

    it('lists sites without codes', async () => {
      const response = await cloud.api.get('/api/sites')
      const alta = response.body.items.find((site: { siteId: string }) => site.siteId === 'alta')

      expect(response.status).toBe(200)
      expect(alta.status).toBe('enrolled')
      expect(JSON.stringify(response.body)).not.toContain('enrolmentCodeHash')
    })
  })

  describe('PUT /api/sites/:siteId/policy', () => {
    beforeAll(async () => {
      const created = await cloud.api.post('/api/sites', { siteId: 'molde', name: 'Molde' })
      await cloud.api.post('/api/sites/molde/enrol', { code: created.body.enrolmentCode, publicJwk: key.publicJwk, kid: key.kid })
    })

    async function publish(policy: unknown) {
      return cloud.api.put('/api/sites/molde/policy', policy, { authorization: `Bearer ${await signSiteToken('molde', key)}` })
    }

    it('publishes a version', async () => {
      const response = await publish(POLICY)
      const read = await cloud.api.get('/api/sites/molde/policy')

      expect(response.status).toBe(200)
      expect(read.body.version).toBe(3)
      expect(read.body.allowed).toEqual(POLICY)
    })

    it('accepts the same version again', async () => {
      const response = await publish(POLICY)
      expect(response.status).toBe(200)
    })

    it('rejects an older version', async () => {
      const response = await publish({ ...POLICY, version: 2 })
      expect(response.status).toBe(409)
      expect(response.body.error.code).toBe('policy_version_outdated')
    })

    it('rejects changed content under one version', async () => {
      const response = await publish({ ...POLICY, entities: {} })
      expect(response.status).toBe(409)
      expect(response.body.error.code).toBe('policy_version_exists')
    })

    it('rejects a request without a token', async () => {
      const response = await cloud.api.put('/api/sites/molde/policy', { ...POLICY, version: 4 })
      expect(response.status).toBe(401)
    })

    it('rejects a local mode', async () => {
      const response = await publish({ version: 9, entities: { deal: { fields: { notes: 'local' }, cloudWritable: [], cloudCreatable: false, cloudDeletable: false } } })
      expect(response.status).toBe(400)
      expect(response.body.error.message).toContain('deal.fields.notes')
    })

    it('rejects a writable field not synced', async () => {
      const response = await publish({ version: 9, entities: { deal: { fields: { amount: 'generalize' }, cloudWritable: ['amount'], cloudCreatable: false, cloudDeletable: false } } })
      expect(response.status).toBe(400)
      expect(response.body.error.message).toContain('amount')
    })
  })
})
