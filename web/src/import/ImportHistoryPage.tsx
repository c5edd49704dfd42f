import { useEffect, useState } from 'preact/hooks'
import { useApp } from '../app/app-context'
import { errorText } from '../app/error-text'
import { currentLanguage, t } from '../app/i18n'
import { StateMessage } from '../shell/StateMessage'
import { BatchFollower } from './BatchFollower'
import { HistoryRow } from './HistoryRow'
import { importApi, type Batch, type BatchPage } from './import-api'
import { useBatchPolling } from './use-batch-polling'

/** Batches per page of the history. */
const PAGE_SIZE = 50

/**
 * Lists the signed-in user's import batches, newest first and a page at a time, with progress,
 * rejected rows, undo and deletion. Batches of the page that are under way refresh on their own.
 * Own-scope users get only their own batches from the edge.
 */
export function ImportHistoryPage() {
  const app = useApp()
  const [offset, setOffset] = useState(0)
  const [page, setPage] = useState<BatchPage | null>(null)
  /** Incremented to read the current page again, after a deletion or a retry. */
  const [reloads, setReloads] = useState(0)
  const [followedId, setFollowedId] = useState('')
  const [error, setError] = useState('')
  const [status, setStatus] = useState('')

  useEffect(() => {
    // A response for a page the user has already left is ignored, so it cannot replace a newer one.
    let current = true
    setError('')
    importApi.list(PAGE_SIZE, offset).then(
      (next) => {
        if (!current) return
        // A deletion can empty the last page, so the page before it is shown instead.
        if (next.items.length === 0 && offset > 0) setOffset(Math.max(0, offset - PAGE_SIZE))
        else setPage(next)
      },
      (failure) => {
        if (current) setError(errorText(failure))
      },
    )
    return () => {
      current = false
    }
  }, [offset, reloads])

  const reload = () => setReloads((count) => count + 1)

  const replaceBatches = (changed: Batch[]) => {
    const byId = new Map(changed.map((batch) => [batch.batchId, batch]))
    setPage((current) => current && { ...current, items: current.items.map((batch) => byId.get(batch.batchId) ?? batch) })
  }
  const replaceBatch = (next: Batch) => replaceBatches([next])

  // The row goes at once, and the reload then fills the page from the next one.
  const removeBatch = (removed: Batch) => {
    if (followedId === removed.batchId) setFollowedId('')
    setPage((current) => current && { ...current, items: current.items.filter((batch) => batch.batchId !== removed.batchId), total: current.total - 1 })
    reload()
  }

  const batches = page?.items
  useBatchPolling(batches, replaceBatches, (failure) => setError(errorText(failure)))
  const followed = batches?.find((batch) => batch.batchId === followedId)
  const number = new Intl.NumberFormat(currentLanguage())
  const last = page ? page.offset + page.items.length : 0

  return (
    <section class="import-history" aria-labelledby="import-history-title">
      <div class="toolbar">
        <h1 id="import-history-title">{t('importHistory.title')}</h1>
        <a href="/import">{t('importHistory.newImport')}</a>
      </div>
      {error ? <StateMessage kind="error" message={error} onRetry={reload} /> : null}
      {!error && !batches ? <StateMessage kind="loading" /> : null}
      {page && page.total === 0 ? <StateMessage kind="empty" message={t('importHistory.empty')} /> : null}
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
      {page && page.total > PAGE_SIZE ? (
        <nav class="history-pager" aria-label={t('importHistory.pages')}>
          <button type="button" disabled={page.offset === 0} onClick={() => setOffset(Math.max(0, page.offset - PAGE_SIZE))}>
            {t('importHistory.previous')}
          </button>
          <span data-testid="history-range">
            {t('importHistory.range', { first: number.format(page.offset + 1), last: number.format(last), total: number.format(page.total) })}
          </span>
          <button type="button" disabled={last >= page.total} onClick={() => setOffset(page.offset + PAGE_SIZE)}>
            {t('importHistory.next')}
          </button>
        </nav>
      ) : null}
      {followed ? <BatchFollower batch={followed} /> : null}
      <p role="status" aria-live="polite" data-testid="history-status">{status}</p>
    </section>
  )
}
