import { describe, expect, it } from 'vitest'
import { BatchQueue } from './batch-queue'

/** A promise with its resolve function, to hold a batch's work until the test lets it end. */
function gate() {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { open, opened }
}

describe('BatchQueue', () => {
  it('is idle when empty', () => {
    const queue = new BatchQueue()

    expect(queue.busy).toBe(false)
    expect(queue.position('A')).toBeUndefined()
  })

  it('runs one batch at a time', async () => {
    const queue = new BatchQueue()
    const first = gate()
    const order: string[] = []

    const running = queue.add('A', async () => {
      order.push('A started')
      await first.opened
      order.push('A ended')
    })
    const waiting = queue.add('B', async () => {
      order.push('B started')
    })
    await Promise.resolve()
    await Promise.resolve()

    expect(queue.busy).toBe(true)
    expect(queue.position('A')).toBeUndefined()
    expect(queue.position('B')).toBe(1)
    first.open()
    await Promise.all([running, waiting])
    expect(order).toEqual(['A started', 'A ended', 'B started'])
    expect(queue.busy).toBe(false)
  })

  it('runs the next batch after a failure', async () => {
    const queue = new BatchQueue()

    const failing = queue.add('A', async () => {
      throw new Error('disk full')
    })
    let ran = false
    const next = queue.add('B', async () => {
      ran = true
    })

    await expect(failing).rejects.toThrow('disk full')
    await next
    expect(ran).toBe(true)
  })
})
