import type { ListGroup } from '../api'
import { ApiError } from '../errors'
import type { EntityType, FieldDef } from './fields'
import { findField } from './schemas'

/** Field kinds a list can be grouped by. Each has one value per record, so every record lands in one group. */
const GROUPABLE_KINDS = ['enum', 'text', 'boolean']
const SUMMABLE_KINDS = ['number', 'money']

/** Grouping asked for with `groupBy=<field>` and optionally `sum=<number field>`. */
export interface GroupRequest {
  groupBy: string
  sum?: string
}

/**
 * Reads `groupBy` and `sum` from list parameters, or returns undefined without `groupBy`.
 *
 * @example parseGroupRequest('deal', new URLSearchParams('groupBy=stage&sum=amount'))
 */
export function parseGroupRequest(
  type: EntityType,
  params: URLSearchParams,
  extraFields: readonly FieldDef[] = [],
): GroupRequest | undefined {
  const groupBy = params.get('groupBy')
  const sum = params.get('sum') ?? undefined
  if (!groupBy) {
    if (sum) throw new ApiError(400, 'invalid_query', `sum=${sum} needs groupBy; add groupBy=<field>`).withParams({ reason: 'sum_without_group', sum })
    return undefined
  }

  const groupField = findField(type, groupBy, extraFields)
  if (!groupField || !GROUPABLE_KINDS.includes(groupField.kind)) {
    throw new ApiError(400, 'invalid_query', `groupBy '${groupBy}' is not a text, choice or yes/no field of ${type}; group by a field such as stage`).withParams({
      reason: 'group_by',
      field: groupBy,
      type,
    })
  }
  if (sum !== undefined) {
    const sumField = findField(type, sum, extraFields)
    if (!sumField || !SUMMABLE_KINDS.includes(sumField.kind)) {
      throw new ApiError(400, 'invalid_query', `sum '${sum}' is not a number or money field of ${type}; sum a field such as amount`).withParams({
        reason: 'sum',
        field: sum,
        type,
      })
    }
  }
  return { groupBy, sum }
}

/** Counts records per value of the grouped field and sums the `sum` field. Groups keep first-seen order. */
export function groupRecords(records: Iterable<Record<string, unknown>>, request: GroupRequest): ListGroup[] {
  const groups = new Map<string | null, ListGroup>()
  for (const record of records) {
    const raw = record[request.groupBy]
    const value = raw === undefined || raw === null || raw === '' ? null : String(raw)
    let group = groups.get(value)
    if (!group) {
      group = request.sum ? { value, count: 0, sum: 0 } : { value, count: 0 }
      groups.set(value, group)
    }

    group.count += 1
    const amount = request.sum ? record[request.sum] : undefined
    if (typeof amount === 'number' && Number.isFinite(amount)) group.sum = (group.sum ?? 0) + amount
  }
  return [...groups.values()]
}
