import { useEffect, useState } from 'preact/hooks'
import type { EntityType } from '@enclave/shared/entities/fields'
import { ENTITY_SCHEMAS } from '@enclave/shared/entities/schemas'
import type { RecordDoc } from '../app/api-client'
import { isCreatable, titleOf, useApp } from '../app/app-context'
import { formatValue, t } from '../app/i18n'
import { optionLabel } from '../app/field-labels'

const RELATED_LIMIT = 50

/** Lists whose records point at a record of each type, with the field that points. */
const LINKS: Partial<Record<EntityType, Array<{ type: EntityType; field: string }>>> = {
  contact: [{ type: 'deal', field: 'contactId' }, { type: 'ticket', field: 'contactId' }],
  company: [{ type: 'contact', field: 'companyId' }, { type: 'deal', field: 'companyId' }, { type: 'ticket', field: 'companyId' }],
  deal: [],
  ticket: [],
}

/** Field of an activity that points at a record of each type, for the timeline. */
const TIMELINE_FIELD: Partial<Record<EntityType, string>> = {
  contact: 'contactId',
  company: 'companyId',
  deal: 'dealId',
  ticket: 'ticketId',
}

/** Records that point at this one, and its timeline of activities, newest first. */
export function RelatedRecords({ type, id }: { type: EntityType; id: string }) {
  const app = useApp()
  const { api } = app
  const canLog = isCreatable(app, ENTITY_SCHEMAS.activity)
  const [groups, setGroups] = useState<Array<{ type: EntityType; items: RecordDoc[] }>>([])
  const [timeline, setTimeline] = useState<RecordDoc[] | null>(null)

  useEffect(() => {
    const links = LINKS[type] ?? []
    Promise.all(
      links.map((link) =>
        api.list(ENTITY_SCHEMAS[link.type].plural, { filters: { [link.field]: id }, limit: RELATED_LIMIT }).then(
          (page) => ({ type: link.type, items: page.items }),
          () => ({ type: link.type, items: [] }),
        ),
      ),
    ).then(setGroups)

    const field = TIMELINE_FIELD[type]
    if (!field) return setTimeline([])
    api.list('activities', { filters: { [field]: id }, sort: '-createdAt', limit: RELATED_LIMIT }).then(
      (page) => setTimeline(page.items),
      () => setTimeline([]),
    )
  }, [type, id, api])

  const activity = ENTITY_SCHEMAS.activity
  const due = activity.fields.find((field) => field.name === 'dueAt')
  return (
    <aside class="related">
      {groups.some((group) => group.items.length) ? <h2>{t('record.related')}</h2> : null}
      {groups.filter((group) => group.items.length).map((group) => {
        const schema = ENTITY_SCHEMAS[group.type]
        return (
          <section key={group.type}>
            <h3>{t(`nav.${schema.plural}`)}</h3>
            <ul>
              {group.items.map((doc) => (
                <li key={doc._id}><a href={`/${schema.plural}/${encodeURIComponent(doc._id)}`} dir="auto">{titleOf(schema, doc)}</a></li>
              ))}
            </ul>
          </section>
        )
      })}
      {TIMELINE_FIELD[type] ? (
        <section class="timeline">
          <h2>{t('record.timeline')}</h2>
          {timeline === null ? <p class="muted">{t('app.loading')}</p> : null}
          {timeline?.length === 0 ? <p class="muted">{t('app.empty')}</p> : null}
          <ol>
            {timeline?.map((doc) => (
              <li key={doc._id} data-kind={String(doc.kind)}>
                <span class="badge">{optionLabel(String(doc.kind ?? ''))}</span>{' '}
                <a href={`/activities/${encodeURIComponent(doc._id)}`} dir="auto">{titleOf(activity, doc)}</a>{' '}
                <span class="muted">{formatValue(due, doc.dueAt) || formatValue({ name: 'createdAt', kind: 'datetime', label: '' }, doc.createdAt)}</span>
              </li>
            ))}
          </ol>
          {canLog ? <a class="button" href={`/activities/new?${TIMELINE_FIELD[type]}=${encodeURIComponent(id)}`}>{t('record.addActivity')}</a> : null}
        </section>
      ) : null}
    </aside>
  )
}
