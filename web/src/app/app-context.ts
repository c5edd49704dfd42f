import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { Action, RecordScope } from '@enclave/shared/auth/roles'
import type { AllowedFieldSet } from '@enclave/shared/policy/allowed-fields'
import type { EntitySchema } from '@enclave/shared/entities/schemas'
import type { RecordApi, RecordDoc } from './api-client'
import { t } from './i18n'
import { typeLabel } from './field-labels'

/** State every page uses: the record API and, at the cloud, the site's published field set. */
export interface AppState {
  api: RecordApi
  /** Cloud only; undefined at the edge or before the site publishes a policy. */
  allowed?: AllowedFieldSet
  /** The signed-in user's id, used for "my tasks" and for ownership of records. */
  userId: string
  /** The user's record scope: every record, or only the records they own. */
  recordScope: RecordScope
  /** Actions the signed-in user's role may perform, from the session response. */
  actions: readonly Action[]
  /** Changes when the language changes so pages redraw their texts. */
  language: string
}

export const AppContext = createContext<AppState | null>(null)

/** Returns the app state; only valid below the shell. */
export function useApp(): AppState {
  const state = useContext(AppContext)
  if (!state) throw new Error('useApp() is used outside the app shell')
  return state
}

/** Characters of the id that tell records without a title apart: the end of the ULID. */
const UNTITLED_ID_CHARS = 6

/**
 * Returns the record's title from the schema's title fields. Without them, such as a contact
 * whose names a viewer may not read or the cloud does not receive, it returns the type and
 * the end of the id ("Contact …K7QZ3P"), so that such records stay apart in lists.
 */
export function titleOf(schema: EntitySchema, doc: RecordDoc): string {
  const parts = schema.titleFields.map((name) => doc[name]).filter((value) => typeof value === 'string' && value)
  return parts.length ? parts.join(' ') : t('record.untitled', { type: typeLabel(schema.type), id: doc._id.slice(-UNTITLED_ID_CHARS) })
}

/**
 * Tells whether the signed-in user's role may perform `action`. The UI hides what the API
 * would reject; the server checks every request all the same.
 */
export function can(state: AppState, action: Action): boolean {
  return state.actions.includes(action)
}

/**
 * Tells whether the user may edit `field` of `schema` here: with the `edit` action, always at
 * the edge and per policy at the cloud. Own-scope users may not change a record's owner,
 * because both tiers reject giving a record to someone else.
 */
export function isWritable(state: AppState, schema: EntitySchema, field: string): boolean {
  if (!can(state, 'edit')) return false
  if (field === 'ownerId' && state.recordScope === 'own') return false
  if (state.api.tier.tier === 'edge') return true
  return state.allowed?.entities[schema.type]?.cloudWritable.includes(field) ?? false
}

/**
 * Tells whether a new record of `schema` may set `field` here. At the edge every field may be
 * set. At the cloud every field that the site syncs as its plain value may be set, writable or
 * not (a new activity's kind, for one), because the site accepts those on a record created there.
 * An own-scope user's new record always gets them as its owner, so they do not set it.
 */
export function isSettableOnCreate(state: AppState, schema: EntitySchema, field: string): boolean {
  if (!can(state, 'edit')) return false
  if (field === 'ownerId' && state.recordScope === 'own') return false
  if (state.api.tier.tier === 'edge') return true
  return state.allowed?.entities[schema.type]?.fields[field] === 'sync'
}

/** Tells whether the user may create records of `schema` here. */
export function isCreatable(state: AppState, schema: EntitySchema): boolean {
  if (!can(state, 'edit')) return false
  if (state.api.tier.tier === 'edge') return true
  return state.allowed?.entities[schema.type]?.cloudCreatable ?? false
}

/**
 * Tells whether the user may delete records of `schema` here: with the `delete` action, always
 * at the edge, and at the cloud only for types the policy lets the cloud delete.
 */
export function isDeletable(state: AppState, schema: EntitySchema): boolean {
  if (!can(state, 'delete')) return false
  if (state.api.tier.tier === 'edge') return true
  return state.allowed?.entities[schema.type]?.cloudDeletable ?? false
}

/**
 * Tells whether the user's record scope lets them change `doc`. Own-scope users may change only
 * records whose `ownerId` is their user id, and both tiers return 404 for any other record.
 */
export function mayChangeRecord(state: AppState, doc: RecordDoc): boolean {
  return state.recordScope === 'all' || doc.ownerId === state.userId
}

/**
 * Tells whether records reach this user without their personal fields. The edge removes them
 * for roles without `read_personal`. The cloud holds only what the residency policy lets leave
 * the site and sends that to every role.
 */
export function withholdsPersonalFields(state: AppState): boolean {
  return state.api.tier.tier === 'edge' && !can(state, 'read_personal')
}

/** Plurals of the record types the CRM pages show, in sidebar order. */
export const RECORD_PLURALS = ['contacts', 'companies', 'deals', 'activities', 'tickets'] as const
