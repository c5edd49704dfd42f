/**
 * The kinds of value a field holds. Projection, masking, import cleaning and the UI key off this.
 * `conditions` (a segment's filter) and `steps` (a campaign's plan) are structured lists that
 * only the built-in segment and campaign types use. A `currency` is an ISO 4217 code.
 */
export const FIELD_KINDS = [
  'text',
  'longtext',
  'email',
  'phone',
  'date',
  'datetime',
  'number',
  'money',
  'currency',
  'enum',
  'ref',
  'url',
  'boolean',
  'id',
  'conditions',
  'steps',
] as const

export type FieldKind = (typeof FIELD_KINDS)[number]

export interface FieldDef {
  name: string
  kind: FieldKind
  label: string
  /** Personal data of a customer: reads are audited and the default policy keeps it on site. */
  pii?: boolean
  required?: boolean
  /** Allowed values of an `enum` field. */
  options?: readonly string[]
  /** Entity type a `ref` field points to. */
  refType?: EntityType
  /** Free text that may quote linked contacts; synced copies pass through the leak guard. */
  freeText?: boolean
  /** Maximum length in characters of a text value. */
  maxLength?: number
  /** Smallest value of a `number` or `money` field. */
  min?: number
  /** Largest value of a `number` or `money` field. A `money` field without one takes `MAX_MONEY`. */
  max?: number
  /** Whether a `date` field rejects dates after today, as a date of birth does. */
  notAfterToday?: boolean
  /** Set by the admin rather than shipped with the product. */
  custom?: boolean
}

export const ENTITY_TYPES = [
  'contact',
  'company',
  'deal',
  'activity',
  'ticket',
  'segment',
  'campaign',
] as const
export type EntityType = (typeof ENTITY_TYPES)[number]

export function isEntityType(value: unknown): value is EntityType {
  return typeof value === 'string' && (ENTITY_TYPES as readonly string[]).includes(value)
}

/** Fields that every record carries and that the system, not the user, maintains. */
export const SYSTEM_FIELDS = ['type', 'createdAt', 'updatedAt', 'stamps'] as const
