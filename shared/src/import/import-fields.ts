import type { EntityType, FieldDef } from '../entities/fields'
import { ENTITY_SCHEMAS } from '../entities/schemas'

/** A column target that is not stored as such: it is split or resolved into stored fields. */
export interface VirtualField {
  name: string
  label: string
  /** Stored fields that the value ends up in. */
  writes: readonly string[]
}

const FULL_NAME: VirtualField = { name: 'fullName', label: 'Full name (split into first and last)', writes: ['firstName', 'lastName'] }
const COMPANY_NAME: VirtualField = { name: 'companyName', label: 'Company (by name)', writes: ['companyId'] }
const PARENT_COMPANY_NAME: VirtualField = { name: 'parentCompanyName', label: 'Subsidiary of (by name)', writes: ['parentCompanyId'] }

/** Virtual fields each type accepts in an import mapping. */
export const VIRTUAL_FIELDS: Readonly<Record<EntityType, readonly VirtualField[]>> = {
  contact: [FULL_NAME, COMPANY_NAME],
  company: [PARENT_COMPANY_NAME],
  deal: [COMPANY_NAME],
  activity: [COMPANY_NAME],
  ticket: [COMPANY_NAME],
  segment: [],
  campaign: [],
}

/** A field a column can be mapped to: a stored field of the type or a virtual one. */
export type ImportTarget = { virtual: false; field: FieldDef } | { virtual: true; field: VirtualField }

/** Lists every target a column of a `type` import can be mapped to. */
export function importTargets(type: EntityType, extraFields: readonly FieldDef[] = []): Map<string, ImportTarget> {
  const targets = new Map<string, ImportTarget>()
  for (const field of [...ENTITY_SCHEMAS[type].fields, ...extraFields]) targets.set(field.name, { virtual: false, field })
  for (const field of VIRTUAL_FIELDS[type]) targets.set(field.name, { virtual: true, field })
  return targets
}
