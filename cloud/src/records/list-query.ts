import { ApiError, type ListPage } from '@enclave/shared'
import type { StoredDocument } from '../storage/types'

export const FILTER_OPERATORS = ['eq', 'ne', 'contains', 'startsWith', 'gt', 'gte', 'lt', 'lte', 'in', 'empty'] as const
export type FilterOperator = (typeof FILTER_OPERATORS)[number]

export interface ListFilter {
  field: string
  op: FilterOperator
  value: string
}

/** A parsed list request, as the edge reads it: `q, sort, limit, offset, filter.<field>[.<op>]`. */
export interface ListQuery {
  q?: string
  sort?: { field: string; descending: boolean }
  limit: number
  offset: number
  filters: ListFilter[]
}

export const DEFAULT_LIST_LIMIT = 50
export const MAX_LIST_LIMIT = 500
const SYSTEM_FIELDS = ['_id', 'createdAt', 'updatedAt']

function readWholeNumber(name: string, raw: string | null, fallback: number, max: number): number {
  if (raw === null || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new ApiError(400, 'invalid_query', `${name} is '${raw}'; use a whole number from 0 to ${max}`).withParams({ reason: 'whole_number', name, value: raw, max })
  }
  return value
}

/**
 * Parses list parameters against the fields the cloud holds for a type: only fields of the
 * site's published allowed field set (and `_id`, `createdAt`, `updatedAt`) can be filtered or
 * sorted on, because no other field reaches the cloud.
 */
export function parseCloudListQuery(params: URLSearchParams, fields: readonly string[]): ListQuery {
  const known = new Set([...fields, ...SYSTEM_FIELDS])
  const checkField = (field: string, use: 'filter' | 'sort') => {
    if (!known.has(field)) {
      const verb = use === 'filter' ? 'filter on' : 'sort by'
      throw new ApiError(400, 'unknown_field', `cannot ${verb} '${field}' because the cloud does not store it; use one of ${[...known].join(', ')}`).withParams({
        reason: use === 'filter' ? 'cloud_filter' : 'cloud_sort',
        field,
        known: [...known],
      })
    }
  }

  const filters: ListFilter[] = []
  for (const [key, value] of params) {
    if (!key.startsWith('filter.')) continue
    const [field = '', op = 'eq', ...rest] = key.slice('filter.'.length).split('.')
    if (rest.length > 0 || !(FILTER_OPERATORS as readonly string[]).includes(op)) {
      throw new ApiError(400, 'invalid_filter', `'${key}' is not a filter; use filter.<field> or filter.<field>.<op> with op one of ${FILTER_OPERATORS.join(', ')}`).withParams({
        key,
        operators: FILTER_OPERATORS,
      })
    }
    checkField(field, 'filter')
    filters.push({ field, op: op as FilterOperator, value })
  }

  let sort: ListQuery['sort']
  const rawSort = params.get('sort')
  if (rawSort) {
    const field = rawSort.replace(/^-/, '')
    checkField(field, 'sort')
    sort = { field, descending: rawSort.startsWith('-') }
  }

  const q = params.get('q')?.trim()
  return {
    q: q ? q.slice(0, 200).toLowerCase() : undefined,
    sort,
    limit: readWholeNumber('limit', params.get('limit'), DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT) || DEFAULT_LIST_LIMIT,
    offset: readWholeNumber('offset', params.get('offset'), 0, Number.MAX_SAFE_INTEGER),
    filters,
  }
}

function comparable(value: unknown): string | number | undefined {
  if (value === undefined || value === null || value === '') return undefined
  return typeof value === 'number' ? value : String(value).toLowerCase()
}

function passesFilter(doc: StoredDocument, filter: ListFilter): boolean {
  const actual = comparable(doc[filter.field])
  if (filter.op === 'empty') return (actual === undefined) === (filter.value !== 'false')
  if (actual === undefined) return filter.op === 'ne'

  const toOperand = (raw: string) => (typeof actual === 'number' ? Number(raw) : raw.trim().toLowerCase())
  const expected = toOperand(filter.value)
  if (filter.op === 'eq') return actual === expected
  if (filter.op === 'ne') return actual !== expected
  if (filter.op === 'contains') return String(actual).includes(String(expected))
  if (filter.op === 'startsWith') return String(actual).startsWith(String(expected))
  if (filter.op === 'gt') return actual > expected
  if (filter.op === 'gte') return actual >= expected
  if (filter.op === 'lt') return actual < expected
  if (filter.op === 'lte') return actual <= expected
  return filter.value.split(',').map(toOperand).includes(actual)
}

function matchesText(doc: StoredDocument, q: string, fields: readonly string[]): boolean {
  return fields.some((field) => {
    const value = doc[field]
    return (typeof value === 'string' || typeof value === 'number') && String(value).toLowerCase().includes(q)
  })
}

function compareValues(a: unknown, b: unknown): number {
  const left = comparable(a)
  const right = comparable(b)
  if (left === right) return 0
  if (left === undefined) return 1
  if (right === undefined) return -1
  return left < right ? -1 : 1
}

/**
 * Applies a list query to documents in memory: text search over the given fields, filters,
 * sort (documents without the value last) and the page. Documents keep id order otherwise.
 */
export function applyListQuery(docs: StoredDocument[], query: ListQuery, searchFields: readonly string[]): ListPage<StoredDocument> {
  let selected = docs.filter((doc) => query.filters.every((filter) => passesFilter(doc, filter)))
  if (query.q) selected = selected.filter((doc) => matchesText(doc, query.q!, searchFields))

  if (query.sort) {
    const { field, descending } = query.sort
    selected = [...selected].sort((a, b) => {
      const order = compareValues(a[field], b[field])
      return descending && comparable(a[field]) !== undefined && comparable(b[field]) !== undefined ? -order : order
    })
  }

  return {
    items: selected.slice(query.offset, query.offset + query.limit),
    total: selected.length,
    limit: query.limit,
    offset: query.offset,
  }
}
