import type { EntityType, FieldDef } from '@enclave/shared/entities/fields'
import { ENTITY_SCHEMAS } from '@enclave/shared/entities/schemas'
import { DATE_FORMATS } from '@enclave/shared/import/date-format'
import { VIRTUAL_FIELDS } from '@enclave/shared/import/import-fields'
import { fieldLabel } from '../app/field-labels'
import { currentLanguage, t } from '../app/i18n'
import type { Column } from './import-api'

interface Props {
  type: EntityType
  columns: readonly Column[]
  sample: readonly string[][]
  onChange: (next: Column[]) => void
}

/**
 * Returns the option text of a stored field. A reference such as Company takes a record ID, and
 * the text names it, so it differs from the virtual field that matches a company by name.
 */
function storedFieldText(field: FieldDef): string {
  return field.kind === 'ref' ? t('import.byId', { label: fieldLabel(field) }) : fieldLabel(field)
}

/** Returns "A or B" in the current language. */
function joinAlternatives(items: readonly string[]): string {
  return new Intl.ListFormat(currentLanguage(), { type: 'disjunction' }).format(items)
}

/** Shows each column of the file with its target field, date format and sample values. */
export function MappingTable({ type, columns, sample, onChange }: Props) {
  const replace = (index: number, column: Column) => {
    const next = [...columns]
    next[index] = column
    onChange(next)
  }

  return (
    <table class="grid mapping">
      <thead>
        <tr>
          <th scope="col">{t('import.column')}</th>
          <th scope="col">{t('import.field')}</th>
          <th scope="col">{t('import.dateFormat')}</th>
          <th scope="col">{t('import.preview')}</th>
        </tr>
      </thead>
      <tbody>
        {columns.map((column, index) => {
          const ambiguous = column.dateDetection?.ambiguous === true && !column.dateFormat
          const hintId = `date-hint-${column.column}`
          const candidates = column.dateDetection?.candidates.length ? column.dateDetection.candidates : DATE_FORMATS
          return (
            <tr key={column.column} data-column={column.header}>
              <td>{column.header}</td>
              <td>
                <select aria-label={`${t('import.field')}: ${column.header}`} value={column.field ?? ''} onChange={(event) => replace(index, { ...column, field: event.currentTarget.value || null })}>
                  <option value="">{t('import.skip')}</option>
                  {VIRTUAL_FIELDS[type].map((field) => <option key={field.name} value={field.name}>{t(`import.${field.name}`)}</option>)}
                  {ENTITY_SCHEMAS[type].fields.map((field) => <option key={field.name} value={field.name}>{storedFieldText(field)}</option>)}
                </select>
              </td>
              <td class="date-format">
                {column.dateDetection || column.dateFormat ? (
                  <>
                    <select
                      aria-label={`${t('import.dateFormat')}: ${column.header}`}
                      value={column.dateFormat ?? ''}
                      aria-invalid={ambiguous ? true : undefined}
                      aria-describedby={ambiguous ? hintId : undefined}
                      onChange={(event) => replace(index, { ...column, dateFormat: (event.currentTarget.value || undefined) as Column['dateFormat'] })}
                    >
                      <option value="">{t('import.chooseDateFormat')}</option>
                      {candidates.map((format) => <option key={format}>{format}</option>)}
                    </select>
                    {ambiguous ? (
                      <p id={hintId} class="field-hint" data-testid="ambiguous-date">
                        {t('import.ambiguousDate', { formats: joinAlternatives(column.dateDetection!.candidates) })}
                      </p>
                    ) : null}
                  </>
                ) : null}
              </td>
              <td class="muted">{sample.map((row) => row[column.column] ?? '').filter(Boolean).slice(0, 3).join(' · ')}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
