import { useEffect, useState } from 'preact/hooks'
import { ENTITY_SCHEMAS } from '@enclave/shared/entities/schemas'
import type { ListParams, RecordDoc } from '../app/api-client'
import { isWritable, useApp } from '../app/app-context'
import { formatValue, t } from '../app/i18n'
import { StateMessage } from '../shell/StateMessage'
import { errorText } from '../app/error-text'

const TABS = ['mine', 'today', 'overdue'] as const
type Tab = (typeof TABS)[number]
const TASK_LIMIT = 500

function endOfToday(): string {
  const end = new Date()
  end.setHours(23, 59, 59, 999)
  return end.toISOString()
}

function startOfToday(): string {
  const start = new Date()
  start.setHours(0, 0, 0, 0)
  return start.toISOString()
}

function paramsFor(tab: Tab, userId: string): ListParams {
  const filters: Record<string, string> = { kind: 'task', 'status.ne': 'done' }
  if (tab === 'mine') filters.ownerId = userId
  if (tab === 'today') Object.assign(filters, { 'dueAt.gte': startOfToday(), 'dueAt.lte': endOfToday() })
  if (tab === 'overdue') filters['dueAt.lt'] = new Date().toISOString()
  return { filters, sort: 'dueAt', limit: TASK_LIMIT }
}

/** Open tasks: mine, due today and overdue, each completed with one click. */
export function TasksPage() {
  const app = useApp()
  const [tab, setTab] = useState<Tab>('mine')
  const [tasks, setTasks] = useState<RecordDoc[] | null>(null)
  const [error, setError] = useState('')
  const [status, setStatus] = useState('')
  const due = ENTITY_SCHEMAS.activity.fields.find((field) => field.name === 'dueAt')
  const canComplete = isWritable(app, ENTITY_SCHEMAS.activity, 'status')

  useEffect(() => {
    setTasks(null)
    setError('')
    app.api.list('activities', paramsFor(tab, app.userId)).then(
      (page) => setTasks(page.items),
      (failure: Error) => setError(errorText(failure)),
    )
  }, [tab, app.api, app.userId])

  const complete = async (task: RecordDoc) => {
    try {
      await app.api.update('activities', task._id, { status: 'done', completedAt: new Date().toISOString() })
      setTasks((current) => current?.filter((other) => other._id !== task._id) ?? null)
      setStatus(t('tasks.completed', { subject: String(task.subject ?? '') }))
    } catch (failure) {
      setStatus(errorText(failure))
    }
  }

  return (
    <section aria-labelledby="tasks-title">
      <div class="toolbar">
        <h1 id="tasks-title">{t('nav.tasks')}</h1>
        <a class="button primary" href="/activities/new?kind=task&status=open">{t('list.new')}</a>
      </div>
      <div role="tablist" class="tabs">
        {TABS.map((name) => (
          <button key={name} type="button" role="tab" aria-selected={tab === name} onClick={() => setTab(name)}>
            {t(`tasks.${name}`)}
          </button>
        ))}
      </div>
      <p role="status" aria-live="polite" class="status">{status}</p>
      {error ? <StateMessage kind="error" message={error} /> : null}
      {!tasks && !error ? <StateMessage kind="loading" /> : null}
      {tasks?.length === 0 ? <StateMessage kind="empty" /> : null}
      {tasks?.length ? (
        <ul class="task-list">
          {tasks.map((task) => {
            const overdue = typeof task.dueAt === 'string' && task.dueAt < new Date().toISOString()
            return (
              <li key={task._id} data-task={task._id} class={overdue ? 'overdue' : undefined}>
                {canComplete ? (
                  <button type="button" onClick={() => void complete(task)} aria-label={`${t('tasks.complete')}: ${String(task.subject ?? '')}`}>✓</button>
                ) : null}
                <a href={`/activities/${encodeURIComponent(task._id)}`}>{String(task.subject ?? '')}</a>
                <span class={overdue ? 'overdue-date' : 'muted'}>{t('tasks.due')}: {formatValue(due, task.dueAt)}</span>
              </li>
            )
          })}
        </ul>
      ) : null}
    </section>
  )
}
