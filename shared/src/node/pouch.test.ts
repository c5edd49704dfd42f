import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { compactDatabase, openDatabase, type Database } from './pouch'

/** Lists the files of the database folder whose bytes contain `value`. */
function filesContaining(folder: string, value: string): string[] {
  return fs.readdirSync(folder).filter((name) => fs.readFileSync(path.join(folder, name)).includes(Buffer.from(value)))
}

describe('compactDatabase', () => {
  let dataDir: string
  let db: Database

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-compact-'))
    db = openDatabase(dataDir, 'records')
  })

  afterEach(async () => {
    await db.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('removes a deleted document from the files', async () => {
    let saved = await db.put({ _id: 'contact:1', email: 'first.version@example.test' })
    for (const step of [2, 3]) saved = await db.put({ _id: 'contact:1', _rev: saved.rev, email: `version.${step}@example.test` })
    await db.remove('contact:1', saved.rev)
    await db.put({ _id: 'contact:2', email: 'kept@example.test' })
    expect(filesContaining(path.join(dataDir, 'records'), 'first.version@example.test')).not.toEqual([])

    await compactDatabase(db)

    expect(filesContaining(path.join(dataDir, 'records'), 'first.version@example.test')).toEqual([])
    expect(filesContaining(path.join(dataDir, 'records'), 'version.3@example.test')).toEqual([])
    expect(((await db.get('contact:2')) as { email: string }).email).toBe('kept@example.test')
  })

  it('removes values compacted once before', async () => {
    const saved = await db.put({ _id: 'contact:1', email: 'compacted.twice@example.test' })
    await compactDatabase(db)
    await db.remove('contact:1', saved.rev)

    await compactDatabase(db)

    expect(filesContaining(path.join(dataDir, 'records'), 'compacted.twice@example.test')).toEqual([])
  })

  it('lets a destroyed database be created again', async () => {
    await db.put({ _id: 'contact:1' })
    await db.destroy()
    db = openDatabase(dataDir, 'records')

    expect((await db.info()).doc_count).toBe(0)
  })
})
