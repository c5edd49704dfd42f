import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AllowedFieldSet } from '@enclave/shared'
import { siteDatabaseName, type DocumentDatabase } from '../../storage/types'
import { startTestCloud, type TestCloud } from '../../testing/test-cloud'
import { createSiteKey, enrolTestSite } from '../../testing/test-site'

const SITE = 'lyon'

const ALLOWED: AllowedFieldSet = {
  version: 1,
  entities: {
    contact: { fields: { country: 'sync', email: 'mask' }, cloudWritable: [], cloudCreatable: false, cloudDeletable: false },
    deal: { fields: { title: 'sync', stage: 'sync', amount: 'sync', currency: 'sync' }, cloudWritable: ['stage', 'amount'], cloudCreatable: true, cloudDeletable: true },
  },
}

const STAMP = '000000001-0000-lyon'

function deal(id: string, title: string, stage: string, amount: number) {
  return {
    _id: `deal:${id}`,
    type: 'deal',
    title,
    stage,
    amount,
    stamps: { title: STAMP, stage: STAMP, amount: STAMP },
    residency: {},
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  }
}

describe('site record routes', () => {
  let cloud: TestCloud
  let siteDb: DocumentDatabase

  beforeAll(async () => {
    cloud = await startTestCloud()
    const key = await createSiteKey()
    await enrolTestSite(cloud, { siteId: SITE, publicJwk: key.publicJwk, kid: key.kid, allowed: ALLOWED })
    siteDb = await cloud.context.storage.database(siteDatabaseName(SITE))
    await siteDb.bulkDocs([
      deal('01A', 'Router upgrade', 'Prospecting', 1200),
      deal('01B', 'Fibre contract', 'Won', 56000),
      deal('01C', 'Support renewal', 'Engaging', 8000),
      { _id: 'contact:01X', type: 'contact', country: 'France', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' },
    ])
  })

  afterAll(async () => {
    await cloud.destroy()
  })

  describe('GET list', () => {
    it('lists one type only', async () => {
      const response = await cloud.api.get(`/api/sites/${SITE}/deals`)

      expect(response.status).toBe(200)
      expect(response.body.total).toBe(3)
      expect(response.body.items.every((item: { type: string }) => item.type === 'deal')).toBe(true)
    })

    it('sorts by amount descending', async () => {
      const response = await cloud.api.get(`/api/sites/${SITE}/deals?sort=-amount`)
      expect(response.body.items.map((item: { _id: string }) => item._id)).toEqual(['deal:01B', 'deal:01C', 'deal:01A'])
    })

    it('filters by stage', async () => {
      const response = await cloud.api.get(`/api/sites/${SITE}/deals?filter.stage=won`)
      expect(response.body.items.map((item: { _id: string }) => item._id)).toEqual(['deal:01B'])
    })

    it('filters with an operator', async () => {
      const response = await cloud.api.get(`/api/sites/${SITE}/deals?filter.amount.gte=8000`)
      expect(response.body.total).toBe(2)
    })

    it('searches text', async () => {
      const response = await cloud.api.get(`/api/sites/${SITE}/deals?q=fibre`)
      expect(response.body.items.map((item: { _id: string }) => item._id)).toEqual(['deal:01B'])
    })

    it('pages with limit and offset', async () => {
      const response = await cloud.api.get(`/api/sites/${SITE}/deals?limit=1&offset=1`)
      expect(response.body.items.map((item: { _id: string }) => item._id)).toEqual(['deal:01B'])
      expect(response.body.total).toBe(3)
    })

    it('groups every matching deal by stage beyond the page', async () => {
      const response = await cloud.api.get(`/api/sites/${SITE}/deals?limit=1&groupBy=stage&sum=amount&filter.amount.gte=5000`)
      expect(response.status).toBe(200)
      expect(response.body.items).toHaveLength(1)
      const groups = [...response.body.groups].sort((a: { value: string }, b: { value: string }) => a.value.localeCompare(b.value))
      expect(groups).toEqual([
        { value: 'Engaging', count: 1, sum: 8000 },
        { value: 'Won', count: 1, sum: 56000 },
      ])
    })

    it('rejects grouping by a field not synced', async () => {
      const response = await cloud.api.get(`/api/sites/${SITE}/deals?groupBy=product`)
      expect(response.status).toBe(400)
      expect(response.body.error.message).toContain('product')
    })

    it('rejects a filter on a field not synced', async () => {
      const response = await cloud.api.get(`/api/sites/${SITE}/deals?filter.notes=x`)
      expect(response.status).toBe(400)
      expect(response.body.error.message).toContain('notes')
    })

    it('rejects a type the site does not sync', async () => {
      const response = await cloud.api.get(`/api/sites/${SITE}/tickets`)
      expect(response.status).toBe(404)
      expect(response.body.error.code).toBe('type_not_synced')
    })
  })

  describe('GET one', () => {
    it('reads a document', async () => {
      const response = await cloud.api.get(`/api/sites/${SITE}/deals/deal:01A`)
      expect(response.status).toBe(200)
      expect(response.body.title).toBe('Router upgrade')
    })

    it('rejects an id of another type', async () => {
      const response = await cloud.api.get(`/api/sites/${SITE}/deals/contact:01X`)
      expect(response.status).toBe(404)
    })
  })

  describe('PATCH', () => {
    it('changes a writable field with a cloud stamp', async () => {
      const response = await cloud.api.patch(`/api/sites/${SITE}/deals/deal:01C`, { stage: 'Won' })
      const stored = await siteDb.get('deal:01C')

      expect(response.status).toBe(200)
      expect(stored?.stage).toBe('Won')
      expect((stored?.stamps as Record<string, string>).stage).toMatch(/-cloud$/)
      expect((stored?.stamps as Record<string, string>).title).toBe(STAMP)
      expect(stored?.updatedAt).not.toBe('2026-01-01T00:00:00.000Z')
    })

    it('writes nothing for a patch that changes nothing', async () => {
      const before = await siteDb.get('deal:01A')

      const empty = await cloud.api.patch(`/api/sites/${SITE}/deals/deal:01A`, {})
      const same = await cloud.api.patch(`/api/sites/${SITE}/deals/deal:01A`, { stage: before?.stage })

      expect(empty.status).toBe(200)
      expect(same.status).toBe(200)
      expect((await siteDb.get('deal:01A'))?._rev).toBe(before?._rev)
    })

    it('rejects a field not writable', async () => {
      const response = await cloud.api.patch(`/api/sites/${SITE}/deals/deal:01A`, { title: 'New title', stage: 'Won' })

      expect(response.status).toBe(403)
      expect(response.body.error.code).toBe('field_not_writable')
      expect(response.body.error.message).toContain('title')
      expect((await siteDb.get('deal:01A'))?.stage).toBe('Prospecting')
    })

    it('rejects an invalid value', async () => {
      const response = await cloud.api.patch(`/api/sites/${SITE}/deals/deal:01A`, { stage: 'Dreaming' })
      expect(response.status).toBe(422)
    })

    it('rejects a stale revision', async () => {
      const response = await cloud.api.patch(`/api/sites/${SITE}/deals/deal:01A`, { amount: 1 }, { 'if-match': '"1-stale"' })
      expect(response.status).toBe(409)
      expect((await siteDb.get('deal:01A'))?.amount).toBe(1200)
    })
  })

  describe('POST', () => {
    it('creates a deal', async () => {
      const response = await cloud.api.post(`/api/sites/${SITE}/deals`, { title: 'Cloud deal', stage: 'Engaging', amount: 300 })

      expect(response.status).toBe(201)
      expect(response.body._id).toMatch(/^deal:[0-9A-Z]{26}$/)
      expect((await siteDb.get(response.body._id))?.title).toBe('Cloud deal')
    })

    it('stores a currency code in upper case', async () => {
      const response = await cloud.api.post(`/api/sites/${SITE}/deals`, { title: 'Euro deal', stage: 'Engaging', currency: 'eur' })

      expect(response.status).toBe(201)
      expect((await siteDb.get(response.body._id))?.currency).toBe('EUR')
    })

    it('rejects a currency sign', async () => {
      const response = await cloud.api.post(`/api/sites/${SITE}/deals`, { title: 'Dollar deal', stage: 'Engaging', currency: '$' })

      expect(response.status).toBe(422)
      expect(response.body.error.details[0].code).toBe('invalid_currency')
      expect(response.body.error.details[0].message).toContain("'$' is not a currency code")
    })

    it('rejects a type not creatable', async () => {
      const response = await cloud.api.post(`/api/sites/${SITE}/contacts`, { country: 'France' })
      expect(response.status).toBe(403)
      expect(response.body.error.code).toBe('type_not_creatable')
    })

    it('rejects a field not synced', async () => {
      const response = await cloud.api.post(`/api/sites/${SITE}/deals`, { title: 'x', stage: 'Won', notes: 'secret' })
      expect(response.status).toBe(403)
      expect(response.body.error.message).toContain('notes')
    })
  })

  describe('DELETE', () => {
    it('deletes a deal', async () => {
      const response = await cloud.api.delete(`/api/sites/${SITE}/deals/deal:01B`)
      expect(response.status).toBe(204)
      expect(await siteDb.get('deal:01B')).toBeUndefined()
    })

    it('rejects a type not creatable', async () => {
      const response = await cloud.api.delete(`/api/sites/${SITE}/contacts/contact:01X`)
      expect(response.status).toBe(403)
      expect(await siteDb.get('contact:01X')).toBeDefined()
    })
  })

  describe('GET list after changes', () => {
    it('shows changes made since the last list', async () => {
      const won = await cloud.api.get(`/api/sites/${SITE}/deals?filter.stage=won`)
      const created = await cloud.api.get(`/api/sites/${SITE}/deals?q=cloud deal`)

      expect(won.body.items.map((item: { _id: string }) => item._id)).toEqual(['deal:01C'])
      expect(created.body.total).toBe(1)
    })

    it('shows documents pushed by the site', async () => {
      await siteDb.put(deal('01D', 'Pushed later', 'Won', 10))
      const response = await cloud.api.get(`/api/sites/${SITE}/deals?filter.stage=won&sort=_id`)
      expect(response.body.items.map((item: { _id: string }) => item._id)).toEqual(['deal:01C', 'deal:01D'])
    })
  })

  describe('DELETE site', () => {
    it('removes the site and its records', async () => {
      const revoked = await cloud.api.post(`/api/sites/${SITE}/revoke`)
      const deleted = await cloud.api.delete(`/api/sites/${SITE}`)
      const read = await cloud.api.get(`/api/sites/${SITE}/deals`)

      expect(revoked.status).toBe(200)
      expect(deleted.status).toBe(204)
      expect(read.status).toBe(404)
    })
  })
})
