import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { toAllowedFieldSet, DEFAULT_POLICY } from '@enclave/shared'
import { createEmbeddedStorage } from '../storage/embedded'
import type { DocumentDatabase, Storage, StoredDocument } from '../storage/types'
import { auditResidency } from './residency-audit'
import { eraseDocuments } from './residency-erase'

const ERASED = 'contact:01J00000000000000000000001'
const TOMBSTONED = 'contact:01J00000000000000000000002'
const KEPT = 'contact:01J00000000000000000000003'

function rev(generation: number, branch: string): string {
  return `${generation}-${`${branch}${generation}`.padEnd(32, '0')}`
}

function revision(id: string, history: string[], body: Record<string, unknown>): StoredDocument {
  const start = Number(history[0]!.split('-')[0])
  return { _id: id, _rev: history[0], _revisions: { start, ids: history.map((item) => item.split('-')[1]!) }, ...body }
}

/**
 * Writes a contact with two live branches (the edge's deletion has not arrived), a contact
 * whose tombstone still carries a field, and a contact that stays.
 */
async function seed(db: DocumentDatabase): Promise<void> {
  const [a1, a2, b2] = [rev(1, 'a'), rev(2, 'a'), rev(2, 'b')]
  await db.bulkDocs(
    [
      revision(ERASED, [a1], { type: 'contact', jobTitle: 'Canary-Erased-1' }),
      revision(ERASED, [a2, a1], { type: 'contact', jobTitle: 'Canary-Erased-2' }),
      revision(ERASED, [b2, a1], { type: 'contact', jobTitle: 'Canary-Erased-3' }),
      revision(TOMBSTONED, [rev(1, 'c')], { type: 'contact', jobTitle: 'Canary-Tombstoned-1' }),
      revision(TOMBSTONED, [rev(2, 'c'), rev(1, 'c')], { _deleted: true, jobTitle: 'Canary-Tombstoned-2' }),
      revision(KEPT, [rev(1, 'd')], { type: 'contact', jobTitle: 'Canary-Kept' }),
    ],
    { newEdits: false },
  )
}

describe('cloud erasure on the embedded backend', () => {
  let dir: string
  let storage: Storage
  let db: DocumentDatabase

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-erase-'))
    storage = createEmbeddedStorage(dir)
    db = await storage.database('site_lisbon')
    await seed(db)
  })

  afterEach(async () => {
    await storage.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('counts what it removed', async () => {
    const report = await eraseDocuments(db, 'lisbon', [ERASED, TOMBSTONED, 'contact:01J0000000000000000000NONE'])
    expect(report.documentsFound).toBe(2)
    expect(report.revisionsDeleted).toBe(2)
    expect(report.tombstonesCleared).toBe(1)
  })

  it('leaves no erased value readable', async () => {
    await eraseDocuments(db, 'lisbon', [ERASED, TOMBSTONED])
    const canaries = ['Canary-Erased-1', 'Canary-Erased-2', 'Canary-Erased-3', 'Canary-Tombstoned-1', 'Canary-Tombstoned-2', 'Canary-Kept']
    const audit = await auditResidency(db, 'lisbon', toAllowedFieldSet(DEFAULT_POLICY), canaries)
    expect(audit.canaryHits.map((hit) => canaries[hit.canary])).toEqual(['Canary-Kept'])
  })

  it('keeps other documents', async () => {
    await eraseDocuments(db, 'lisbon', [ERASED])
    expect(await db.get(ERASED)).toBeUndefined()
    expect((await db.get(KEPT))?.jobTitle).toBe('Canary-Kept')
  })
})
