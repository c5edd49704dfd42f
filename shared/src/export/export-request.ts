import { ApiError } from '../errors'
import type { ExportColumn } from './export-columns'

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

// Parameters of the export itself; every other parameter is a list parameter (q, sort, filter.*).
const EXPORT_PARAMETERS = ['format', 'fields', 'limit', 'offset']

/** Builds the 404 for an export of `plural` when it names no record type. */
export function unknownExportType(plural: string): ApiError {
  return new ApiError(404, 'not_found', `'${plural}' cannot be exported; use contacts, companies, deals, activities or tickets`).withParams({ reason: 'export_type', value: plural })
}

/** Reads `format` (csv when absent) and raises 400 `invalid_format` for any other value. */
export function readExportFormat(raw: string | undefined): ExportFormat {
  const format = raw ?? 'csv'
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new ApiError(400, 'invalid_format', `format '${format}' is not supported; use csv or xlsx`).withParams({ format })
  }
  return format as ExportFormat
}

/**
 * Returns the list parameters of an export URL: its query without `format`, `fields`, `limit`
 * and `offset`, because an export writes every matching record.
 */
export function listParametersOf(url: string): URLSearchParams {
  const params = new URLSearchParams(new URL(url).search)
  for (const name of EXPORT_PARAMETERS) params.delete(name)
  return params
}

export interface ExportColumnChoice {
  /** Every column the tier can export for the type, in order. */
  columns: readonly ExportColumn[]
  /** The `fields` parameter: comma-separated field names, or undefined for every column. */
  fields: string | undefined
  /** Whether the user's role has `read_personal`. */
  readsPersonal: boolean
  /** Builds the error for requested names that are no column; it must be a 400. */
  unknownFields(names: string[]): ApiError
}

/**
 * Chooses the columns of an export. With `fields`, only those columns, and a name that is no
 * column raises `unknownFields`. A role without `read_personal` loses the personal columns:
 * silently when it asked for every column, and with 403 `forbidden` when it named them.
 */
export function chooseExportColumns(choice: ExportColumnChoice): ExportColumn[] {
  const requested = choice.fields?.split(',').map((name) => name.trim()).filter(Boolean)
  let columns = [...choice.columns]
  if (requested) {
    const known = new Set(columns.map((column) => column.field.name))
    const unknown = requested.filter((name) => !known.has(name))
    if (unknown.length > 0) throw choice.unknownFields(unknown)
    const wanted = new Set(requested)
    columns = columns.filter((column) => wanted.has(column.field.name))
  }
  if (choice.readsPersonal) return columns

  const personal = columns.filter((column) => column.field.pii).map((column) => column.field.name)
  if (requested && personal.length > 0) {
    throw new ApiError(403, 'forbidden', `${personal.join(', ')} ${personal.length === 1 ? 'is a personal field' : 'are personal fields'}, which your role may not export; leave them out of fields`).withParams({
      reason: 'personal_export',
      fields: personal,
    })
  }
  return columns.filter((column) => !column.field.pii)
}
