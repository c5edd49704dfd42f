import fs from 'node:fs'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_POLICY } from '@enclave/shared'
import { startTestCloud, type TestCloud } from '@enclave/cloud/testing/test-cloud'
import type { TestEdge } from '@enclave/edge-agent/testing/test-edge'
import { importFile } from '@enclave/edge-agent/import/testing/import-client'
import { cloudDoc, startEnrolledEdge, waitFor, waitForConvergence } from '../sync/harness'

const SITE = 'erasure-site'

/** Builds a policy of the default rules with contact emails and phones synced unmasked, so the cloud stores them. */
function emailAndPhoneSynced() {
  const contact = DEFAULT_POLICY.entities.contact!
  return { entities: { ...DEFAULT_POLICY.entities, contact: { ...contact, fields: { ...contact.fields, email: { mode: 'sync' }, phone: { mode: 'sync' } } } } }
}

/** Lists every file below `folder`, at any depth. */
function filesBelow(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name)
    return entry.isDirectory() ? filesBelow(full) : entry.isFile() ? [full] : []
  })
}

/**
 * Returns `file: value` for every file below `folder` that contains one of `values` as UTF-8
 * or UTF-16LE bytes. LevelDB compresses table files with Snappy, which can split a value that
 * repeats within a block, so the values include a short random token that occurs once per value.
 */
function findBytes(folder: string, values: readonly string[]): string[] {
  const needles = values.flatMap((value) => [Buffer.from(value, 'utf8'), Buffer.from(value, 'utf16le')].map((bytes) => ({ value, bytes })))
  return filesBelow(folder).flatMap((file) => {
    const content = fs.readFileSync(file)
    return needles.filter((needle) => content.includes(needle.bytes)).map((needle) => `${path.relative(folder, file)}: ${needle.value}`)
  })
}

describe('erasure leaves no bytes behind', () => {
  let cloud: TestCloud
  let edge: TestEdge
  const token = `zq${randomBytes(6).toString('hex')}`
  const email = `erase.${token}@example.test`
  const phoneDigits = `447700900${String(randomBytes(2).readUInt16BE() % 1000).padStart(3, '0')}`
  let values: string[]
  let contactId: string
  let activityId: string
  let erased: { status: number; body: any }

  beforeAll(async () => {
    cloud = await startTestCloud()
    edge = await startEnrolledEdge(cloud, SITE)
    expect((await edge.api.put('/api/policy', emailAndPhoneSynced())).status).toBe(201)

    const created = await edge.api.post('/api/contacts', { firstName: 'Zofia', lastName: `Kowalczyk${token}`, email, phone: `+${phoneDigits}`, country: 'United Kingdom' })
    expect(created.status).toBe(201)
    contactId = created.body._id
    const activity = await edge.api.post('/api/activities', { kind: 'call', subject: `Call Zofia Kowalczyk${token} at ${email}`, body: `Asked about ${token}`, contactId })
    activityId = activity.body._id
    for (const step of [1, 2, 3]) {
      expect((await edge.api.patch(`/api/contacts/${contactId}`, { jobTitle: `Buyer ${token} ${step}` })).status).toBe(200)
    }
    const csv = `First Name,Last Name,Email,Phone,Job Title\nZofia,Kowalczyk${token},${email},+${phoneDigits},Imported ${token}\nZofia,Kowalczyk${token},not-an-email,+${phoneDigits},Rejected ${token}\n`
    const imported = await importFile(edge.api, csv, { settings: { onDuplicate: 'update', dedupeKeys: [['email']] } })
    expect(imported.batch.counts.updated).toBe(1)
    expect(imported.batch.counts.failed).toBe(1)

    // A value lost to a merge, as the record history keeps it.
    await edge.context.sync!.history.addLosses(contactId, [{ field: 'phone', value: `+${phoneDigits}`, stamp: 'stamp-1', source: 'cloud', winningStamp: 'stamp-2' }])

    const stored = await edge.api.get(`/api/contacts/${contactId}`)
    values = [email, token, stored.body.phone, phoneDigits]
    await waitFor('the contact in the cloud', async () => (await cloudDoc(cloud, SITE, contactId))?.email === email)
    await waitForConvergence(edge, cloud, SITE)
  }, 120_000)

  afterAll(async () => {
    await edge?.destroy()
    await cloud?.destroy()
  })

  it('finds the values before the erasure', () => {
    expect(findBytes(edge.dataDir, [email]).length).toBeGreaterThan(0)
    expect(findBytes(cloud.dataDir, [email]).length).toBeGreaterThan(0)
  })

  it('erases the contact', async () => {
    erased = await edge.api.post(`/api/contacts/${contactId}/erase`, { reason: 'Request by the person on 2026-12-01', linked: 'keep' })
    expect(erased.status).toBe(200)
    expect(erased.body).toMatchObject({ contactId, linkedKept: 1, linkedDeleted: 0 })
    expect(erased.body.rejectedRows).toBe(1)
    expect(erased.body.undoSnapshots).toBe(1)
    expect(erased.body.historyEntries).toBe(1)
    await waitFor('the cloud erasure', async () => (await edge.context.cloudErasure!.run()) === 'erased' && (await edge.context.cloudErasure!.pending()) === undefined, 60_000)
  }, 120_000)

  it('keeps the activity without the person', async () => {
    const activity = (await edge.api.get(`/api/activities/${activityId}`)).body
    expect(activity.contactId).toBeUndefined()
    expect(activity.body).toBeUndefined()
    expect(activity.subject).toBe('Call [redacted] at [redacted]')
  })

  it('leaves no bytes in the edge data folder', () => {
    expect(findBytes(edge.dataDir, values)).toEqual([])
  })

  it('leaves no bytes in the cloud data folder', () => {
    expect(findBytes(cloud.dataDir, values)).toEqual([])
  })

  it('leaves the cloud copy deleted', async () => {
    expect(await cloudDoc(cloud, SITE, contactId)).toBeUndefined()
  })
})
