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
