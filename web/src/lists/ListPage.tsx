import { useEffect, useMemo, useState } from 'preact/hooks'
import { fieldLabel, optionLabel } from '../app/field-labels'
import { useLocation } from 'preact-iso'
import type { FieldDef } from '@enclave/shared/entities/fields'
import { findSchemaByPlural } from '@enclave/shared/entities/schemas'
import { SEARCH_READS_PERSONAL_FIELDS } from '@enclave/shared/auth/personal-search'
import type { ListParams, RecordDoc } from '../app/api-client'
import { can, isCreatable, titleOf, useApp, withholdsPersonalFields } from '../app/app-context'
import { currentLanguage, formatValue, t } from '../app/i18n'
import { FieldValue, WithheldNote, visibleFields, withheldFields } from '../records/FieldValue'
import { replaceQuery } from '../app/replace-query'
import { listQueryString, parseListQuery, withoutWithheld } from './list-url'
import { PAGE_SIZE, RowCache } from './row-cache'
import { deleteView, readViews, saveView, type SavedView } from './saved-views'
import { VirtualTable } from './VirtualTable'
import { EmptyList, StateMessage } from '../shell/StateMessage'
import { errorText } from '../app/error-text'

const DEFAULT_COLUMN_COUNT = 6
const SORT_MARKS = { ascending: ' ▲', descending: ' ▼', none: '' }

/** Columns a list starts with, before the user picks others. */
const DEFAULT_COLUMNS: Record<string, string[]> = {
  contacts: ['firstName', 'lastName', 'email', 'phone', 'jobTitle', 'country', 'lifecycleStage'],
  companies: ['name', 'sector', 'country', 'city', 'employees', 'revenue'],
  deals: ['title', 'stage', 'amount', 'product', 'agent', 'closeDate'],
  activities: ['subject', 'kind', 'status', 'dueAt', 'ownerId'],
  tickets: ['subject', 'status', 'priority', 'slaDueAt', 'ownerId'],
}

function filterKey(field: FieldDef): string {
  return field.kind === 'enum' || field.kind === 'ref' || field.kind === 'id' ? field.name : `${field.name}.contains`
}

function defaultColumns(plural: string, fields: FieldDef[]): string[] {
  const preferred = (DEFAULT_COLUMNS[plural] ?? []).filter((name) => fields.some((field) => field.name === name))
  if (preferred.length) return preferred
  return fields.filter((field) => field.kind !== 'longtext').slice(0, DEFAULT_COLUMN_COUNT).map((field) => field.name)
}

type Load = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; total: number; cache: RowCache }

/** Shows a record list with virtualised rows, sort, filters per field, chosen columns, saved views and export. */
export function ListPage({ plural }: { plural: string }) {
  const app = useApp()
  const { route } = useLocation()
  const schema = findSchemaByPlural(plural)!
  const allowed = app.allowed?.entities[schema.type]?.fields
  const fields = useMemo(() => visibleFields(app, schema), [schema, allowed, app.api])
  const withheld = useMemo(() => withheldFields(app, schema), [schema, app.api])
  // The edge rejects a search of this type when it would match personal fields the user may not read.
  const searchable = !(withholdsPersonalFields(app) && SEARCH_READS_PERSONAL_FIELDS.includes(schema.type))

  // Search, sort and filters start from the query string, so that Back and reload restore them.
  const [initial] = useState(() => withoutWithheld(parseListQuery(location.search), withheld, searchable))
  const [q, setQ] = useState(initial.q)
  const [sort, setSort] = useState(initial.sort)
  const [filters, setFilters] = useState<Record<string, string>>(initial.filters)
  const [columns, setColumns] = useState<string[]>(() => defaultColumns(plural, fields))
  const [views, setViews] = useState<SavedView[]>(() => readViews(plural))
  const [viewName, setViewName] = useState('')
  const [load, setLoad] = useState<Load>({ kind: 'loading' })
  const [, redraw] = useState(0)
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    setColumns(defaultColumns(plural, fields))
  }, [fields])

  useEffect(() => {
    replaceQuery(`/${plural}`, listQueryString(location.search, { q, sort, filters }))
  }, [plural, q, sort, filters])

  const params: ListParams = { q: q.trim() || undefined, sort: sort || undefined, filters }
  const paramsKey = JSON.stringify([plural, params, attempt])

  useEffect(() => {
    let current = true
    if (load.kind !== 'ready') setLoad({ kind: 'loading' })
    const timer = setTimeout(() => {
      const fetchPage = (offset: number, limit: number) =>
        app.api.list(plural, { ...params, offset, limit }).then((page) => page.items)
      app.api.list(plural, { ...params, limit: PAGE_SIZE }).then(
        (page) => {
          if (!current) return
          const cache = new RowCache(fetchPage, () => current && redraw((n) => n + 1), (error) => current && setLoad({ kind: 'error', message: errorText(error) }))
          cache.seed(page.items)
          setLoad({ kind: 'ready', total: page.total, cache })
        },
        (error: Error) => current && setLoad({ kind: 'error', message: errorText(error) }),
      )
    }, 120)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [paramsKey])

  const columnFields = columns.map((name) => fields.find((field) => field.name === name)).filter((field): field is FieldDef => !!field)

  const toggleSort = (name: string) => {
    if (sort === name) setSort(`-${name}`)
    else if (sort === `-${name}`) setSort('')
    else setSort(name)
  }
  const applyView = (name: string) => {
    setViewName(name)
    const saved = views.find((other) => other.name === name)
    if (!saved) {
      setQ('')
      setSort('')
      setFilters({})
      setColumns(defaultColumns(plural, fields))
      return
    }
    const view = withoutWithheld(saved, withheld, searchable)
    setQ(view.q)
    setSort(view.sort)
    setFilters(view.filters)
    setColumns(saved.columns)
  }
  const onSaveView = () => {
    const name = prompt(t('list.viewName'))?.trim()
    if (!name) return
    setViews(saveView(plural, { name, q, sort, filters, columns }))
    setViewName(name)
  }

  const head = (
    <>
      <tr>
        {columnFields.map((field) => {
          let direction: 'ascending' | 'descending' | 'none' = 'none'
          if (sort === field.name) direction = 'ascending'
          if (sort === `-${field.name}`) direction = 'descending'
          return (
            <th key={field.name} scope="col" aria-sort={direction}>
              <button type="button" class="sort" onClick={() => toggleSort(field.name)}>
                {fieldLabel(field)}
                <span aria-hidden="true">{SORT_MARKS[direction]}</span>
              </button>
            </th>
          )
        })}
      </tr>
      <tr class="filters">
        {columnFields.map((field) => (
          <th key={field.name}>
            <FilterInput field={field} value={filters[filterKey(field)] ?? ''} onChange={(value) => setFilters({ ...filters, [filterKey(field)]: value })} />
          </th>
        ))}
      </tr>
    </>
  )

  const renderRow = (index: number) => {
    const doc = load.kind === 'ready' ? load.cache.row(index) : undefined
    if (!doc) return <tr key={index} class="row placeholder"><td colSpan={columnFields.length}>…</td></tr>
    const href = `/${plural}/${encodeURIComponent(doc._id)}`
    return (
      <tr key={doc._id} class="row" data-id={doc._id} onClick={() => route(href)}>
        {columnFields.map((field, column) => (
          <td key={field.name}>
            {column === 0 ? <a href={href} onClick={(event) => event.stopPropagation()}>{formatValue(field, doc[field.name]) || titleOf(schema, doc)}</a> : <FieldValue field={field} doc={doc} />}
          </td>
        ))}
      </tr>
    )
  }

  // A search or filter without matches gets its own message, because the list may still hold records.
  const narrowed = q.trim() !== '' || Object.values(filters).some(Boolean)
  const empty = load.kind === 'ready' && load.total === 0 && !narrowed

  return (
    <section class="list-page" aria-labelledby="list-title">
      <div class="toolbar">
        <h1 id="list-title">{t(`nav.${plural}`)}</h1>
        {load.kind === 'ready' ? <span class="muted" data-testid="count">{t('list.count', { count: load.total })}</span> : null}
        {searchable ? (
          <input type="search" aria-label={t('list.search')} placeholder={t('list.search')} value={q} onInput={(event) => setQ(event.currentTarget.value)} />
        ) : null}
        <label class="inline">
          {t('list.views')}
          <select value={viewName} onChange={(event) => applyView(event.currentTarget.value)}>
            <option value="">{t('list.noView')}</option>
            {views.map((view) => <option key={view.name} value={view.name}>{view.name}</option>)}
          </select>
        </label>
        <button type="button" onClick={onSaveView}>{t('list.saveView')}</button>
        <ColumnPicker fields={fields} columns={columns} onChange={setColumns} />
        {Object.values(filters).some(Boolean) ? <button type="button" onClick={() => setFilters({})}>{t('list.clear')}</button> : null}
        {can(app, 'export') ? (
          <>
            <a class="button" href={app.api.exportUrl(plural, params)} download>{t('list.export')}</a>
            <a class="button" href={app.api.exportUrl(plural, params, 'xlsx')} download>{t('list.exportXlsx')}</a>
          </>
        ) : null}
        {isCreatable(app, schema) ? <a class="button primary" href={`/${plural}/new`}>{t('list.new')}</a> : null}
        {viewName ? (
          <button
            type="button"
            onClick={() => {
              setViews(deleteView(plural, viewName))
              setViewName('')
            }}
          >
            {t('list.deleteView')}
          </button>
        ) : null}
      </div>
      {withheld.size > 0 ? <WithheldNote /> : null}
      {empty ? (
        <EmptyList items={t(`nav.${plural}`).toLocaleLowerCase(currentLanguage())} action={isCreatable(app, schema) ? <a class="button primary" href={`/${plural}/new`}>{t('list.new')}</a> : undefined} />
      ) : (
        <VirtualTable total={load.kind === 'ready' ? load.total : 0} head={head} columnCount={columnFields.length} renderRow={renderRow} label={t(`nav.${plural}`)} resetKey={paramsKey} />
      )}
      {load.kind === 'loading' ? <StateMessage kind="loading" /> : null}
      {load.kind === 'error' ? <StateMessage kind="error" message={load.message} onRetry={() => setAttempt(attempt + 1)} /> : null}
      {load.kind === 'ready' && load.total === 0 && narrowed ? (
        <div class="state" data-testid="no-match">
          <p>{t('list.noMatch')}</p>
          <button
            type="button"
            onClick={() => {
              setQ('')
              setFilters({})
            }}
          >
            {t('list.clearSearch')}
          </button>
        </div>
      ) : null}
    </section>
  )
}

function FilterInput({ field, value, onChange }: { field: FieldDef; value: string; onChange: (value: string) => void }) {
  const label = `${t('list.filters')}: ${fieldLabel(field)}`
  if (field.kind === 'enum') {
    return (
      <select aria-label={label} value={value} onChange={(event) => onChange(event.currentTarget.value)}>
        <option value="" />
        {field.options?.map((option) => <option key={option} value={option}>{optionLabel(option)}</option>)}
      </select>
    )
  }
  return <input aria-label={label} value={value} onInput={(event) => onChange(event.currentTarget.value)} />
}

function ColumnPicker({ fields, columns, onChange }: { fields: FieldDef[]; columns: string[]; onChange: (columns: string[]) => void }) {
  return (
    <details class="columns">
      <summary>{t('list.columns')}</summary>
      <fieldset>
        <legend class="visually-hidden">{t('list.columns')}</legend>
        {fields.map((field) => (
          <label key={field.name}>
            <input
              type="checkbox"
              checked={columns.includes(field.name)}
              onChange={(event) =>
                onChange(event.currentTarget.checked ? fields.map((f) => f.name).filter((name) => name === field.name || columns.includes(name)) : columns.filter((name) => name !== field.name))
              }
            />
            {fieldLabel(field)}
          </label>
        ))}
      </fieldset>
    </details>
  )
}
