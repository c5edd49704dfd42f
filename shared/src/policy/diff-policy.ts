import { ENTITY_TYPES, type EntityType, type FieldDef } from '../entities/fields'
import type { EntityRules, FieldRule, ResidencyPolicy } from './types'

/** One difference between two policy versions, as the version history shows it. */
export interface PolicyChange {
  type: EntityType
  /** The field; absent for a change to the whole entity type. */
  field?: string
  change: 'rule' | 'localOnly' | 'cloudCreatable' | 'cloudDeletable' | 'customFieldAdded' | 'customFieldRemoved' | 'customFieldChanged'
  before?: unknown
  after?: unknown
  /** Cloud copies made under the old version hold values the new one no longer allows. */
  stricter: boolean
}

const LOCAL: FieldRule = { mode: 'local' }

/** Returns the rule as it acts: options that do not apply to its mode are dropped. */
export function effectiveRule(rules: EntityRules | undefined, name: string): FieldRule {
  const rule = rules?.fields[name]
  if (!rules || rules.localOnly || !rule) return LOCAL

  switch (rule.mode) {
    case 'sync':
      return rule.cloudWritable ? { mode: 'sync', cloudWritable: true } : { mode: 'sync' }
    case 'mask':
      return { mode: 'mask', maskStyle: rule.maskStyle ?? 'partial' }
    case 'generalize': {
      const result: FieldRule = { mode: 'generalize' }
      if (rule.generalizeLevel) result.generalizeLevel = rule.generalizeLevel
      if (rule.generalizeLevel === 'prefix' || rule.prefixLength !== undefined) {
        result.prefixLength = rule.prefixLength ?? 3
      }
      return result
    }
    default:
      return { mode: rule.mode }
  }
}

/** Tells whether two rules give the cloud the same value (write permission aside). */
function sameProjection(before: FieldRule, after: FieldRule): boolean {
  return (
    before.mode === after.mode &&
    before.maskStyle === after.maskStyle &&
    before.generalizeLevel === after.generalizeLevel &&
    before.prefixLength === after.prefixLength
  )
}

/**
 * Tells whether values projected under `before` may reveal what `after` keeps back, so the
 * cloud must remove them from every revision. A field that was local has nothing in the cloud.
 * A field that becomes `sync` reveals the whole value anyway. Every other change of form (sync
 * to mask, mask `partial` to `full`, mask to pseudonym) is stricter.
 */
export function isStricterRule(before: FieldRule, after: FieldRule): boolean {
  if (before.mode === 'local' || after.mode === 'sync') return false
  return !sameProjection(before, after)
}

function fieldNames(before: EntityRules | undefined, after: EntityRules | undefined): string[] {
  return [...new Set([...Object.keys(before?.fields ?? {}), ...Object.keys(after?.fields ?? {})])].sort()
}

function diffCustomFields(type: EntityType, before: readonly FieldDef[], after: readonly FieldDef[]): PolicyChange[] {
  const changes: PolicyChange[] = []
  const beforeByName = new Map(before.map((field) => [field.name, field]))
  const afterByName = new Map(after.map((field) => [field.name, field]))

  for (const field of after) {
    const old = beforeByName.get(field.name)
    if (!old) changes.push({ type, field: field.name, change: 'customFieldAdded', after: field, stricter: false })
    else if (JSON.stringify(old) !== JSON.stringify(field)) {
      changes.push({ type, field: field.name, change: 'customFieldChanged', before: old, after: field, stricter: false })
    }
  }
  for (const field of before) {
    if (!afterByName.has(field.name)) {
      changes.push({ type, field: field.name, change: 'customFieldRemoved', before: field, stricter: false })
    }
  }
  return changes
}

/**
 * Lists what changed from one policy version to the next: custom fields, the local-only and
 * cloud-creatable flags of each entity type, and each field's effective rule, with whether the
 * change is stricter (the cloud must then purge the old values).
 */
export function diffPolicies(before: ResidencyPolicy, after: ResidencyPolicy): PolicyChange[] {
  const changes: PolicyChange[] = []

  for (const type of ENTITY_TYPES) {
    const oldRules = before.entities[type]
    const newRules = after.entities[type]
    changes.push(...diffCustomFields(type, before.customFields?.[type] ?? [], after.customFields?.[type] ?? []))

    const wasLocalOnly = !oldRules || oldRules.localOnly === true
    const isLocalOnly = !newRules || newRules.localOnly === true
    if (wasLocalOnly !== isLocalOnly) {
      changes.push({ type, change: 'localOnly', before: wasLocalOnly, after: isLocalOnly, stricter: isLocalOnly })
    }
    const wasCreatable = oldRules?.cloudCreatable === true
    const isCreatable = newRules?.cloudCreatable === true
    if (wasCreatable !== isCreatable) {
      changes.push({ type, change: 'cloudCreatable', before: wasCreatable, after: isCreatable, stricter: false })
    }
    const wasDeletable = oldRules?.cloudDeletable === true
    const isDeletable = newRules?.cloudDeletable === true
    if (wasDeletable !== isDeletable) {
      changes.push({ type, change: 'cloudDeletable', before: wasDeletable, after: isDeletable, stricter: false })
    }

    for (const name of fieldNames(oldRules, newRules)) {
      const oldRule = effectiveRule(oldRules, name)
      const newRule = effectiveRule(newRules, name)
      if (JSON.stringify(oldRule) === JSON.stringify(newRule)) continue
      changes.push({ type, field: name, change: 'rule', before: oldRule, after: newRule, stricter: isStricterRule(oldRule, newRule) })
    }
  }
  return changes
}

/** Returns the fields, by entity type, whose old cloud values the new version no longer allows. */
export function stricterFields(changes: readonly PolicyChange[]): Partial<Record<EntityType, string[]>> {
  const result: Partial<Record<EntityType, string[]>> = {}
  for (const change of changes) {
    if (!change.stricter) continue
    const list = (result[change.type] ??= [])
    list.push(change.field ?? '*')
  }
  return result
}
