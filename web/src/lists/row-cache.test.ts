import { describe, expect, it } from 'vitest'
import type { RecordDoc } from '../app/api-client'
import { PAGE_SIZE, RowCache } from './row-cache'

function rows(offset: number, limit: number): RecordDoc[] {
  return Array.from({ length: limit }, (_, index) => ({ _id: `contact:${offset + index}`, type: 'contact' }))
}

describe('RowCache', () => {
  it('fetches a missing page once and then serves its rows', async () => {
    const requests: number[] = []
    let loaded!: () => void
    const done = new Promise<void>((resolve) => (loaded = resolve))
    const cache = new RowCache(
      async (offset, limit) => {
        requests.push(offset)
        return rows(offset, limit)
      },
      () => loaded(),
      (error) => {
        throw error
      },
    )

    expect(cache.row(PAGE_SIZE + 5)).toBeUndefined()
    expect(cache.row(PAGE_SIZE + 6)).toBeUndefined()
    await done

    expect(requests).toEqual([PAGE_SIZE])
    expect(cache.row(PAGE_SIZE + 5)?._id).toBe(`contact:${PAGE_SIZE + 5}`)
  })

  it('serves seeded rows without a request', () => {
    const cache = new RowCache(
      () => Promise.reject(new Error('no request expected')),
      () => undefined,
      () => undefined,
    )
    cache.seed(rows(0, 3))
    expect(cache.row(2)?._id).toBe('contact:2')
  })

  it('reports a failed page and retries it later', async () => {
    let calls = 0
    let failed!: (error: Error) => void
    const failure = new Promise<Error>((resolve) => (failed = resolve))
    const cache = new RowCache(
      () => {
        calls++
        return Promise.reject(new Error('list request failed'))
      },
      () => undefined,
      (error) => failed(error),
    )

    cache.row(0)
    expect((await failure).message).toBe('list request failed')
    cache.row(0)
    expect(calls).toBe(2)
  })
})
