import { useEffect, useState } from 'preact/hooks'
import type { SyncStatus } from '../app/api-client'
import { useApp } from '../app/app-context'
import { t } from '../app/i18n'

const POLL_MS = 10_000

/** Shows the edge's replication state and refreshes it every 10 seconds. */
export function SyncBadge() {
  const { api } = useApp()
  const [status, setStatus] = useState<SyncStatus | null>(null)

  useEffect(() => {
    let stopped = false
    const load = () =>
      api.syncStatus().then(
        (next) => !stopped && setStatus(next),
        () => !stopped && setStatus(null),
      )
    void load()
    const timer = setInterval(load, POLL_MS)
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }, [api])

  if (!status) return null
  const pending = (status.pendingPush ?? 0) + (status.pendingPull ?? 0)
  return (
    <span class={`sync sync-${status.state}`} data-testid="sync" title={status.lastError ?? status.lastSuccessAt ?? ''}>
      {t(`sync.${status.state}`)}
      {pending > 0 ? ` · ${t('sync.pending', { count: pending })}` : ''}
    </span>
  )
}
