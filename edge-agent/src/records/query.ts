import { ApiError, ENTITY_SCHEMAS, findField, type EntityType, type FieldDef } from '@enclave/shared'

export const FILTER_OPERATORS = ['eq', 'ne', 'contains', 'startsWith', 'gt', 'gte', 'lt', 'lte', 'in', 'empty'] as const
export type FilterOperator = (typeof FILTER_OPERATORS)[number]

export interface Filter {
  field: string
  op: FilterOperator
  value: string
}

export interface ListQuery {
  q?: string
  /** Field to sort by; a leading `-` sorts descending. */
  sort?: string
  limit: number
  offset: number
  filters: Filter[]
}

export const DEFAULT_LIMIT = 50
export const MAX_LIMIT = 500

const SORTABLE_SYSTEM_FIELDS = ['createdAt', 'updatedAt', '_id']

/** Parses a whole number query parameter from 0 to `max`, or returns `fallback` when it is absent. */
export function parseBoundedInteger(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new ApiError(400, 'invalid_query', `${name} is '${raw}'; use a whole number from 0 to ${max}`).withParams({ reason: 'whole_number', name, value: raw, max })
  }
  return value
}

/**
 * Parses list parameters: `q`, `sort`, `limit`, `offset` and filters written as
 * `filter.<field>=<value>` or `filter.<field>.<op>=<value>`.
 *
 * @example parseListQuery('contact', new URLSearchParams('filter.country=Norway&sort=-updatedAt'))
 */
export function parseListQuery(
  type: EntityType,
  params: URLSearchParams,
  extraFields: readonly FieldDef[] = [],
): ListQuery {
  const filters: Filter[] = []
  for (const [key, value] of params) {
    if (!key.startsWith('filter.')) continue
    const [field = '', op = 'eq', ...rest] = key.slice('filter.'.length).split('.')
    if (rest.length > 0 || !(FILTER_OPERATORS as readonly string[]).includes(op)) {
      throw new ApiError(400, 'invalid_filter', `'${key}' is not a filter; use filter.<field> or filter.<field>.<op> with op one of ${FILTER_OPERATORS.join(', ')}`).withParams({
        key,
        operators: FILTER_OPERATORS,
      })
    }
    if (!findField(type, field, extraFields) && !SORTABLE_SYSTEM_FIELDS.includes(field)) {
      const known = ENTITY_SCHEMAS[type].fields.map((f) => f.name)
      throw new ApiError(400, 'unknown_field', `'${field}' is not a field of ${type}; filter on one of ${known.join(', ')}`).withParams({ reason: 'filter', field, type, known })
    }
    filters.push({ field, op: op as FilterOperator, value })
  }

  const sort = params.get('sort') ?? undefined
  if (sort) {
    const field = sort.replace(/^-/, '')
    if (!findField(type, field, extraFields) && !SORTABLE_SYSTEM_FIELDS.includes(field)) {
      throw new ApiError(400, 'unknown_field', `cannot sort by '${field}': it is not a field of ${type}`).withParams({ reason: 'sort', field, type })
    }
  }

  const q = params.get('q')?.trim()
  return {
    q: q ? q.slice(0, 200) : undefined,
    sort,
    limit: parseBoundedInteger('limit', params.get('limit') ?? undefined, DEFAULT_LIMIT, MAX_LIMIT) || DEFAULT_LIMIT,
    offset: parseBoundedInteger('offset', params.get('offset') ?? undefined, 0, Number.MAX_SAFE_INTEGER),
    filters,
  }
}

function asComparable(value: unknown): string | number | undefined {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value === 'number') return value
  return String(value).toLowerCase()
}

/** Tells whether a record passes one filter; text compares without regard to case. */
export function matchesFilter(doc: Record<string, unknown>, filter: Filter): boolean {
  const actual = asComparable(doc[filter.field])
  if (filter.op === 'empty') return (actual === undefined) === (filter.value !== 'false')
  if (actual === undefined) return filter.op === 'ne'

  const expected = typeof actual === 'number' ? Number(filter.value) : filter.value.toLowerCase()
  switch (filter.op) {
    case 'eq':
      return actual === expected
    case 'ne':
      return actual !== expected
    case 'contains':
      return String(actual).includes(String(expected))
    case 'startsWith':
      return String(actual).startsWith(String(expected))
    case 'gt':
      return actual > expected
    case 'gte':
      return actual >= expected
    case 'lt':
      return actual < expected
    case 'lte':
      return actual <= expected
    case 'in':
      return filter.value
        .split(',')
        .map((item) => (typeof actual === 'number' ? Number(item) : item.trim().toLowerCase()))
        .includes(actual)
  }
}
