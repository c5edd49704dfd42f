import {
  ApiError,
  ENTITY_SCHEMAS,
  SEGMENT_ENTITY_TYPES,
  findField,
  isEntityType,
  type EntityType,
  type FieldDef,
  type ListPage,
  type RecordDoc,
  type SegmentCondition,
  type SegmentEntityType,
  type SegmentMatch,
} from '@enclave/shared'
import type { RecordStore } from '../records/record-store'
import type { FilterOperator, ListQuery } from '../records/query'
import { compileConditions } from './compile-conditions'

/** The parts of a segment that decide its members; a saved segment or a draft in a preview. */
export interface SegmentDefinition {
  entityType: SegmentEntityType
  match: SegmentMatch
  conditions: SegmentCondition[]
}

// Segment operators are the list filter operators; this line fails to compile if they drift.
const SAME_OPERATORS: readonly FilterOperator[] = [] as SegmentCondition['op'][]
void SAME_OPERATORS

/** Fields a condition may name besides the schema's: the record's system fields. */
const SYSTEM_FIELDS = ['createdAt', 'updatedAt', '_id']

/**
 * Reads the member-deciding fields of a segment document and checks that every condition
 * names a field of the segment's entity type. Throws 400 `unknown_field` naming the field.
 */
export function segmentDefinitionOf(
  doc: Record<string, unknown>,
  customFieldsOf: (type: EntityType) => readonly FieldDef[] = () => [],
): SegmentDefinition {
  const entityType = doc.entityType
  if (!isEntityType(entityType) || !(SEGMENT_ENTITY_TYPES as readonly string[]).includes(entityType)) {
    const value = String(JSON.stringify(entityType ?? null))
    throw new ApiError(400, 'invalid_segment', `entityType is ${value}; use one of ${SEGMENT_ENTITY_TYPES.join(', ')}`).withParams({ value, options: SEGMENT_ENTITY_TYPES })
  }
  const customFields = customFieldsOf(entityType)
  const conditions = (Array.isArray(doc.conditions) ? doc.conditions : []) as SegmentCondition[]
  for (const condition of conditions) {
    if (findField(entityType, condition.field, customFields) || SYSTEM_FIELDS.includes(condition.field)) continue
    const known = ENTITY_SCHEMAS[entityType].fields.map((field) => field.name)
    throw new ApiError(400, 'unknown_field', `the condition on '${condition.field}' names no field of ${entityType}; use one of ${known.join(', ')}`).withParams({
      reason: 'condition',
      field: String(condition.field),
      type: entityType,
      known,
    })
  }
  return { entityType: entityType as SegmentEntityType, match: doc.match === 'any' ? 'any' : 'all', conditions }
}

/** Narrows a segment to one owner's records, for users who may only see their own. */
export interface MemberScope {
  ownerId?: string
}

/** Builds the membership test of a segment, narrowed to the scope's owner. */
function memberTest(definition: SegmentDefinition, scope: MemberScope): (doc: RecordDoc) => boolean {
  const matches = compileConditions(definition.conditions, definition.match)
  if (scope.ownerId === undefined) return matches
  return (doc) => doc.ownerId === scope.ownerId && matches(doc)
}

/** Counts the members of a segment in one pass over the index. */
export function countSegmentMembers(store: RecordStore, definition: SegmentDefinition, scope: MemberScope = {}): number {
  const isMember = memberTest(definition, scope)
  let count = 0
  for (const doc of store.index.all(definition.entityType)) {
    if (isMember(doc)) count += 1
  }
  return count
}

/** Returns every member of a segment, newest first, as a launch snapshots them. */
export function listAllSegmentMembers(store: RecordStore, definition: SegmentDefinition, scope: MemberScope = {}): RecordDoc[] {
  const isMember = memberTest(definition, scope)
  const members: RecordDoc[] = []
  for (const doc of store.index.all(definition.entityType)) {
    if (isMember(doc)) members.push(doc)
  }
  return members.sort((a, b) => (a._id < b._id ? 1 : -1))
}

/**
 * Runs a list query (search, filters, sort, page) over the members of a segment, so that a
 * segment works as a saved list filter.
 */
export function querySegmentMembers(
  store: RecordStore,
  definition: SegmentDefinition,
  query: ListQuery,
  scope: MemberScope = {},
): ListPage<RecordDoc> {
  const everything = store.index.query(definition.entityType, { ...query, offset: 0, limit: Number.MAX_SAFE_INTEGER })
  const members = everything.items.filter(memberTest(definition, scope))
  return {
    items: members.slice(query.offset, query.offset + query.limit),
    total: members.length,
    limit: query.limit,
    offset: query.offset,
  }
}
