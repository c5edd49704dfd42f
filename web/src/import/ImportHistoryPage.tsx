import { useEffect, useState } from 'preact/hooks'
import { useApp } from '../app/app-context'
import { errorText } from '../app/error-text'
import { currentLanguage, t } from '../app/i18n'
import { StateMessage } from '../shell/StateMessage'
import { listedBatches } from './batch-actions'
import { BatchFollower } from './BatchFollower'
import { HistoryRow } from './HistoryRow'
import { importApi, type Batch } from './import-api'

/**
 * Lists the signed-in user's import batches, newest first, with progress, rejected rows, undo
 * and deletion. Own-scope users get only their own batches from the edge.
 */
export function ImportHistoryPage() {
  const app = useApp()
  const [batches, setBatches] = useState<Batch[] | null>(null)
  const [total, setTotal] = useState(0)
  const [followedId, setFollowedId] = useState('')
  const [error, setError] = useState('')
  const [status, setStatus] = useState('')

  const load = async () => {
    setError('')
    const items = await importApi.list()
    const listed = listedBatches(items)
    setTotal(items.filter((batch) => batch.status !== 'deleted').length)
    setBatches(listed)
  }

  useEffect(() => {
    load().catch((failure) => setError(errorText(failure)))
  }, [])

  const replaceBatch = (next: Batch) => {
    setBatches((current) => current?.map((batch) => (batch.batchId === next.batchId ? next : batch)) ?? null)
  }

  const removeBatch = (removed: Batch) => {
    setBatches((current) => current?.filter((batch) => batch.batchId !== removed.batchId) ?? null)
    setTotal((count) => count - 1)
    if (followedId === removed.batchId) setFollowedId('')
  }

  const followed = batches?.find((batch) => batch.batchId === followedId)
  const number = new Intl.NumberFormat(currentLanguage())

  return (
    <section class="import-history" aria-labelledby="import-history-title">
      <div class="toolbar">
        <h1 id="import-history-title">{t('importHistory.title')}</h1>
        <a href="/import">{t('importHistory.newImport')}</a>
      </div>
      {error ? <StateMessage kind="error" message={error} onRetry={() => load().catch((failure) => setError(errorText(failure)))} /> : null}
      {!error && !batches ? <StateMessage kind="loading" /> : null}
      {batches && batches.length === 0 ? <StateMessage kind="empty" message={t('importHistory.empty')} /> : null}
      {batches && total > batches.length ? (
        <p class="notice" role="note" data-testid="history-capped">
          {t('importHistory.capped', { shown: number.format(batches.length), total: number.format(total) })}
        </p>
      ) : null}
      {batches && batches.length > 0 ? (
        <div class="history-scroll">
          <table class="grid history">
            <thead>
              <tr>
                <th scope="col">{t('importHistory.file')}</th>
                <th scope="col">{t('importHistory.type')}</th>
                <th scope="col">{t('importHistory.status')}</th>
                <th scope="col">{t('importHistory.counts')}</th>
                <th scope="col">{t('importHistory.started')}</th>
                <th scope="col">{t('importHistory.finished')}</th>
                <th scope="col">{t('importHistory.startedBy')}</th>
                <th scope="col">{t('importHistory.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {batches.map((batch) => (
                <HistoryRow
                  key={batch.batchId}
                  batch={batch}
                  userId={app.userId}
                  onFollow={(chosen) => setFollowedId(chosen.batchId)}
                  onChange={replaceBatch}
                  onRemove={removeBatch}
                  onStatus={setStatus}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {followed ? <BatchFollower batch={followed} onChange={replaceBatch} onError={setStatus} /> : null}
      <p role="status" aria-live="polite" data-testid="history-status">{status}</p>
    </section>
  )
}
