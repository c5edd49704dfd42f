import type { SegmentCondition } from '@enclave/shared'

/** Tests one record; built once per request so that no condition is parsed per record. */
export type RecordTest = (doc: Readonly<Record<string, unknown>>) => boolean

function comparable(value: unknown): string | number | undefined {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value === 'number') return value
  return String(value).toLowerCase()
}

/**
 * Compiles one condition into a test with the same results as `matchesFilter` of the list
 * query, which parses the condition's value again for every record. Text compares without
 * regard to case, and a record's number compares with the value read as a number.
 */
export function compileCondition(condition: SegmentCondition): RecordTest {
  const { field, op, value } = condition
  const text = value.toLowerCase()
  const number = Number(value)
  const items = value.split(',')
  const textItems = new Set(items.map((item) => item.trim().toLowerCase()))
  const numberItems = new Set(items.map((item) => Number(item)))
  const wantsEmpty = value !== 'false'

  return (doc) => {
    const actual = comparable(doc[field])
    if (op === 'empty') return (actual === undefined) === wantsEmpty
    if (actual === undefined) return op === 'ne'

    const isNumber = typeof actual === 'number'
    const expected = isNumber ? number : text
    switch (op) {
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
        return isNumber ? numberItems.has(actual) : textItems.has(actual)
    }
  }
}

/** Compiles a segment's conditions into one test; no conditions select every record. */
export function compileConditions(conditions: readonly SegmentCondition[], match: 'all' | 'any'): RecordTest {
  if (conditions.length === 0) return () => true
  const tests = conditions.map(compileCondition)
  return match === 'any' ? (doc) => tests.some((test) => test(doc)) : (doc) => tests.every((test) => test(doc))
}
