/**
 * Runs tasks one at a time, in the order they were queued. The projector and the merger share
 * one lock, so a record and its outbox copy are never read and rewritten by both at once.
 */
export class SerialLock {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task)
    this.tail = result.catch(() => undefined)
    return result
  }
}
