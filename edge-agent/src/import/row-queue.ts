/**
 * Turns a push source (callbacks) into an async iterator with back-pressure: the source is
 * paused when `highWaterMark` items wait and resumed when the consumer has taken them all.
 */
export class RowQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = []
  private ended = false
  private failure: unknown
  private waiting: (() => void) | undefined
  private paused = false

  constructor(
    private readonly highWaterMark: number,
    private readonly pause: () => void,
    private readonly resume: () => void,
  ) {}

  push(item: T): void {
    this.items.push(item)
    if (!this.paused && this.items.length >= this.highWaterMark) {
      this.paused = true
      this.pause()
    }
    this.wake()
  }

  end(error?: unknown): void {
    if (this.ended) return
    this.ended = true
    this.failure = error
    this.wake()
  }

  private wake(): void {
    const waiting = this.waiting
    this.waiting = undefined
    waiting?.()
  }

  async next(): Promise<IteratorResult<T>> {
    for (;;) {
      if (this.items.length > 0) return { done: false, value: this.items.shift() as T }
      if (this.ended) {
        if (this.failure) throw this.failure
        return { done: true, value: undefined }
      }
      if (this.paused) {
        this.paused = false
        // The source may push rows synchronously while resuming. Look at the queue again before
        // waiting, because waiting first would miss that wake-up and stall for good.
        this.resume()
        continue
      }
      await new Promise<void>((resolve) => (this.waiting = resolve))
    }
  }

  async return(): Promise<IteratorResult<T>> {
    this.ended = true
    return { done: true, value: undefined }
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this
  }
}
