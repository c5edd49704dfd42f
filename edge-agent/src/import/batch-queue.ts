/**
 * Runs import batches one at a time, in the order they were queued. A batch looks for
 * duplicates among the records stored when it starts, so two batches of the same file running
 * side by side would both create every row. In a queue, each batch starts after the one before
 * it has stored its records.
 */
export class BatchQueue {
  private tail: Promise<void> = Promise.resolve()
  private readonly waiting: string[] = []
  private current: string | undefined

  /** Tells whether a batch is running or waiting, so a newly queued batch has to wait. */
  get busy(): boolean {
    return this.current !== undefined || this.waiting.length > 0
  }

  /** Returns a waiting batch's place in the queue, 1 for the next to run, or undefined. */
  position(batchId: string): number | undefined {
    const index = this.waiting.indexOf(batchId)
    return index < 0 ? undefined : index + 1
  }

  /**
   * Queues `work` for a batch and returns a promise that settles with it. A failed batch does
   * not stop the batches after it.
   */
  add(batchId: string, work: () => Promise<void>): Promise<void> {
    this.waiting.push(batchId)
    const turn = this.tail.then(async () => {
      this.waiting.splice(this.waiting.indexOf(batchId), 1)
      this.current = batchId
      try {
        await work()
      } finally {
        this.current = undefined
      }
    })
    this.tail = turn.catch(() => undefined)
    return turn
  }
}
