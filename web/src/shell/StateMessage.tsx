import type { ComponentChildren } from 'preact'
import { t } from '../app/i18n'

/** Shows the loading, empty or error state of a page or panel. */
export function StateMessage({ kind, message, onRetry }: { kind: 'loading' | 'empty' | 'error'; message?: string; onRetry?: () => void }) {
  if (kind === 'loading') return <p class="state" role="status" aria-live="polite">{t('app.loading')}</p>
  if (kind === 'empty') return <p class="state" data-testid="empty">{message ?? t('app.empty')}</p>
  return (
    <div class="state error" role="alert">
      <p>{message}</p>
      {onRetry ? <button type="button" onClick={onRetry}>{t('app.retry')}</button> : null}
    </div>
  )
}

/** Shows that the record named in the URL does not exist, with a link back to its list. */
export function RecordNotFound({ listHref, listLabel }: { listHref: string; listLabel: string }) {
  return (
    <div class="state error" role="alert" data-testid="not-found">
      <p>{t('record.notFound')}</p>
      <a href={listHref}>← {listLabel}</a>
    </div>
  )
}

/**
 * Shows that a list has no items yet, in place of its table, with `action` (the way to create
 * the first item) for users who may create one. `items` is the plural name of what the list shows.
 */
export function EmptyList({ items, action }: { items: string; action?: ComponentChildren }) {
  return (
    <div class="state empty-list" data-testid="empty-list">
      <p>{t('list.none', { items })}</p>
      {action}
    </div>
  )
}
