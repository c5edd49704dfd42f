import type { FieldDef } from '@enclave/shared/entities/fields'
import type { FieldViolation } from '@enclave/shared/policy/allowed-fields'
import type { PendingPurge } from '@enclave/shared/policy/residency-report'
import type { PolicyError } from '@enclave/shared/policy/validate-policy'
import { describeError } from '../../app/error-text'

/** The key of the messages that no entity or field row of the editor shows. */
export const UNPLACED = ''

/**
 * Sorts rule errors by the place of the editor that shows them, each written in the app's
 * language. A field's errors go to `type.field`, the entity's own errors (such as
 * `contact.cloudCreatable`) to `type`, and the rest, such as a custom field's, to UNPLACED.
 *
 * @example errorsByPlace(errors, fields).get('contact.email') // ['联系人“电子邮件”字段设为可在云端编辑，…']
 */
export function errorsByPlace(errors: readonly PolicyError[], fields: Readonly<Record<string, readonly FieldDef[]>>): Map<string, string[]> {
  const byPlace = new Map<string, string[]>()
  for (const error of errors) {
    const place = placeOf(error.path, fields)
    byPlace.set(place, [...(byPlace.get(place) ?? []), describeError(error)])
  }
  return byPlace
}

function placeOf(path: string, fields: Readonly<Record<string, readonly FieldDef[]>>): string {
  const [type = '', name] = path.split('.')
  const typeFields = Object.hasOwn(fields, type) ? fields[type] : undefined
  if (!typeFields) return UNPLACED
  return typeFields.some((field) => field.name === name) ? `${type}.${name}` : type
}

/** Writes the problem of a residency audit violation in the app's language, or its English reason for a violation without a code. */
export function describeViolation(violation: FieldViolation): string {
  return describeError({ code: violation.code ?? '', message: violation.reason, params: violation.params })
}

/** Writes why the last attempt of a pending purge failed, in the app's language when the edge stored its code. */
export function describePurgeError(pending: PendingPurge): string {
  return describeError({ code: pending.lastErrorCode ?? '', message: pending.lastError ?? '', params: pending.lastErrorParams })
}
