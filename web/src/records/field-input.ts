import type { ErrorParams } from '@enclave/shared/api'
import type { FieldDef } from '@enclave/shared/entities/fields'
import { countryCodeOf } from '@enclave/shared/entities/country-code'
import { checkFieldValue, requiredError } from '@enclave/shared/entities/validate'
import { describeFieldError } from '../app/error-text'

/** Turns what the user typed into the value sent to the API: null clears the field. */
export function parseInput(field: FieldDef, text: string): unknown {
  const trimmed = text.trim()
  if (trimmed === '') return null
  if (field.kind === 'number' || field.kind === 'money') {
    const number = Number(trimmed.replace(/[\s,]/g, ''))
    return Number.isFinite(number) ? number : trimmed
  }
  if (field.kind === 'boolean') return trimmed === 'true'
  if (field.kind === 'datetime' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(trimmed)) return new Date(trimmed).toISOString()
  return trimmed
}

/** Returns the stored value as the text an input shows. */
export function inputText(field: FieldDef, value: unknown): string {
  if (value === undefined || value === null) return ''
  if (field.kind === 'datetime' && typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
    const date = new Date(value)
    const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000)
    return local.toISOString().slice(0, 16)
  }
  return String(value)
}

/**
 * Returns the message to show next to the field in the app's language, or undefined for a
 * valid value. A phone number is read against the country of `record`, as the server reads it.
 */
export function fieldMessage(field: FieldDef, value: unknown, record?: Readonly<Record<string, unknown>>): string | undefined {
  if (value === null) return field.required ? describeFieldError(requiredError(field)) : undefined
  const check = checkFieldValue(field, value, undefined, countryCodeOf(record?.country))
  if (check.ok) return undefined
  return describeFieldError({
    code: check.code,
    message: `${field.label}: ${check.message}`,
    params: { ...check.params, field: field.name, label: field.label },
  })
}

/** Returns the HTML input type for a field kind. */
export function inputType(field: FieldDef): string {
  switch (field.kind) {
    case 'email':
      return 'email'
    case 'phone':
      return 'tel'
    case 'date':
      return 'date'
    case 'datetime':
      return 'datetime-local'
    case 'number':
    case 'money':
      return 'text'
    case 'url':
      return 'url'
    default:
      return 'text'
  }
}

/**
 * Returns the message per field from an API error's details (`[{ field, code, message, params }]`),
 * in the app's language where the code is known.
 */
export function detailMessages(details: unknown): Record<string, string> {
  const messages: Record<string, string> = {}
  if (!Array.isArray(details)) return messages
  for (const detail of details as Array<{ field?: unknown; code?: unknown; message?: unknown; params?: ErrorParams }>) {
    if (typeof detail.field !== 'string' || typeof detail.message !== 'string') continue
    const code = typeof detail.code === 'string' ? detail.code : ''
    messages[detail.field] = describeFieldError({ code, message: detail.message, params: detail.params })
  }
  return messages
}
