import type { EntityRules, FieldRule, ResidencyPolicy } from '@enclave/shared/policy/types'
import type { PolicyDraft } from '@enclave/shared/policy/validate-policy'

/** Returns an editable copy of a policy's entities and custom fields. */
export function draftOf(policy: ResidencyPolicy): PolicyDraft {
  const copy = JSON.parse(JSON.stringify({ entities: policy.entities, customFields: policy.customFields })) as PolicyDraft
  if (!copy.customFields) delete copy.customFields
  return copy
}

/**
 * Returns a draft with one field's rule replaced. Options that the new mode does not use are
 * dropped, so switching a field from mask to sync never leaves a stale mask style behind.
 */
export function withRule(draft: PolicyDraft, type: string, field: string, rule: FieldRule): PolicyDraft {
  const entities = { ...draft.entities } as Record<string, EntityRules>
  const current = entities[type] ?? { fields: {} }
  const clean: FieldRule = { mode: rule.mode }
  if (rule.mode === 'sync' && rule.cloudWritable) clean.cloudWritable = true
  if (rule.mode === 'mask') clean.maskStyle = rule.maskStyle ?? 'partial'
  if (rule.mode === 'generalize' && rule.generalizeLevel) clean.generalizeLevel = rule.generalizeLevel
  if (rule.mode === 'generalize' && rule.prefixLength !== undefined) clean.prefixLength = rule.prefixLength

  entities[type] = { ...current, fields: { ...current.fields, [field]: clean } }
  return { ...draft, entities: entities as PolicyDraft['entities'] }
}

/** Returns a draft with an entity-level flag (`localOnly`, `cloudCreatable`, `cloudDeletable`) set or cleared. */
export function withEntityFlag(draft: PolicyDraft, type: string, flag: 'localOnly' | 'cloudCreatable' | 'cloudDeletable', value: boolean): PolicyDraft {
  const entities = { ...draft.entities } as Record<string, EntityRules>
  const current = { ...(entities[type] ?? { fields: {} }) }
  if (value) current[flag] = true
  else delete current[flag]
  entities[type] = current
  return { ...draft, entities: entities as PolicyDraft['entities'] }
}
