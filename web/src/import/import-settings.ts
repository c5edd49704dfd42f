import type { EntityType } from '@enclave/shared/entities/fields'
import { ENTITY_SCHEMAS } from '@enclave/shared/entities/schemas'
import { DEFAULT_DEDUPE_KEYS, DUPLICATE_ACTIONS, type DuplicateAction } from '@enclave/shared/import/mapping'
import type { Column } from './import-api'

/** Import settings as the page edits them; `defaultCountry` is empty for none. */
export interface SettingsState {
  onDuplicate: DuplicateAction
  defaultCountry: string
  decimalSeparator: '.' | ','
  createMissingCompanies: boolean
  dedupeKeys: string[][]
}

/** Returns the settings the server would use when the client sends none. */
export function defaultSettings(type: EntityType): SettingsState {
  return {
    onDuplicate: 'skip',
    defaultCountry: '',
    decimalSeparator: '.',
    createMissingCompanies: false,
    dedupeKeys: DEFAULT_DEDUPE_KEYS[type].map((key) => [...key]),
  }
}

/** Returns the body of a dry run or run: the column mapping and the settings. */
export function planBody(columns: readonly Column[], settings: SettingsState) {
  return {
    columns: columns.map(({ column, field, dateFormat }) => ({ column, field, dateFormat })),
    settings: { ...settings, defaultCountry: settings.defaultCountry || undefined },
  }
}

/** Returns true when both keys list the same fields in the same order. */
export function isSameKey(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((field, index) => field === b[index])
}

/**
 * Lists the dedupe keys a user can choose from: the type's default keys, then each mapped
 * stored field on its own. Virtual fields such as `companyName` are left out because the
 * server matches keys against stored fields.
 */
export function dedupeKeyChoices(type: EntityType, columns: readonly Column[]): string[][] {
  const stored = new Set(ENTITY_SCHEMAS[type].fields.map((field) => field.name))
  const choices = DEFAULT_DEDUPE_KEYS[type].map((key) => [...key])
  for (const column of columns) {
    if (!column.field || !stored.has(column.field)) continue
    if (choices.some((key) => isSameKey(key, [column.field!]))) continue
    choices.push([column.field])
  }
  return choices
}

/** Returns `keys` with `key` added or removed, keeping the order of `choices`. */
export function toggleKey(choices: readonly string[][], keys: readonly string[][], key: readonly string[]): string[][] {
  const chosen = keys.some((candidate) => isSameKey(candidate, key))
  return choices.filter((choice) => (isSameKey(choice, key) ? !chosen : keys.some((candidate) => isSameKey(candidate, choice))))
}

/** Applies the settings stored with a saved mapping over `base`, ignoring values of the wrong shape. */
export function settingsFromSaved(base: SettingsState, saved: Record<string, unknown> | undefined): SettingsState {
  if (!saved) return base
  const next = { ...base }
  if ((DUPLICATE_ACTIONS as readonly unknown[]).includes(saved.onDuplicate)) next.onDuplicate = saved.onDuplicate as DuplicateAction
  if (typeof saved.defaultCountry === 'string') next.defaultCountry = saved.defaultCountry
  if (saved.decimalSeparator === '.' || saved.decimalSeparator === ',') next.decimalSeparator = saved.decimalSeparator
  if (typeof saved.createMissingCompanies === 'boolean') next.createMissingCompanies = saved.createMissingCompanies
  const keys = saved.dedupeKeys
  if (Array.isArray(keys) && keys.every((key) => Array.isArray(key) && key.every((field) => typeof field === 'string'))) {
    next.dedupeKeys = keys as string[][]
  }
  return next
}
