import { describe, expect, it } from 'vitest'
import type { RecordDoc } from '@enclave/shared'
import { parseListQuery } from './query'
import { RecordIndex } from './record-index'

function contact(id: string, values: Record<string, unknown>): RecordDoc {
  const time = '2024-01-01T00:00:00.000Z'
  return { _id: `contact:${id}`, type: 'contact', createdAt: time, updatedAt: time, ...values }
}

describe('RecordIndex search', () => {
  it('ranks a last name above an email domain', () => {
    const index = new RecordIndex()
    index.upsert(contact('EMAIL', { firstName: 'Mara', lastName: 'Quist', email: 'x@randolph.org' }))
    index.upsert(contact('NAME', { firstName: 'Edmund', lastName: 'Randolph', email: 'edmund@example.com' }))

    const page = index.query('contact', parseListQuery('contact', new URLSearchParams({ q: 'Randolph' })))

    expect(page.items.map((item) => item._id)).toEqual(['contact:NAME', 'contact:EMAIL'])
  })
})

describe('RecordIndex term search', () => {
  function search(index: RecordIndex, q: string): string[] {
    return index.query('contact', parseListQuery('contact', new URLSearchParams({ q }))).items.map((item) => item._id)
  }

  function indexWithPhones(): RecordIndex {
    const index = new RecordIndex()
    index.upsert(contact('US', { firstName: 'Heather', lastName: 'Callahan', phone: '+12091727124;ext=3651', email: 'urangel@example.net', externalId: '00123' }))
    index.upsert(contact('UK', { firstName: 'Tom', lastName: 'Hale', phone2: '+442079460000', email: 'tom.hale@example.co.uk' }))
    return index
  }

  it('finds a phone with or without its calling code', () => {
    const index = indexWithPhones()

    expect(search(index, '+1 209 172 7124')).toEqual(['contact:US'])
    expect(search(index, '(209) 172-7124')).toEqual(['contact:US'])
    expect(search(index, '12091727124')).toEqual(['contact:US'])
    expect(search(index, '020 7946')).toEqual(['contact:UK'])
    expect(search(index, '0044 20 7946 0000')).toEqual(['contact:UK'])
    expect(search(index, '011 44 20 7946 0000')).toEqual(['contact:UK'])
    expect(search(index, '+20 7946')).toEqual([])
    expect(search(index, '2079460000')).toEqual(['contact:UK'])
  })

  it('reads a leading 011 as a national number too', () => {
    const index = new RecordIndex()
    index.upsert(contact('JP', { lastName: 'Sato', phone: '+81111234567' }))

    expect(search(index, '011-123-4567')).toEqual(['contact:JP'])
  })

  it('finds emails and external ids by word prefix', () => {
    const index = indexWithPhones()

    expect(search(index, 'urangel@example.net')).toEqual(['contact:US'])
    expect(search(index, 'tom.hale')).toEqual(['contact:UK'])
    expect(search(index, 'example')).toHaveLength(2)
    expect(search(index, '00123')).toEqual(['contact:US'])
    expect(search(index, 'Heather example')).toEqual(['contact:US'])
    expect(search(index, 'Heather hale')).toEqual([])
  })

  it('finds words of an email local part', () => {
    const index = new RecordIndex()
    index.upsert(contact('DOT', { firstName: 'John', lastName: 'Doe', email: 'john.smith@example.com' }))
    index.upsert(contact('UNDERSCORE', { firstName: 'Mary', lastName: 'Roe', email: 'mary_smith@example.org' }))
    index.upsert(contact('PLUS', { firstName: 'Li', lastName: 'Wei', email: 'li+smith@example.net' }))
    index.upsert(contact('JOINED', { firstName: 'Ann', lastName: 'Poe', email: 'annsmith@example.com' }))

    expect(search(index, 'smith').sort()).toEqual(['contact:DOT', 'contact:PLUS', 'contact:UNDERSCORE'])
    expect(search(index, 'Smith').sort()).toEqual(['contact:DOT', 'contact:PLUS', 'contact:UNDERSCORE'])
    expect(search(index, 'smi').sort()).toEqual(['contact:DOT', 'contact:PLUS', 'contact:UNDERSCORE'])
    expect(search(index, 'john smith')).toEqual(['contact:DOT'])
  })

  it('forgets the email a record no longer has', () => {
    const index = indexWithPhones()
    index.upsert({ ...contact('US', { firstName: 'Heather', email: 'heather@new.org' }), _rev: '2-b' })

    expect(search(index, 'urangel')).toEqual([])
    expect(search(index, 'heather@new.org')).toEqual(['contact:US'])
    expect(search(index, '2091727124')).toEqual([])
  })
})

describe('RecordIndex ranking', () => {
  function ranked(index: RecordIndex, q: string): string[] {
    return index.query('contact', parseListQuery('contact', new URLSearchParams({ q, limit: '500' }))).items.map((item) => item._id)
  }

  it('ranks an exact email above typo matches of a name', () => {
    const index = new RecordIndex()
    for (let i = 0; i < 1000; i++) index.upsert(contact(`OTHER${i}`, { firstName: 'Pat', lastName: `Surname${i}`, email: `pat${i}@example.com` }))
    for (let i = 0; i < 8; i++) index.upsert(contact(`REESE${i}`, { firstName: 'Ann', lastName: 'Reese', email: `ann${i}@example.com` }))
    index.upsert(contact('EMAIL', { firstName: 'Xavier', lastName: 'Stone', email: 'xreese@hall-donovan.com' }))

    const ids = ranked(index, 'xreese')

    expect(ids[0]).toBe('contact:EMAIL')
    expect(ids).toHaveLength(9)
  })

  it('keeps the order of equal scores', () => {
    const index = new RecordIndex()
    for (const id of ['C', 'A', 'B']) index.upsert(contact(id, { firstName: 'Same', lastName: 'Name' }))

    expect(ranked(index, 'same')).toEqual(['contact:A', 'contact:B', 'contact:C'])
  })

  it('finds a phone written with an extension or a (0)', () => {
    const index = new RecordIndex()
    index.upsert(contact('US', { lastName: 'Ferrell', phone: '+12091727124;ext=3651' }))
    index.upsert(contact('UK', { lastName: 'Hale', phone: '+442079460958' }))

    expect(ranked(index, '(209)172-7124x3651')).toEqual(['contact:US'])
    expect(ranked(index, '+1 (209) 172-7124 ext. 3651')).toEqual(['contact:US'])
    expect(ranked(index, '+44 (0)20 7946 0958')).toEqual(['contact:UK'])
  })
})

describe('RecordIndex sort', () => {
  it('puts records without the value last in both directions', () => {
    const index = new RecordIndex()
    const time = '2024-01-01T00:00:00.000Z'
    for (const [id, amount] of [['A', 500], ['B', undefined], ['C', 2000]] as const) {
      index.upsert({ _id: `deal:${id}`, type: 'deal', title: id, stage: 'Engaging', createdAt: time, updatedAt: time, ...(amount === undefined ? {} : { amount }) })
    }
    const sorted = (sort: string) => index.query('deal', parseListQuery('deal', new URLSearchParams({ sort }))).items.map((item) => item._id)

    expect(sorted('-amount')).toEqual(['deal:C', 'deal:A', 'deal:B'])
    expect(sorted('amount')).toEqual(['deal:A', 'deal:C', 'deal:B'])
  })
})
