import './records.css'
import { fieldLabel, typeLabel } from '../app/field-labels'
import { useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import type { FieldDef } from '@enclave/shared/entities/fields'
import { findSchemaByPlural } from '@enclave/shared/entities/schemas'
import { validateRecord } from '@enclave/shared/entities/validate'
import { isSettableOnCreate, useApp } from '../app/app-context'
import { t } from '../app/i18n'
import { RequestError } from '../pages/reports/request'
import { detailMessages, parseInput } from './field-input'
import { FieldControl } from './FieldControl'
import { visibleFields } from './FieldValue'
import { describeFieldError, errorText } from '../app/error-text'

/**
 * Returns the first option of each required choice, such as a deal's stage Prospecting or a
 * ticket's status, so a new record starts where most records start instead of at an empty choice.
 */
function firstChoices(fields: readonly FieldDef[]): Record<string, string> {
  const choices = fields.filter((field) => field.kind === 'enum' && field.required && field.options?.length)
  return Object.fromEntries(choices.map((field) => [field.name, field.options![0]!]))
}

/** Shows a form for a new record of one type, prefilled from the query string (`?contactId=`). */
export function NewRecordPage({ plural }: { plural: string }) {
  const app = useApp()
  const { route, query } = useLocation()
  const schema = findSchemaByPlural(plural)!
  const fields = visibleFields(app, schema).filter((field) => isSettableOnCreate(app, schema, field.name))
  const [texts, setTexts] = useState<Record<string, string>>(() => ({ ...firstChoices(fields), ...query }))
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [formError, setFormError] = useState('')
  const [saving, setSaving] = useState(false)

  const submit = async () => {
    const body: Record<string, unknown> = {}
    for (const field of fields) {
      const value = parseInput(field, texts[field.name] ?? '')
      if (value !== null) body[field.name] = value
    }
    const checked = validateRecord(schema.type, body)
    if (!checked.ok) {
      setErrors(Object.fromEntries(checked.errors.map((error) => [error.field, describeFieldError(error)])))
      // An error on a field the form does not show would otherwise leave the page silent.
      const unshown = checked.errors.filter((error) => !fields.some((field) => field.name === error.field))
      setFormError(unshown.map((error) => describeFieldError(error)).join(' '))
      return
    }
    setSaving(true)
    try {
      const doc = await app.api.create(plural, body)
      route(`/${plural}/${encodeURIComponent(doc._id)}`)
    } catch (error) {
      const details = error instanceof RequestError ? detailMessages(error.details) : {}
      setErrors(details)
      setFormError(errorText(error))
    } finally {
      setSaving(false)
    }
  }

  return (
    <section class="record-page" aria-labelledby="new-record-heading">
      <div class="toolbar">
        <a href={`/${plural}`}>← {t(`nav.${plural}`)}</a>
        <h1 id="new-record-heading" dir="auto">{t('record.newTitle', { type: typeLabel(schema.type) })}</h1>
      </div>
      <form
        class="new-record"
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        {fields.map((field) => (
          <div class="form-row" key={field.name}>
            <label for={`new-${field.name}`}>
              {fieldLabel(field)}
              {field.required ? <span aria-hidden="true"> *</span> : null}
            </label>
            <FieldControl
              field={field}
              id={`new-${field.name}`}
              value={texts[field.name] ?? ''}
              error={errors[field.name]}
              onInput={(text) => {
                setTexts({ ...texts, [field.name]: text })
                setErrors({ ...errors, [field.name]: '' })
              }}
            />
          </div>
        ))}
        {formError ? <p class="field-error" role="alert">{formError}</p> : null}
        <button type="submit" class="primary" disabled={saving}>{t('record.create')}</button>
      </form>
    </section>
  )
}
