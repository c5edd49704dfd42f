import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../storage/pouch'
import { auditEntryId } from './audit-hash'
import { AuditLog } from './audit-log'

describe('AuditLog', () => {
  let dir: string
  let db: Database
  let meta: Database
  let log: AuditLog

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-audit-'))
    db = openDatabase(dir, 'audit')
    meta = openDatabase(dir, 'meta')
    log = new AuditLog(db, meta)
    await log.open()
  })

  afterEach(async () => {
    await Promise.all([db.close(), meta.close()])
    fs.rmSync(dir, { recursive: true, force: true })
  })

  async function appendFive(): Promise<void> {
    for (let i = 1; i <= 5; i++) {
      await log.append({ action: 'record.read', user: 'user:alice', recordIds: [`contact:${i}`], fields: ['email'] })
    }
  }

  it('chains entries by hash', async () => {
    await appendFive()
    const first = (await db.get(auditEntryId(1))) as any
    const second = (await db.get(auditEntryId(2))) as any
    expect(second.prevHash).toBe(first.hash)
    expect(await log.verify()).toEqual({ ok: true, checked: 5 })
  })

  it('keeps one chain under concurrent appends', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => log.append({ action: 'record.update', user: `user:${i}` })))
    const verification = await log.verify()
    expect(verification.ok).toBe(true)
    expect(verification.checked).toBe(40)
  })

  it('continues the chain after a reopen', async () => {
    await appendFive()
    const reopened = new AuditLog(db, meta)
    await reopened.open()
    const entry = await reopened.append({ action: 'login', user: 'user:alice' })
    expect(entry.seq).toBe(6)
    expect((await reopened.verify()).ok).toBe(true)
  })

  it('detects an edited entry', async () => {
    await appendFive()
    const entry = (await db.get(auditEntryId(3))) as any
    await db.put({ ...entry, user: 'user:mallory' })

    const verification = await log.verify()
    expect(verification.ok).toBe(false)
    expect(verification.checked).toBe(2)
    expect(verification.brokenLink).toMatchObject({ seq: 3, reason: 'hash_mismatch' })
  })

  it('detects an entry rewritten with a fresh hash', async () => {
    await appendFive()
    const { hashAuditEntry } = await import('./audit-hash')
    const entry = (await db.get(auditEntryId(2))) as any
    const { _id, _rev, hash, ...body } = entry
    const forged = { ...body, fields: [] }
    await db.put({ _id, _rev, ...forged, hash: hashAuditEntry(forged) })

    expect((await log.verify()).brokenLink).toMatchObject({ seq: 3, reason: 'prev_hash_mismatch', params: { previous: 2 } })
  })

  it('detects a deleted entry', async () => {
    await appendFive()
    await db.remove((await db.get(auditEntryId(4))) as any)

    expect((await log.verify()).brokenLink).toMatchObject({ seq: 4, reason: 'missing_entry', params: { next: auditEntryId(5) } })
  })

  it('detects a deleted newest entry', async () => {
    await appendFive()
    await db.remove((await db.get(auditEntryId(5))) as any)

    expect((await log.verify()).brokenLink).toMatchObject({ seq: 5, reason: 'head_mismatch', params: { end: 4, last: 5 } })
  })

  it('combines filters with a time range', async () => {
    await appendFive()
    await log.append({ action: 'login', user: 'user:alice' })
    const all = await log.list({ limit: 10 })
    const middle = all.items[3]!.time

    const later = await log.list({ user: 'user:alice', action: 'record.read', from: middle })
    expect(later.items.every((entry) => entry.action === 'record.read' && entry.time >= middle)).toBe(true)
    const before = await log.list({ to: all.items[0]!.time })
    expect(before.items.every((entry) => entry.time < all.items[0]!.time)).toBe(true)
    expect(all.total).toBe(6)
  })

  it('filters and pages the list', async () => {
    await appendFive()
    await log.append({ action: 'login', user: 'user:bob' })

    const reads = await log.list({ action: 'record.read', limit: 2, offset: 1 })
    expect(reads.total).toBe(5)
    expect(reads.items.map((entry) => entry.seq)).toEqual([4, 3])
    expect((await log.list({ user: 'user:bob' })).items).toHaveLength(1)
    expect((await log.list({ recordId: 'contact:2' })).items[0]?.seq).toBe(2)
  })
})
