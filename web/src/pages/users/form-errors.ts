import type { ErrorParams } from '@enclave/shared/api'
import { catalogueKey, describeError, errorText } from '../../app/error-text'

/** Messages of a failed form submission: one per field, and one for the form as a whole. */
export interface FormErrors {
  fields: Record<string, string>
  /** Set when no field message covers the failure. */
  form: string
}

/** Fields named by error codes whose body names no field. */
const FIELD_OF_CODE: Record<string, string> = {
  user_exists: 'username',
  username_retired: 'username',
  'invalid_credentials.current_password': 'currentPassword',
}

interface Detail {
  field?: unknown
  code?: unknown
  message?: unknown
  params?: ErrorParams
}

/**
 * Sorts an API failure into messages next to the form's `fields`, in the app's language when
 * the error catalogue contains the code. A failure that no field of the form can show goes to `form`.
 *
 * @example formErrors(conflict, ['username']) // { fields: { username: 'a user named ...' }, form: '' }
 */
export function formErrors(failure: unknown, fields: readonly string[]): FormErrors {
  const result: FormErrors = { fields: {}, form: '' }
  const whole = errorText(failure)
  const { code, message, details, params } = (failure ?? {}) as { code?: unknown; message?: unknown; details?: unknown; params?: ErrorParams }

  if (Array.isArray(details)) {
    for (const detail of details as Detail[]) {
      if (typeof detail.field !== 'string' || !fields.includes(detail.field)) continue
      const text = typeof detail.message === 'string'
        ? describeError({ code: typeof detail.code === 'string' ? detail.code : '', message: detail.message, params: detail.params })
        : whole
      result.fields[detail.field] = text
    }
  }

  if (typeof code === 'string' && typeof message === 'string') {
    const named = FIELD_OF_CODE[catalogueKey({ code, message, params })] ?? params?.field
    if (typeof named === 'string' && fields.includes(named) && !result.fields[named]) result.fields[named] = whole
  }

  if (Object.keys(result.fields).length === 0) result.form = whole
  return result
}
