import type { EntityType, FieldDef } from '../entities/fields'

export const RESIDENCY_MODES = ['local', 'sync', 'mask', 'pseudonym', 'generalize'] as const
export type ResidencyMode = (typeof RESIDENCY_MODES)[number]

/**
 * How a masked value looks. `partial` keeps a little for recognition (`j***@example.com`,
 * `+86 138****5678`); `last4` keeps only the last four characters; `full` keeps nothing but the
 * fact that a value exists.
 */
export const MASK_STYLES = ['partial', 'last4', 'full'] as const
export type MaskStyle = (typeof MASK_STYLES)[number]

/**
 * How far a value is coarsened: dates to `year`, `month` or `decade`; numbers and money to an
 * order-of-magnitude `band`; text to a `prefix` of a few characters (postal code to district);
 * email to its `domain`; phone to its `country` calling code.
 */
export const GENERALIZE_LEVELS = ['year', 'month', 'decade', 'band', 'prefix', 'domain', 'country'] as const
export type GeneralizeLevel = (typeof GENERALIZE_LEVELS)[number]

export interface FieldRule {
  mode: ResidencyMode
  /** Remote staff may edit the value in the cloud; only meaningful with mode `sync`. */
  cloudWritable?: boolean
  maskStyle?: MaskStyle
  generalizeLevel?: GeneralizeLevel
  /** Characters kept by the `prefix` generalisation (default 3). */
  prefixLength?: number
}

export interface EntityRules {
  /** Documents of this type are never written to the outbox. */
  localOnly?: boolean
  /** Remote staff may create documents of this type in the cloud. */
  cloudCreatable?: boolean
  /** Remote staff may delete documents of this type in the cloud, which deletes them at the site too. */
  cloudDeletable?: boolean
  /** Rules per field; a field without a rule is `local`. */
  fields: Record<string, FieldRule>
}

export interface ResidencyPolicy {
  version: number
  entities: Partial<Record<EntityType, EntityRules>>
  /** Fields the admin added, by entity type; validation and projection accept them. */
  customFields?: Partial<Record<EntityType, FieldDef[]>>
  createdAt?: string
  author?: string
  note?: string
}
