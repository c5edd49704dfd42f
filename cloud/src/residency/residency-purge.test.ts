import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { toAllowedFieldSet, DEFAULT_POLICY, type ResidencyPolicy } from '@enclave/shared'
import { createEmbeddedStorage } from '../storage/embedded'
import type { DocumentDatabase, Storage, StoredDocument } from '../storage/types'
import { auditResidency } from './residency-audit'
import { purgeChunks, purgeDisallowedValues, winningLeaf } from './residency-purge'

const CONTACT = 'contact:01J00000000000000000000001'
const TICKET = 'ticket:01J00000000000000000000002'
const GONE = 'contact:01J00000000000000000000003'
const CANARIES = ['Canary-Alpha-1', 'Canary-Alpha-2', 'Canary-Alpha-3', 'Canary-Beta', 'Canary-Gamma']

const BEFORE = toAllowedFieldSet(DEFAULT_POLICY)

/** Builds the default policy with contact job titles kept on site. */
function jobTitleLocal(): ResidencyPolicy {
  const contact = DEFAULT_POLICY.entities.contact!
  return {
    version: 2,
    entities: { ...DEFAULT_POLICY.entities, contact: { ...contact, fields: { ...contact.fields, jobTitle: { mode: 'local' } } } },
  }
}

/** Revision id `<generation>-<32 hex digits>` as replication writes it. */
function rev(generation: number, branch: string): string {
  return `${generation}-${`${branch}${generation}`.padEnd(32, '0')}`
}

/** Builds a revision as the replicator writes it, with its full history. */
function revision(id: string, history: string[], body: Record<string, unknown>): StoredDocument {
  const [newest] = history
  const start = Number(newest!.split('-')[0])
  return { _id: id, _rev: newest, _revisions: { start, ids: history.map((item) => item.split('-')[1]!) }, ...body }
}

function contactBody(jobTitle: string): Record<string, unknown> {
  return {
    type: 'contact',
    firstName: 'M***',
    jobTitle,
    country: 'NO',
    stamps: { firstName: 's1', jobTitle: 's2', country: 's3' },
    residency: { firstName: 'mask' },
  }
}

/**
 * Writes a contact synced over three revisions with a canary job title in each, a conflicting
 * branch with another canary, a ticket, and a deleted contact whose tombstone still carries one.
 */
async function seed(db: DocumentDatabase): Promise<void> {
  const [a1, a2, a3, b3] = [rev(1, 'a'), rev(2, 'a'), rev(3, 'a'), rev(3, 'b')]
  await db.bulkDocs(
    [
      revision(CONTACT, [a1], contactBody('Canary-Alpha-1')),
      revision(CONTACT, [a2, a1], contactBody('Canary-Alpha-2')),
      revision(CONTACT, [a3, a2, a1], contactBody('Canary-Alpha-3')),
      revision(CONTACT, [b3, a2, a1], contactBody('Canary-Beta')),
      revision(TICKET, [rev(1, 'c')], { type: 'ticket', subject: 'Printer jam', status: 'open' }),
      revision(GONE, [rev(1, 'd')], contactBody('Head of sales')),
      revision(GONE, [rev(2, 'd'), rev(1, 'd')], { _deleted: true, type: 'contact', jobTitle: 'Canary-Gamma' }),
    ],
    { newEdits: false },
  )
}

const BACKENDS: { name: string; open(dir: string): Storage }[] = [
  { name: 'embedded', open: (dir) => createEmbeddedStorage(dir) },
]

for (const backend of BACKENDS) {
  describe(`residency purge on the ${backend.name} backend`, () => {
    let dir: string
    let storage: Storage
    let db: DocumentDatabase

    beforeEach(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-residency-'))
      storage = backend.open(dir)
      db = await storage.database('site_oslo')
      await seed(db)
    })

    afterEach(async () => {
      await storage.close()
      fs.rmSync(dir, { recursive: true, force: true })
    })

    it('audit finds the canaries before', async () => {
      const report = await auditResidency(db, 'oslo', BEFORE, CANARIES)

      expect(report.documentsScanned).toBe(3)
      expect(report.revisionsScanned).toBeGreaterThanOrEqual(7)
      expect(report.violationCount).toBe(0)
      expect(new Set(report.canaryHits.map((hit) => hit.canary))).toEqual(new Set([0, 1, 2, 3, 4]))
    })

    it('audit counts violations of a stricter policy', async () => {
      const report = await auditResidency(db, 'oslo', toAllowedFieldSet(jobTitleLocal()))

      expect(report.policyVersion).toBe(2)
      expect(report.violationCount).toBeGreaterThan(0)
      expect(report.violations.some((violation) => violation.field === 'jobTitle')).toBe(true)
    })

    it('leaves no violation or canary', async () => {
      const allowed = toAllowedFieldSet(jobTitleLocal())
      await purgeDisallowedValues(db, 'oslo', allowed)
      const report = await auditResidency(db, 'oslo', allowed, CANARIES)

      expect(report.violationCount).toBe(0)
      expect(report.canaryHitCount).toBe(0)
      expect(report.documentsScanned).toBe(3)
    })

    it('reports what it changed', async () => {
      const report = await purgeDisallowedValues(db, 'oslo', toAllowedFieldSet(jobTitleLocal()))

      expect(report.documentsScanned).toBe(3)
      expect(report.documentsRewritten).toBe(1)
      expect(report.conflictsPurged).toBe(1)
      expect(report.tombstonesCleared).toBe(1)
    })

    it('keeps allowed fields', async () => {
      await purgeDisallowedValues(db, 'oslo', toAllowedFieldSet(jobTitleLocal()))
      const contact = await db.get(CONTACT, { conflicts: true })

      expect(contact?.country).toBe('NO')
      expect(contact?.firstName).toBe('M***')
      expect(contact?.stamps).toEqual({ firstName: 's1', country: 's3' })
      expect(contact?._conflicts ?? []).toEqual([])
    })

    it('removes documents of a local-only type', async () => {
      const policy: ResidencyPolicy = { ...jobTitleLocal(), entities: { ...jobTitleLocal().entities, ticket: { localOnly: true, fields: {} } } }
      const allowed = toAllowedFieldSet(policy)
      const purge = await purgeDisallowedValues(db, 'oslo', allowed)
      const audit = await auditResidency(db, 'oslo', allowed, ['Printer jam'])

      expect(purge.documentsRemoved).toBe(1)
      expect(await db.get(TICKET)).toBeUndefined()
      expect(audit.canaryHitCount).toBe(0)
      expect(audit.violationCount).toBe(0)
    })

    it('picks the winner as the database does', async () => {
      for (const id of [CONTACT, TICKET]) {
        const leaves = (await db.getOpenRevs(id, 'all')).flatMap((entry) => ('ok' in entry ? [entry.ok] : []))

        expect(winningLeaf(leaves)?._rev).toBe((await db.get(id))?._rev)
      }
    })

    it('changes nothing when all is allowed', async () => {
      const report = await purgeDisallowedValues(db, 'oslo', BEFORE)

      expect(report.documentsRewritten + report.conflictsPurged + report.tombstonesCleared).toBe(0)
    })
  })
}

describe('winningLeaf', () => {
  it('prefers a live leaf to a deleted one', () => {
    const leaves = [{ _id: 'x', _rev: '5-a', _deleted: true }, { _id: 'x', _rev: '2-b' }]

    expect(winningLeaf(leaves)?._rev).toBe('2-b')
  })

  it('prefers the longer history', () => {
    expect(winningLeaf([{ _id: 'x', _rev: '10-a' }, { _id: 'x', _rev: '9-z' }])?._rev).toBe('10-a')
  })

  it('breaks ties by revision id', () => {
    expect(winningLeaf([{ _id: 'x', _rev: '3-a' }, { _id: 'x', _rev: '3-b' }])?._rev).toBe('3-b')
  })
})

describe('purgeChunks', () => {
  it('keeps at most 100 documents per request', () => {
    const revisions = Object.fromEntries(Array.from({ length: 250 }, (_, index) => [`contact:${index}`, ['2-a']]))
    const chunks = purgeChunks(revisions)

    expect(chunks.map((chunk) => Object.keys(chunk).length)).toEqual([100, 100, 50])
  })

  it('keeps at most 1000 revisions per request', () => {
    const revs = Array.from({ length: 400 }, (_, index) => `2-${index}`)
    const chunks = purgeChunks({ a: revs, b: revs, c: revs })

    expect(chunks.map((chunk) => Object.keys(chunk))).toEqual([['a', 'b'], ['c']])
  })

  it('returns nothing for nothing', () => {
    expect(purgeChunks({})).toEqual([])
  })
})
