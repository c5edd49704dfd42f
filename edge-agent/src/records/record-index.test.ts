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
    expect(search(index, '+20 7946')).toEqual([])
    expect(search(index, '2079460000')).toEqual(['contact:UK'])
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

  it('forgets the email a record no longer has', () => {
    const index = indexWithPhones()
    index.upsert({ ...contact('US', { firstName: 'Heather', email: 'heather@new.org' }), _rev: '2-b' })

    expect(search(index, 'urangel')).toEqual([])
    expect(search(index, 'heather@new.org')).toEqual(['contact:US'])
    expect(search(index, '2091727124')).toEqual([])
  })
})
