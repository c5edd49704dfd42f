import { describe, expect, it } from 'vitest'
import { RowQueue } from './row-queue'

describe('RowQueue', () => {
  it('delivers rows pushed while resuming', async () => {
    let next = 0
    const total = 10
    let queue!: RowQueue<number>
    const pushUntilPaused = () => {
      while (next < total && !paused) queue.push(next++)
      if (next === total) queue.end()
    }
    let paused = false
    queue = new RowQueue<number>(
      2,
      () => (paused = true),
      () => {
        // Like papaparse, the source parses more rows synchronously inside resume().
        paused = false
        pushUntilPaused()
      },
    )
    pushUntilPaused()

    const received: number[] = []
    for await (const row of queue) received.push(row)

    expect(received).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('rethrows the source error', async () => {
    const queue = new RowQueue<number>(10, () => {}, () => {})
    queue.push(1)
    queue.end(new Error('decoding failed'))

    await expect(async () => {
      for await (const _ of queue) void _
    }).rejects.toThrow('decoding failed')
  })
})
