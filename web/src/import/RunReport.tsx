import { useState } from 'preact/hooks'
import { errorText } from '../app/error-text'
import { currentLanguage, t } from '../app/i18n'
import { RequestError } from '../pages/reports/request'
import { importApi, type Batch, type BatchCounts } from './import-api'
import { summariseProgress } from './import-progress'

interface Props {
  batch: Batch
  finished: boolean
  onAgain: () => void
}

type UndoState = 'idle' | 'undoing' | 'undone'

function formatCounts(counts: BatchCounts, number: Intl.NumberFormat): Record<string, string> {
  return Object.fromEntries(Object.entries(counts).map(([name, count]) => [name, number.format(count)]))
}

/** Progress of a running batch, then its report with the rejected rows and undo. */
export function RunReport({ batch, finished, onAgain }: Props) {
  const [undoState, setUndoState] = useState<UndoState>(batch.status === 'undone' ? 'undone' : 'idle')
  const [status, setStatus] = useState('')
  const number = new Intl.NumberFormat(currentLanguage())
  const summary = summariseProgress(batch, finished)

  const undo = async () => {
    setUndoState('undoing')
    setStatus(t('import.undoing'))
    try {
      const result = await importApi.undo(batch.batchId)
      setUndoState('undone')
      setStatus(t('import.undone', { ...result }))
    } catch (failure) {
      // A second undo of the same batch, or one during a run, is rejected with 409.
      if (failure instanceof RequestError && failure.status === 409) {
        const undone = failure.params?.status === 'undone'
        setUndoState(undone ? 'undone' : 'idle')
        setStatus(undone ? t('import.alreadyUndone') : t('import.undoConflict'))
        return
      }
      setUndoState('idle')
      setStatus(errorText(failure))
    }
  }

  const progressText = [
    summary.expectedRows === undefined
      ? t('import.rowsDone', { done: number.format(summary.rowsDone) })
      : t('import.rowsOfAbout', { done: number.format(summary.rowsDone), total: number.format(summary.expectedRows) }),
    !finished && summary.rowsPerSecond ? t('import.rate', { rate: number.format(summary.rowsPerSecond) }) : '',
    t('import.failedSoFar', { failed: number.format(summary.failed) }),
  ].filter(Boolean)

  return (
    <section>
      <h2>{finished ? t('import.report') : t('import.progress')}</h2>
      <div class="import-progress">
        <progress max={1} value={summary.value} aria-label={t('import.progress')} />
        <span data-testid="progress-text">{progressText.join(' · ')}</span>
      </div>
      {batch.status === 'queued' ? <p data-testid="import-queued">{t('import.queued', { count: batch.queuePosition ?? 1 })}</p> : null}
      {batch.counts ? (
        <p data-testid="import-counts">
          {t('import.counts', formatCounts(batch.counts, number))}
          {batch.counts.companiesCreated ? ` ${t('import.companiesCreated', { count: batch.counts.companiesCreated })}` : null}
        </p>
      ) : null}
      {batch.error ? <p class="field-error" role="alert">{errorText(batch.error)}</p> : null}
      {finished ? (
        <>
          <a class="button" href={importApi.rejectedUrl(batch.batchId)} download>{t('import.rejected')}</a>{' '}
          <button type="button" disabled={undoState !== 'idle'} aria-busy={undoState === 'undoing' ? true : undefined} onClick={() => void undo()}>
            {undoState === 'undoing' ? t('import.undoing') : t('import.undo')}
          </button>{' '}
          <button type="button" onClick={onAgain}>{t('import.again')}</button>
        </>
      ) : null}
      <p role="status" aria-live="polite">{status}</p>
    </section>
  )
}
