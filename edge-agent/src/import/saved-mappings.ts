import { ApiError, isEntityType, type EntityType } from '@enclave/shared'
import { isDateFormat, normaliseHeader, type ColumnSuggestion, type DateFormat } from '@enclave/shared/import/index'
import { ulid } from 'ulidx'
import type { Database } from '../storage/pouch'

/** A column mapping saved under a name, applied to later files by column name. */
export interface SavedMapping {
  id: string
  name: string
  type: EntityType
  columns: { header: string; field: string | null; dateFormat?: DateFormat }[]
  settings?: Record<string, unknown>
  createdAt: string
}

const PREFIX = 'import-mapping:'

/** Saved import mappings, kept in the `meta` database. */
export class SavedMappings {
  constructor(private readonly meta: Database) {}

  async list(): Promise<SavedMapping[]> {
    const rows = await this.meta.allDocs({ startkey: PREFIX, endkey: `${PREFIX}\uffff`, include_docs: true })
    return rows.rows.map((row) => strip(row.doc as unknown as SavedMapping & { _id: string }))
  }

  async get(id: string): Promise<SavedMapping> {
    try {
      return strip((await this.meta.get(`${PREFIX}${id}`)) as unknown as SavedMapping & { _id: string })
    } catch (error) {
      if ((error as { status?: number }).status === 404) {
        throw new ApiError(404, 'not_found', `no saved mapping has the id '${id}'`).withParams({ resource: 'saved_mapping', id })
      }
      throw error
    }
  }

  async save(input: Record<string, unknown>): Promise<SavedMapping> {
    const mapping = parseSavedMapping(input)
    await this.meta.put({ _id: `${PREFIX}${mapping.id}`, ...mapping } as never)
    return mapping
  }

  async remove(id: string): Promise<void> {
    const doc = await this.meta.get(`${PREFIX}${id}`).catch(() => undefined)
    if (!doc) throw new ApiError(404, 'not_found', `no saved mapping has the id '${id}'`).withParams({ resource: 'saved_mapping', id })
    await this.meta.remove(doc)
  }
}

function strip(doc: SavedMapping & { _id: string; _rev?: string }): SavedMapping {
  const { _id, _rev, ...mapping } = doc
  return mapping
}

function parseSavedMapping(input: Record<string, unknown>): SavedMapping {
  const name = typeof input.name === 'string' ? input.name.trim() : ''
  if (!name || name.length > 100) {
    throw new ApiError(400, 'invalid_mapping', 'name is missing or longer than 100 characters; give the mapping a short name').withParams({ reason: 'saved_name' })
  }
  if (!isEntityType(input.type)) {
    const type = String(JSON.stringify(input.type))
    throw new ApiError(400, 'invalid_mapping', `type ${type} is invalid; use contact, company, deal, activity or ticket`).withParams({ reason: 'saved_type', value: type })
  }
  if (!Array.isArray(input.columns) || input.columns.length === 0) {
    throw new ApiError(400, 'invalid_mapping', 'columns is missing; send a list of { header, field } entries').withParams({ reason: 'saved_columns' })
  }

  const columns = input.columns.map((entry: unknown, position: number) => {
    const column = (entry ?? {}) as Record<string, unknown>
    if (typeof column.header !== 'string' || (column.field !== null && typeof column.field !== 'string')) {
      throw new ApiError(400, 'invalid_mapping', `columns[${position}] needs a text header and a field name or null`).withParams({ reason: 'saved_column', position })
    }
    return {
      header: column.header,
      field: column.field as string | null,
      dateFormat: isDateFormat(column.dateFormat) ? column.dateFormat : undefined,
    }
  })
  const settings = input.settings && typeof input.settings === 'object' ? (input.settings as Record<string, unknown>) : undefined
  return { id: ulid(), name, type: input.type, columns, settings, createdAt: new Date().toISOString() }
}

/** Applies a saved mapping to suggested columns: a column whose name matches takes the saved field. */
export function applySavedMapping(columns: ColumnSuggestion[], saved: SavedMapping): ColumnSuggestion[] {
  const byHeader = new Map(saved.columns.map((column) => [normaliseHeader(column.header), column]))
  const result: ColumnSuggestion[] = columns.map((column) => {
    const match = byHeader.get(normaliseHeader(column.header))
    if (!match) return column
    return { ...column, field: match.field, dateFormat: match.dateFormat ?? column.dateFormat, reason: 'header' }
  })
  // A field the saved mapping gives to a column keeps only that column.
  const claimed = new Set(result.filter((column) => byHeader.has(normaliseHeader(column.header))).map((column) => column.field))
  return result.map((column) =>
    !byHeader.has(normaliseHeader(column.header)) && column.field !== null && claimed.has(column.field) ? { ...column, field: null, reason: 'none' } : column,
  )
}
