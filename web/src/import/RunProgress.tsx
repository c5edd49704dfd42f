import { errorText } from '../app/error-text'
import { currentLanguage, t } from '../app/i18n'
import type { Batch, BatchCounts } from './import-api'
import { summariseProgress } from './import-progress'

function formatCounts(counts: BatchCounts, number: Intl.NumberFormat): Record<string, string> {
  return Object.fromEntries(Object.entries(counts).map(([name, count]) => [name, number.format(count)]))
}

/** Returns the row counts of a batch as one sentence in the current language. */
export function describeCounts(counts: BatchCounts): string {
  const number = new Intl.NumberFormat(currentLanguage())
  const text = t('import.counts', formatCounts(counts, number))
  if (!counts.companiesCreated) return text
  return `${text} ${t('import.companiesCreated', { count: counts.companiesCreated })}`
}

/** Progress bar, rows done, place in the run queue, counts and error of a batch. */
export function RunProgress({ batch, finished }: { batch: Batch; finished: boolean }) {
  const number = new Intl.NumberFormat(currentLanguage())
  const summary = summariseProgress(batch, finished)

  const progressText = [
    summary.expectedRows === undefined
      ? t('import.rowsDone', { done: number.format(summary.rowsDone) })
      : t('import.rowsOfAbout', { done: number.format(summary.rowsDone), total: number.format(summary.expectedRows) }),
    !finished && summary.rowsPerSecond ? t('import.rate', { rate: number.format(summary.rowsPerSecond) }) : '',
    t('import.failedSoFar', { failed: number.format(summary.failed) }),
  ].filter(Boolean)

  return (
    <>
      <div class="import-progress">
        <progress max={1} value={summary.value} aria-label={t('import.progress')} />
        <span data-testid="progress-text">{progressText.join(' · ')}</span>
      </div>
      {batch.status === 'queued' ? <p data-testid="import-queued">{t('import.queued', { count: batch.queuePosition ?? 1 })}</p> : null}
      {batch.counts ? <p data-testid="import-counts">{describeCounts(batch.counts)}</p> : null}
      {batch.error ? <p class="field-error" role="alert">{errorText(batch.error)}</p> : null}
    </>
  )
}
