import type { FieldDef } from '../entities/fields'

/** A record as an export reads it: an edge record or a document the cloud stores. */
export type ExportRecord = { readonly [field: string]: unknown }

/** A cell value as written: numbers and booleans keep their type, everything else is text. */
export type ExportCell = string | number | boolean

/** One column of an export: its header and how to read its cell from a record. */
export interface ExportColumn {
  field: FieldDef
  header: string
  cell(doc: ExportRecord): ExportCell
}

export interface ExportColumnOptions {
  /** Field names to keep; every field when absent. */
  include?: ReadonlySet<string>
  /**
   * Returns the name of the company a `companyId` or `parentCompanyId` value points to, or
   * undefined to write the id itself.
   */
  companyName?: (id: string) => string | undefined
}

// References to companies are exported as the company's name, which import matches back.
const COMPANY_REFERENCES = new Set(['companyId', 'parentCompanyId'])

/**
 * Lists the export columns of `fields` in the given order, headed by the field's label, which
 * import maps back to the same field. Numbers and booleans keep their type, other values
 * become text, and a missing value is an empty cell.
 */
export function exportColumns(fields: readonly FieldDef[], options: ExportColumnOptions = {}): ExportColumn[] {
  const { include, companyName } = options
  return fields
    .filter((field) => !include || include.has(field.name))
    .map((field) => ({
      field,
      header: field.label,
      cell: (doc: ExportRecord) => {
        const value = doc[field.name]
        if (value === undefined || value === null) return ''
        if (COMPANY_REFERENCES.has(field.name) && typeof value === 'string') return companyName?.(value) ?? value
        if (typeof value === 'number' || typeof value === 'boolean') return value
        return typeof value === 'string' ? value : JSON.stringify(value)
      },
    }))
}
