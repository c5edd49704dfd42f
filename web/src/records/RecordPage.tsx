import './records.css'
import { fieldLabel } from '../app/field-labels'
import { useEffect, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import type { FieldDef } from '@enclave/shared/entities/fields'
import { ENTITY_SCHEMAS, findSchemaByPlural } from '@enclave/shared/entities/schemas'
import type { RecordDoc } from '../app/api-client'
import { can, isDeletable, isWritable, mayChangeRecord, titleOf, useApp } from '../app/app-context'
import { t } from '../app/i18n'
import { RequestError } from '../pages/reports/request'
import { RecordNotFound, StateMessage } from '../shell/StateMessage'
import { detailMessages, fieldMessage, inputText, parseInput } from './field-input'
import { FieldControl } from './FieldControl'
import { FieldValue, WithheldNote, visibleFields, withheldFields } from './FieldValue'
import { RefLink } from './RefLink'
import { RejectionNotice } from './RejectionNotice'
import { RelatedRecords } from './RelatedRecords'
import { SubjectRights } from './SubjectRights'
import { errorText } from '../app/error-text'
import { isolate } from '../app/bidi'

type Load = { kind: 'loading' } | { kind: 'error'; message: string; notFound: boolean } | { kind: 'ready'; doc: RecordDoc }

/** Shows one record: its fields with inline editing, related records, timeline and delete. */
export function RecordPage({ plural, id }: { plural: string; id: string }) {
  const app = useApp()
  const { route } = useLocation()
  const schema = findSchemaByPlural(plural)!
  const [load, setLoad] = useState<Load>({ kind: 'loading' })
  const [deleteError, setDeleteError] = useState('')

  const [version, setVersion] = useState(0)

  useEffect(() => {
    if (version === 0) setLoad({ kind: 'loading' })
    app.api.get(plural, id).then(
      (doc) => setLoad({ kind: 'ready', doc }),
      (error: Error) => setLoad({ kind: 'error', message: errorText(error), notFound: error instanceof RequestError && error.status === 404 }),
    )
  }, [plural, id, app.api, version])

  if (load.kind === 'loading') return <StateMessage kind="loading" />
  if (load.kind === 'error' && load.notFound) return <RecordNotFound listHref={`/${plural}`} listLabel={t(`nav.${plural}`)} />
  if (load.kind === 'error') return <StateMessage kind="error" message={load.message} />

  const doc = load.doc
  const title = titleOf(schema, doc)
  const fields = visibleFields(app, schema)
  const changeable = mayChangeRecord(app, doc)
  const canDelete = changeable && isDeletable(app, schema)
  const subjectRights = schema.type === 'contact' && app.api.tier.tier === 'edge' && can(app, 'subject_rights')

  /**
   * Saves one field with the revision the page shows, so the server rejects it when the record
   * changed since. When the change elsewhere left this field alone, the field is saved again on
   * the new revision. Otherwise the conflict goes to the field, which reloads the record.
   */
  const saveField = async (field: FieldDef, value: unknown): Promise<RecordDoc> => {
    try {
      return await app.api.update(plural, doc._id, { [field.name]: value, _rev: doc._rev })
    } catch (failure) {
      if (!(failure instanceof RequestError && failure.status === 409)) throw failure
      const latest = await app.api.get(plural, doc._id)
      if (JSON.stringify(latest[field.name]) !== JSON.stringify(doc[field.name])) throw failure
      return app.api.update(plural, doc._id, { [field.name]: value, _rev: latest._rev })
    }
  }

  const onDelete = async () => {
    if (!confirm(t('record.confirmDelete', { title: isolate(title) }))) return
    try {
      await app.api.remove(plural, doc._id)
      route(`/${plural}`)
    } catch (error) {
      setDeleteError(errorText(error))
    }
  }

  return (
    <article class="record-page" aria-labelledby="record-title">
      <div class="toolbar">
        <a href={`/${plural}`}>← {t(`nav.${plural}`)}</a>
        <h1 id="record-title" dir="auto">{title}</h1>
        {subjectRights ? <SubjectRights doc={doc} title={title} onErased={() => route(`/${plural}`)} /> : null}
        {canDelete ? <button type="button" class="danger" onClick={() => void onDelete()}>{t('record.delete')}</button> : null}
      </div>
      {deleteError ? <p role="alert" class="field-error">{deleteError}</p> : null}
      {withheldFields(app, schema).size > 0 ? <WithheldNote /> : null}
      <RejectionNotice doc={doc} type={schema.type} fields={fields} userId={app.userId} />
      <div class="record-columns">
        <dl class="fields">
          {fields.map((field) => (
            <EditableField
              key={field.name}
              field={field}
              doc={doc}
              writable={changeable && isWritable(app, schema, field.name) && !doc.residency?.[field.name]}
              onSaved={(next) => setLoad({ kind: 'ready', doc: next })}
              save={(value) => saveField(field, value)}
              onStale={() => setVersion((current) => current + 1)}
            />
          ))}
        </dl>
        <RelatedRecords type={schema.type} id={doc._id} />
      </div>
    </article>
  )
}

interface EditableProps {
  field: FieldDef
  doc: RecordDoc
  writable: boolean
  save: (value: unknown) => Promise<RecordDoc>
  onSaved: (doc: RecordDoc) => void
  /** Reloads the record after the server refused a change because the record changed meanwhile. */
  onStale: () => void
}

function EditableField({ field, doc, writable, save, onSaved, onStale }: EditableProps) {
  const [editing, setEditing] = useState(false)
  const [text, setText] = useState('')
  const [error, setError] = useState<string | undefined>()
  const [saving, setSaving] = useState(false)
  const id = `field-${field.name}`

  const start = () => {
    setText(inputText(field, doc[field.name]))
    setError(undefined)
    setEditing(true)
  }

  const submit = async () => {
    const value = parseInput(field, text)
    const message = fieldMessage(field, value, doc)
    if (message) return setError(message)
    setSaving(true)
    try {
      onSaved(await save(value))
      setEditing(false)
    } catch (failure) {
      if (failure instanceof RequestError && failure.status === 409) {
        setError(t('record.changedElsewhere'))
        onStale()
        return
      }
      const details = failure instanceof RequestError ? detailMessages(failure.details) : {}
      setError(details[field.name] ?? errorText(failure))
    } finally {
      setSaving(false)
    }
  }

  const value = field.kind === 'ref' && typeof doc[field.name] === 'string' && field.refType
    ? <RefLink plural={ENTITY_SCHEMAS[field.refType].plural} id={doc[field.name] as string} />
    : <FieldValue field={field} doc={doc} />

  return (
    <div class="field" data-field={field.name}>
      <dt>{editing ? <label for={id}>{fieldLabel(field)}</label> : fieldLabel(field)}</dt>
      <dd>
        {editing ? (
          <form
            class="inline-edit"
            noValidate
            onSubmit={(event) => {
              event.preventDefault()
              void submit()
            }}
          >
            <FieldControl
              field={field}
              id={id}
              value={text}
              error={error}
              autoFocus
              onInput={(next) => {
                setText(next)
                setError(undefined)
              }}
              onKeyDown={(event) => event.key === 'Escape' && setEditing(false)}
            />
            <button type="submit" disabled={saving}>{t('record.save')}</button>
            <button type="button" onClick={() => setEditing(false)}>{t('record.cancel')}</button>
          </form>
        ) : (
          <>
            <span class="value">{value}</span>
            {writable ? (
              <button type="button" class="edit" aria-label={`${t('record.edit')} ${fieldLabel(field)}`} onClick={start}>✎</button>
            ) : null}
          </>
        )}
      </dd>
    </div>
  )
}
