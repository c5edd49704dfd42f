import type { ErrorParams } from '../api'
import { checkText, excerpt, quote as quoteValue, type ValueCheck } from '../entities/values'

/** Quotes a value for a message; `quote` of the values module cannot take undefined. */
function quote(value: unknown): string {
  return value === undefined ? 'missing' : quoteValue(value)
}

/**
 * Operators of a segment condition. They are the list filter operators of the edge
 * (`filter.<field>.<op>`), so a segment can be opened as a filtered list and back.
 */
export const SEGMENT_OPERATORS = [
  'eq',
  'ne',
  'contains',
  'startsWith',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'empty',
] as const
export type SegmentOperator = (typeof SEGMENT_OPERATORS)[number]

/** Entity types a segment can select. */
export const SEGMENT_ENTITY_TYPES = ['contact', 'company', 'deal'] as const
export type SegmentEntityType = (typeof SEGMENT_ENTITY_TYPES)[number]

/** Whether a record must pass every condition (`all`) or at least one (`any`). */
export const SEGMENT_MATCH_MODES = ['all', 'any'] as const
export type SegmentMatch = (typeof SEGMENT_MATCH_MODES)[number]

/** One test of a segment: `country eq Norway`, `amount gte 10000`, `email empty false`. */
export interface SegmentCondition {
  field: string
  op: SegmentOperator
  /** Compared as text, or as a number when the record's value is a number; a list for `in`. */
  value: string
}

/** Most conditions a segment may have; more is a sign of a list that should be a field. */
export const MAX_SEGMENT_CONDITIONS = 50

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/

/** Returns a failure whose `params.reason` names the rule the condition breaks. */
function invalid(message: string, params: ErrorParams & { reason: string }): ValueCheck {
  return { ok: false, code: 'invalid_conditions', message, params }
}

function shown(value: unknown): string {
  return value === undefined ? '' : excerpt(value)
}

function checkCondition(raw: unknown, position: number): ValueCheck {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return invalid(`condition ${position} is ${quote(raw)}; write { field, op, value }`, { reason: 'not_object', position, value: shown(raw) })
  }
  const { field, op = 'eq', value, ...rest } = raw as Record<string, unknown>
  const extra = Object.keys(rest)
  if (extra.length > 0) {
    return invalid(`condition ${position} has unknown keys ${extra.join(', ')}; use field, op and value`, { reason: 'unknown_keys', position, keys: extra })
  }
  if (typeof field !== 'string' || !FIELD_NAME.test(field)) {
    return invalid(`condition ${position} has field ${quote(field)}; name a field such as country`, { reason: 'invalid_field', position, value: shown(field) })
  }
  if (typeof op !== 'string' || !(SEGMENT_OPERATORS as readonly string[]).includes(op)) {
    return invalid(`condition ${position} has op ${quote(op)}; use one of ${SEGMENT_OPERATORS.join(', ')}`, {
      reason: 'invalid_op',
      position,
      value: shown(op),
      options: SEGMENT_OPERATORS,
    })
  }

  const rawValue = typeof value === 'number' && Number.isFinite(value) ? String(value) : value
  if (op === 'empty' && (rawValue === undefined || rawValue === '')) {
    return { ok: true, value: { field, op, value: 'true' } }
  }
  if (op === 'empty' && rawValue !== 'true' && rawValue !== 'false') {
    return invalid(`condition ${position} (${field} empty) has value ${quote(rawValue)}; use true or false`, {
      reason: 'invalid_empty_value',
      position,
      conditionField: field,
      value: shown(rawValue),
    })
  }
  const text = typeof rawValue === 'string' ? checkText(rawValue, 1000) : undefined
  if (!text?.ok || text.value === '') {
    return invalid(`condition ${position} (${field} ${op}) has value ${quote(rawValue)}; give text or a number`, {
      reason: 'invalid_value',
      position,
      conditionField: field,
      op,
      value: shown(rawValue),
    })
  }
  return { ok: true, value: { field, op, value: text.value } }
}

/**
 * Checks the conditions of a segment and returns them normalised (`op` defaults to `eq`,
 * numbers become text). Field names are checked against the segment's entity type when the
 * segment is evaluated, because a condition list alone does not say which type it is for.
 *
 * @example checkConditions([{ field: 'country', value: 'Norway' }])
 */
export function checkConditions(raw: unknown): ValueCheck {
  if (!Array.isArray(raw)) return invalid(`${quote(raw)} is not a list of conditions`, { reason: 'not_list', value: shown(raw) })
  if (raw.length > MAX_SEGMENT_CONDITIONS) {
    return invalid(`${raw.length} conditions is more than the maximum of ${MAX_SEGMENT_CONDITIONS}`, {
      reason: 'too_many',
      count: raw.length,
      max: MAX_SEGMENT_CONDITIONS,
    })
  }

  const conditions: SegmentCondition[] = []
  for (const [index, item] of raw.entries()) {
    const check = checkCondition(item, index + 1)
    if (!check.ok) return check
    conditions.push(check.value as SegmentCondition)
  }
  return { ok: true, value: conditions }
}
