import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createClock, type RecordDoc } from '@enclave/shared'
import { openDatabase, type Database } from '../storage/pouch'
import { parseListQuery } from './query'
import { indexLocation, RecordIndex } from './record-index'
import { RecordStore } from './record-store'

let dir: string
let db: Database

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'record-index-'))
  db = openDatabase(dir, 'records')
})

afterEach(async () => {
  await db.close().catch(() => undefined)
  fs.rmSync(dir, { recursive: true, force: true })
})

async function openStore(): Promise<RecordStore> {
  const store = new RecordStore(db, createClock('test'))
  await store.open()
  return store
}

function names(store: RecordStore): string[] {
  return store.list('contact', parseListQuery('contact', new URLSearchParams({ sort: 'lastName' }))).items.map((item) => String(item.lastName))
}

/** Number of records in the index file, read with a connection of its own. */
function rowsInFile(): number {
  const file = new SQLite(indexLocation(db), { readonly: true })
  try {
    return (file.prepare('SELECT COUNT(*) AS n FROM records').get() as { n: number }).n
  } finally {
    file.close()
  }
}

describe('RecordIndex file', () => {
  it('keeps the index beside the records database and reopens it without a rebuild', async () => {
    const first = await openStore()
    await first.create('contact', { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' })
    await first.create('contact', { firstName: 'Alan', lastName: 'Turing', email: 'alan@example.com' })
    // The write-ahead log, which SQLite removes on close, contains the same data.
    expect(fs.statSync(path.join(dir, 'records.index.sqlite-wal')).mode & 0o777).toBe(0o600)
    await first.close()
    expect(fs.statSync(path.join(dir, 'records.index.sqlite')).mode & 0o777).toBe(0o600)
    expect(rowsInFile()).toBe(2)

    const second = await openStore()

    expect(names(second)).toEqual(['Lovelace', 'Turing'])
    expect(second.list('contact', parseListQuery('contact', new URLSearchParams({ q: 'ada@example.com' }))).total).toBe(1)
    await second.close()
  })

  it('catches up with changes written while it was closed', async () => {
    const first = await openStore()
    const ada = await first.create('contact', { firstName: 'Ada', lastName: 'Lovelace' })
    const alan = await first.create('contact', { firstName: 'Alan', lastName: 'Turing' })
    await first.close()
    // Written past the store, as a restore or another tool could.
    await db.put({ ...ada, lastName: 'Byron', _rev: ada._rev })
    await db.remove(alan._id, alan._rev!)

    const second = await openStore()

    expect(names(second)).toEqual(['Byron'])
    expect(second.index.count('contact')).toBe(1)
    expect(second.list('contact', parseListQuery('contact', new URLSearchParams({ q: 'Turing' }))).total).toBe(0)
    await second.close()
  })

  it('recovers the writes of a process that ended without closing it', async () => {
    const first = await openStore()
    await first.create('contact', { firstName: 'Ada', lastName: 'Lovelace' })
    // No close: the next store opens the same files, as after a crash.

    const second = await openStore()
    await second.create('contact', { firstName: 'Grace', lastName: 'Hopper' })

    expect(names(second)).toEqual(['Hopper', 'Lovelace'])
    await second.close()
  })

  it('rebuilds an index file that belongs to another records database', async () => {
    const first = await openStore()
    await first.create('contact', { firstName: 'Ada', lastName: 'Lovelace' })
    await first.close()
    await db.destroy()
    db = openDatabase(dir, 'records')
    await db.put({ _id: 'contact:NEW', type: 'contact', lastName: 'Hopper', createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z' })

    const second = await openStore()

    expect(names(second)).toEqual(['Hopper'])
    await second.close()
  })

  it('replaces an index file SQLite cannot read', async () => {
    const first = await openStore()
    await first.create('contact', { firstName: 'Ada', lastName: 'Lovelace' })
    await first.close()
    fs.writeFileSync(indexLocation(db), 'not an SQLite file '.repeat(500))

    const second = await openStore()

    expect(names(second)).toEqual(['Lovelace'])
    await second.close()
  })

  it('rebuilds an index file of another schema version', async () => {
    const first = await openStore()
    await first.create('contact', { firstName: 'Ada', lastName: 'Lovelace' })
    await first.close()
    const file = new SQLite(indexLocation(db))
    file.prepare("UPDATE meta SET value = 'old' WHERE key = 'version'").run()
    file.prepare('DELETE FROM records').run()
    file.close()

    const second = await openStore()

    expect(names(second)).toEqual(['Lovelace'])
    await second.close()
  })
})

describe('RecordIndex queries', () => {
  function contact(id: string, values: Record<string, unknown>): RecordDoc {
    const time = '2024-01-01T00:00:00.000Z'
    return { _id: `contact:${id}`, type: 'contact', createdAt: time, updatedAt: time, ...values }
  }

  const extraFields = [
    { name: 'tags', kind: 'text', label: 'Tags' },
    { name: 'consent', kind: 'boolean', label: 'Consent' },
  ] as const

  function ids(index: RecordIndex, params: Record<string, string>): string[] {
    return index.query('contact', parseListQuery('contact', new URLSearchParams(params), extraFields)).items.map((item) => item._id.slice('contact:'.length))
  }

  it('sorts text by collation key', () => {
    const index = new RecordIndex()
    for (const [id, jobTitle] of [['A', 'engineer 10'], ['B', 'Engineer 9'], ['C', 'Éditor'], ['D', 'editor 2']] as const) index.upsert(contact(id, { lastName: id, jobTitle }))

    expect(ids(index, { sort: 'jobTitle' })).toEqual(['C', 'D', 'B', 'A'])
    expect(ids(index, { sort: '-jobTitle' })).toEqual(['A', 'B', 'D', 'C'])
    expect(ids(index, { sort: 'jobTitle', q: 'engineer' })).toEqual(['B', 'A'])
  })

  it('pages through records with and without the sorted value', () => {
    const index = new RecordIndex()
    for (const [id, city] of [['A', 'Oslo'], ['B', undefined], ['C', 'Bergen'], ['D', ''], ['E', 'Tromsø'], ['F', 'Oslo']] as const) {
      index.upsert(contact(id, { lastName: id, country: id === 'F' ? 'Chile' : 'Norway', ...(city === undefined ? {} : { city }) }))
    }
    const pages = (params: Record<string, string>) => [0, 2, 4].flatMap((offset) => ids(index, { ...params, limit: '2', offset: String(offset) }))

    expect(pages({ sort: 'city' })).toEqual(['C', 'A', 'F', 'E', 'B', 'D'])
    expect(pages({ sort: '-city' })).toEqual(['E', 'F', 'A', 'C', 'D', 'B'])
    expect(pages({ sort: 'city', 'filter.country': 'Norway' })).toEqual(['C', 'A', 'E', 'B', 'D'])
    expect(ids(index, { sort: 'city', offset: '5' })).toEqual(['D'])
    expect(ids(index, { sort: 'city', offset: '9' })).toEqual([])
  })

  it('filters on the stored values in the index file', () => {
    const index = new RecordIndex()
    index.upsert(contact('A', { lastName: 'Ames', country: 'Norway', tags: ['vip', 'press'], consent: true }))
    index.upsert(contact('B', { lastName: 'Berg', country: 'norway' }))
    index.upsert(contact('C', { lastName: 'Cole', country: 'Chile' }))

    expect(ids(index, { 'filter.country': 'NORWAY', sort: 'lastName' })).toEqual(['A', 'B'])
    expect(ids(index, { 'filter.country.ne': 'Norway' })).toEqual(['C'])
    expect(ids(index, { 'filter.tags.contains': 'press' })).toEqual(['A'])
    expect(ids(index, { 'filter.consent': 'true' })).toEqual(['A'])
    expect(ids(index, { 'filter.consent.empty': 'true', sort: 'lastName' })).toEqual(['B', 'C'])
  })

  it('narrows equality filters through an index', () => {
    const index = new RecordIndex()
    const owners = [['A', 'user:ada', 'Berg'], ['B', 'USER:ADA', undefined], ['C', 'user:adá', 'Cole'], ['D', 'user:bob', 'Ames'], ['E', 'user:ada', 'Ames']] as const
    for (const [id, ownerId, lastName] of owners) index.upsert(contact(id, { ownerId, ...(lastName ? { lastName } : {}) }))
    // A value of the wrong type, as a record written before validation could have.
    index.upsert(contact('F', { jobTitle: 5 }))

    expect(ids(index, { 'filter.ownerId': 'user:ada', sort: 'lastName' })).toEqual(['E', 'A', 'B'])
    expect(ids(index, { 'filter.ownerId': 'user:ada', sort: '-lastName', limit: '1', offset: '2' })).toEqual(['B'])
    expect(index.query('contact', parseListQuery('contact', new URLSearchParams({ 'filter.ownerId': 'User:Ada' }))).total).toBe(3)
    expect(ids(index, { 'filter.jobTitle': '5' })).toEqual(['F'])
    expect(ids(index, { 'filter.jobTitle': '' })).toEqual([])
  })

  it('finds a word without its accents and with a typo', () => {
    const index = new RecordIndex()
    index.upsert(contact('A', { firstName: 'José', lastName: 'Müller' }))

    expect(ids(index, { q: 'jose' })).toEqual(['A'])
    expect(ids(index, { q: 'muller' })).toEqual(['A'])
    expect(ids(index, { q: 'mueller' })).toEqual(['A'])
    expect(ids(index, { q: 'mxyz' })).toEqual([])
  })

  it('finds a word written with marks', () => {
    const index = new RecordIndex()
    index.upsert(contact('A', { firstName: 'नमस्ते', lastName: 'Jose\u0301' }))

    expect(ids(index, { q: 'नमस्ते' })).toEqual(['A'])
    expect(ids(index, { q: 'नमस' })).toEqual(['A'])
    expect(ids(index, { q: 'josé' })).toEqual(['A'])
  })

  it('reads a search text as words, never as query syntax', () => {
    const index = new RecordIndex()
    index.upsert(contact('A', { firstName: 'Ada', lastName: 'Lovelace' }))

    for (const q of ['"ada', 'ada OR x*', 'lastName:ada', '{firstName}: ada', 'NEAR(ada lovelace)', '*']) {
      expect(() => ids(index, { q }), q).not.toThrow()
    }
    expect(ids(index, { q: '"ada' })).toEqual(['A'])
  })
})

describe('RecordIndex key maps', () => {
  it('keeps the first id per key', () => {
    const index = new RecordIndex()
    const keys = index.keyMap(2)
    keys.add('ada@example.com', 'contact:A')
    keys.add('ada@example.com', 'contact:B')
    expect(keys.get('ada@example.com')).toBe('contact:A')

    keys.add('alan@example.com', 'contact:C')
    keys.add('grace@example.com', 'contact:D')
    keys.add('ada@example.com', 'contact:E')

    expect(keys.get('ada@example.com')).toBe('contact:A')
    expect(keys.get('grace@example.com')).toBe('contact:D')
    expect(keys.get('linus@example.com')).toBeUndefined()
    keys.drop()
    expect(keys.get('ada@example.com')).toBeUndefined()
  })
})
