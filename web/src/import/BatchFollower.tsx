import { useEffect } from 'preact/hooks'
import { errorText } from '../app/error-text'
import { t } from '../app/i18n'
import { importApi, type Batch } from './import-api'
import { isUnderWay, POLL_MS } from './import-progress'
import { RunProgress } from './RunProgress'

interface Props {
  batch: Batch
  /** Receives each newer state of the batch. */
  onChange: (batch: Batch) => void
  onError: (message: string) => void
}

/**
 * Shows the progress of one batch and polls it until it is neither queued nor running. The next
 * request is sent only after the previous one returns, so a slow edge does not pile up requests.
 */
export function BatchFollower({ batch, onChange, onError }: Props) {
  const underWay = isUnderWay(batch)

  useEffect(() => {
    if (!underWay) return
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined

    const poll = async () => {
      try {
        const next = await importApi.get(batch.batchId)
        if (stopped) return
        onChange(next)
        if (isUnderWay(next)) timer = setTimeout(() => void poll(), POLL_MS)
      } catch (failure) {
        if (!stopped) onError(errorText(failure))
      }
    }

    timer = setTimeout(() => void poll(), POLL_MS)
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [batch.batchId, underWay])

  return (
    <section class="batch-follower" aria-labelledby="followed-title" data-testid="followed-batch">
      <h2 id="followed-title">{t('importHistory.progressOf', { fileName: batch.fileName ?? batch.batchId })}</h2>
      <RunProgress batch={batch} finished={!underWay} />
    </section>
  )
}
