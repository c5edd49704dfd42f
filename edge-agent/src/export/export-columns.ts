import { ENTITY_SCHEMAS, type EntityType, type FieldDef, type RecordDoc } from '@enclave/shared'
import type { RecordStore } from '../records/record-store'

/** One column of an export: its header and how to read its cell from a record. */
export interface ExportColumn {
  field: FieldDef
  header: string
  cell(doc: RecordDoc): string | number | boolean
}

// References to companies are exported as the company's name, which import matches back.
const COMPANY_REFERENCES = new Set(['companyId', 'parentCompanyId'])

/**
 * Lists the export columns of a type: every field in schema order, then custom fields,
 * headed by the field's label, which import maps back to the same field. `include` limits the
 * columns to those field names.
 */
export function exportColumns(store: RecordStore, type: EntityType, include?: ReadonlySet<string>): ExportColumn[] {
  const fields = [...ENTITY_SCHEMAS[type].fields, ...store.getCustomFields(type)]
  return fields
    .filter((field) => !include || include.has(field.name))
    .map((field) => ({
      field,
      header: field.label,
      cell: (doc: RecordDoc) => {
        const value = doc[field.name]
        if (value === undefined || value === null) return ''
        if (COMPANY_REFERENCES.has(field.name) && typeof value === 'string') {
          return String(store.index.get('company', value)?.name ?? value)
        }
        if (typeof value === 'number' || typeof value === 'boolean') return value
        return typeof value === 'string' ? value : JSON.stringify(value)
      },
    }))
}
