import { useEffect } from 'preact/hooks'
import { importApi, type Batch } from './import-api'
import { POLL_MS } from './import-progress'

/** Returns whether the edge can still change a batch's status or counts without a request from the page. */
export function changesOnItsOwn(batch: Pick<Batch, 'status'>): boolean {
  return batch.status === 'queued' || batch.status === 'running' || batch.status === 'undoing'
}

/**
 * Reads again, after `POLL_MS`, each of `batches` that is queued, running or being undone, and
 * passes the new states to `onUpdate`. The next round waits until `onUpdate` has replaced
 * `batches`, so a slow edge does not pile up requests. Polling stops when no batch is left to
 * change, after a failed request (passed to `onError`) and when the component unmounts.
 */
export function useBatchPolling(batches: Batch[] | undefined, onUpdate: (changed: Batch[]) => void, onError: (failure: unknown) => void): void {
  useEffect(() => {
    const changing = (batches ?? []).filter(changesOnItsOwn)
    if (changing.length === 0) return

    let stopped = false
    const timer = setTimeout(() => {
      Promise.all(changing.map((batch) => importApi.get(batch.batchId))).then(
        (changed) => {
          if (!stopped) onUpdate(changed)
        },
        (failure: unknown) => {
          if (!stopped) onError(failure)
        },
      )
    }, POLL_MS)
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [batches])
}
