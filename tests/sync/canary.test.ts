import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SyncRequestRecord } from '@enclave/cloud'
import type { TestCloud } from '@enclave/cloud/testing/test-cloud'
import type { TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { cloudDoc, siteDatabase, startEnrolledEdge, startRecordingCloud, waitFor, waitForConvergence } from './harness'

const SITE = 'canary-site'

/** Unique values in every personal field of a contact; none may ever reach the cloud. */
const CANARY = {
  firstName: 'Quenbrilyx',
  lastName: 'Vastromeque',
  email: 'quenbrilyx.vastromeque@canary-mail.test',
  phone: '+33 6 47 19 83 26',
  phone2: '+44 20 7946 0318',
  street: '17 Rue Zephyrincanary',
  postalCode: '75839',
  city: 'Canaryville-sur-Orne',
  birthDate: '1977-03-14',
  nationalId: 'NID-CANARY-93816254',
  website: 'https://quenbrilyx-canary.test/home',
  notes: 'Canary note: prefers Thursday calls about Xylocanary',
  externalId: 'EXT-CANARY-4471',
}

/** Strings that must not occur: the values, phone digits and the email's local part. */
const FORBIDDEN = [
  ...Object.values(CANARY),
  'quenbrilyx.vastromeque',
  '33647198326',
  '647198326',
  '2079460318',
  'Zephyrincanary',
  'Xylocanary',
]

function findCanaries(text: string): string[] {
  const lower = text.toLowerCase()
  return FORBIDDEN.filter((value) => lower.includes(value.toLowerCase()))
}

function filesUnder(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name)
    return entry.isDirectory() ? filesUnder(full) : [full]
  })
}

describe('projected sync canary', () => {
  let cloud: TestCloud
  let requests: SyncRequestRecord[]
  let edge: TestEdge
  let contactId: string
  let dealId: string

  beforeAll(async () => {
    ;({ cloud, requests } = await startRecordingCloud())
    edge = await startEnrolledEdge(cloud, SITE)

    const contact = await edge.api.post('/api/contacts', { ...CANARY, jobTitle: 'Procurement lead', country: 'FR' })
    expect(contact.status).toBe(201)
    contactId = contact.body._id
    const deal = await edge.api.post('/api/deals', {
      title: `Renewal for Quenbrilyx Vastromeque (quenbrilyx.vastromeque@canary-mail.test)`,
      contactId,
      stage: 'Prospecting',
      amount: 4200,
    })
    expect(deal.status).toBe(201)
    dealId = deal.body._id

    await waitForConvergence(edge, cloud, SITE)
  })

  afterAll(async () => {
    await edge?.destroy()
    await cloud?.destroy()
  })

  it('sends the allowed fields of the contact', async () => {
    const doc = await cloudDoc(cloud, SITE, contactId)

    expect(doc?.country).toBe('FR')
    expect(doc?.jobTitle).toBe('Procurement lead')
  })

  it('keeps canaries out of every cloud document', async () => {
    const page = await (await siteDatabase(cloud, SITE)).allDocs({ includeDocs: true })

    expect(page.rows.length).toBeGreaterThanOrEqual(2)
    expect(findCanaries(JSON.stringify(page.rows))).toEqual([])
  })

  it('keeps canaries out of every revision', async () => {
    const db = await siteDatabase(cloud, SITE)
    const bodies: string[] = []
    for (const id of [contactId, dealId]) {
      const doc = await db.get(id, { revsInfo: true })
      const infos = (doc?._revs_info ?? []) as { rev: string; status: string }[]
      expect(infos.length).toBeGreaterThan(0)
      for (const info of infos) {
        if (info.status === 'available') bodies.push(JSON.stringify(await db.get(id, { rev: info.rev })))
      }
      bodies.push(JSON.stringify(await db.getOpenRevs(id, 'all', { revs: true })))
    }

    expect(findCanaries(bodies.join('\n'))).toEqual([])
  })

  it('keeps canaries out of every gateway request body', () => {
    const pushed = requests.filter((request) => request.body.length > 0)

    expect(pushed.some((request) => request.url.includes('_bulk_docs'))).toBe(true)
    expect(findCanaries(pushed.map((request) => request.body).join('\n'))).toEqual([])
  })

  it('keeps canaries out of the cloud data folder', () => {
    const found = filesUnder(cloud.dataDir).flatMap((file) => findCanaries(fs.readFileSync(file).toString('latin1')))

    expect(found).toEqual([])
  })

  it('redacts the contact from the deal title', async () => {
    const doc = await cloudDoc(cloud, SITE, dealId)

    expect(doc?.title).toMatch(/^Renewal for /)
    expect(findCanaries(String(doc?.title))).toEqual([])
  })

  it('carries a change of a synced field to the cloud', async () => {
    const changed = await edge.api.patch(`/api/contacts/${contactId}`, { jobTitle: 'Head of procurement' })
    expect(changed.status).toBe(200)

    const doc = await waitFor('the new job title in the cloud', async () => {
      const current = await cloudDoc(cloud, SITE, contactId)
      return current?.jobTitle === 'Head of procurement' ? current : undefined
    })

    expect(doc.jobTitle).toBe('Head of procurement')
    expect(findCanaries(JSON.stringify(requests.map((request) => request.body)))).toEqual([])
  })
})
