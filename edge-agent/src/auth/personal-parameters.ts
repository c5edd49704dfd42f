import { ApiError, ENTITY_SCHEMAS, type EntityType } from '@enclave/shared'
import { SEARCH_READS_PERSONAL_FIELDS } from '@enclave/shared/auth/index'

/** Returns the field a list parameter reads, or '' for parameters that read none. */
export function fieldOfListParameter(key: string, value: string): string {
  if (key === 'sort') return value.replace(/^-/, '')
  if (key.startsWith('filter.')) return key.split('.')[1] ?? ''
  // A group's value and a sum show a field's values as plainly as the field itself.
  if (key === 'groupBy' || key === 'sum') return value
  return ''
}

/**
 * Rejects list parameters that would reveal personal values to a role that may not read them:
 * a search of a type whose search matches personal fields, and a sort, filter, grouping or sum
 * on a personal field. A filter narrowed to one record turns any of these into a reading.
 */
export function rejectPersonalListParameters(type: EntityType, params: URLSearchParams, isPersonal: (field: string) => boolean): void {
  if (params.get('q') && SEARCH_READS_PERSONAL_FIELDS.includes(type)) {
    throw new ApiError(403, 'forbidden', `searching ${ENTITY_SCHEMAS[type].plural} matches personal fields, which your role may not read; filter on other fields instead`).withParams({
      reason: 'personal_search',
      type,
    })
  }
  for (const [key, value] of params) {
    const field = fieldOfListParameter(key, value)
    if (field && isPersonal(field)) {
      throw new ApiError(403, 'forbidden', `'${field}' is a personal field, which your role may not read, so it cannot be used in ${key}`).withParams({
        reason: 'personal_field',
        field,
        key,
      })
    }
  }
}
