import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js'
import type { ErrorParams } from '../api'

/**
 * Outcome of checking one value: the normalised value, or the reason it is invalid and the fix.
 * A failure's `params` are the values its English message embeds, for clients that translate it;
 * `params.reason` distinguishes the messages of one code.
 */
export type ValueCheck =
  | { ok: true; value: unknown }
  | { ok: false; code: string; message: string; params?: ErrorParams }

const EMAIL_PATTERN = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/
/** A phone number as `checkPhone` stores it. */
const STORED_PHONE_PATTERN = /^\+\d{2,15}(;ext=\d+)?$/
// Control characters other than tab, newline and carriage return have no place in CRM text.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/
/**
 * Embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069) reorder the text
 * around them, so "abc\u202Eexe.txt" shows as "abctxt.exe". The marks U+200E and U+200F that
 * right-to-left writing needs stay allowed.
 */
const DIRECTION_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/

/** Returns a value as text for a message, cut to 60 characters. */
export function excerpt(value: unknown): string {
  const text = typeof value === 'string' ? value : String(JSON.stringify(value))
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

export function quote(value: unknown): string {
  return `'${excerpt(value)}'`
}

export function checkText(value: unknown, maxLength = 1000, multiline = false): ValueCheck {
  if (typeof value !== 'string') {
    return {
      ok: false,
      code: 'invalid_type',
      message: `${quote(value)} is not text`,
      params: { reason: 'text', value: excerpt(value) },
    }
  }
  const text = multiline ? value.trim() : value.trim().replace(/\s+/g, ' ')
  if (CONTROL_CHARACTERS.test(text)) {
    return {
      ok: false,
      code: 'invalid_characters',
      message: `${quote(text)} contains control characters; remove them`,
      params: { value: excerpt(text) },
    }
  }
  const direction = DIRECTION_CONTROLS.exec(text)
  if (direction) {
    const codePoint = `U+${direction[0].codePointAt(0)!.toString(16).toUpperCase()}`
    return {
      ok: false,
      code: 'invalid_characters',
      message: `${quote(text)} contains the text direction control ${codePoint}, which changes how the text around it is shown; remove it`,
      params: { reason: 'direction', value: excerpt(text), codePoint },
    }
  }
  if (text.length > maxLength) {
    return {
      ok: false,
      code: 'too_long',
      message: `text of ${text.length} characters is longer than the maximum of ${maxLength}`,
      params: { length: text.length, max: maxLength },
    }
  }
  return { ok: true, value: text }
}

export function checkEmail(value: unknown): ValueCheck {
  const text = checkText(value, 254)
  if (!text.ok) return text

  const email = String(text.value).toLowerCase()
  if (!EMAIL_PATTERN.test(email)) {
    return {
      ok: false,
      code: 'invalid_email',
      message: `${quote(value)} is not an email address; use the form name@example.com`,
      params: { value: excerpt(value) },
    }
  }
  return { ok: true, value: email }
}

/**
 * Normalises a phone number to E.164, with an extension kept as `;ext=123` (RFC 3966) so that
 * nothing the user typed is lost. A number without a country code needs `defaultCountry`.
 *
 * `rowCountry` is the country of the record the number belongs to. A number written without a
 * country code is read as a number of that country when it is a valid one there (a Hungarian
 * contact's `06 1 234 5678` is +36 1 234 5678), and with `defaultCountry` otherwise.
 */
export function checkPhone(value: unknown, defaultCountry?: CountryCode, rowCountry?: CountryCode): ValueCheck {
  const text = checkText(value, 64)
  if (!text.ok) return text

  const raw = String(text.value)
  // A leading 00 is the international call prefix of most countries: 0044 ... means +44 ...
  const international = raw.replace(/^00(?=[1-9])/, '+')
  if (rowCountry && rowCountry !== defaultCountry && !international.startsWith('+')) {
    const local = parsePhoneNumberFromString(international, rowCountry)
    if (local && (local.isValid() || (!defaultCountry && local.isPossible()))) return { ok: true, value: e164(local) }
  }
  const parsed = parsePhoneNumberFromString(international, defaultCountry)
  if (!parsed) {
    const hasCountryCode = raw.startsWith('+')
    const hint = hasCountryCode ? 'check the digits' : 'add the country code (+44 ...) or choose a default country'
    return {
      ok: false,
      code: 'invalid_phone',
      message: `${quote(raw)} is not a phone number; ${hint}`,
      params: { reason: hasCountryCode ? 'check_digits' : 'no_country_code', value: excerpt(raw) },
    }
  }
  if (!parsed.isPossible()) {
    return {
      ok: false,
      code: 'invalid_phone',
      message: `${quote(raw)} has the wrong number of digits for +${parsed.countryCallingCode}; check the number and its country code`,
      params: { reason: 'wrong_length', value: excerpt(raw), callingCode: parsed.countryCallingCode },
    }
  }
  return { ok: true, value: e164(parsed) }
}

/**
 * Formats a stored phone number (E.164 with an optional `;ext=`) for display in the
 * international format, such as `+1 889 682 9490 ext. 65400`. Any other text, such as a masked
 * number, is returned unchanged.
 */
export function formatPhoneForDisplay(stored: string): string {
  if (!STORED_PHONE_PATTERN.test(stored)) return stored
  return parsePhoneNumberFromString(stored)?.formatInternational() ?? stored
}

function e164(parsed: PhoneNumber): string {
  return parsed.ext ? `${parsed.number};ext=${parsed.ext}` : parsed.number
}

export function isValidDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day))
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  )
}

export function checkDate(value: unknown): ValueCheck {
  const match = typeof value === 'string' ? DATE_PATTERN.exec(value.trim()) : null
  if (!match || !isValidDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    return {
      ok: false,
      code: 'invalid_date',
      message: `${quote(value)} is not a date; use YYYY-MM-DD, for example 2024-03-31`,
      params: { value: excerpt(value) },
    }
  }
  return { ok: true, value: match[0] }
}

/** Earliest date that date and date-time fields take, as YYYY-MM-DD. */
export const MIN_FIELD_DATE = '1900-01-01'
/** Latest date that date and date-time fields take, unless the field is `notAfterToday`. */
export const MAX_FIELD_DATE = '2200-12-31'

/**
 * Returns today's date in UTC+14, the first time zone to reach each new day, so that a date
 * that is today for any user is never later than this.
 */
export function latestToday(now: number = Date.now()): string {
  return new Date(now + 14 * 60 * 60 * 1000).toISOString().slice(0, 10)
}

/**
 * Checks that a valid date or date-time lies from `MIN_FIELD_DATE` to `MAX_FIELD_DATE`, or to
 * today when `notAfterToday` is set. `day` starts with the value's YYYY-MM-DD, and `value` is
 * the input as written, for the message.
 */
export function checkDateRange(value: unknown, day: string, notAfterToday = false): ValueCheck {
  const date = day.slice(0, 10)
  const [min, max] = [MIN_FIELD_DATE, notAfterToday ? latestToday() : MAX_FIELD_DATE]
  // Fixed-width YYYY-MM-DD strings sort as dates do. ISO years beyond 9999 or before 0 start
  // with '+' or '-', which sort before digits, so they fail as too early.
  if (date >= min && date <= max) return { ok: true, value: day }

  if (notAfterToday && date > max) {
    return {
      ok: false,
      code: 'date_out_of_range',
      message: `${quote(value)} is in the future; use a date from ${min} to ${max}`,
      params: { reason: 'future', value: excerpt(value), min, max },
    }
  }
  return {
    ok: false,
    code: 'date_out_of_range',
    message: `${quote(value)} is out of range; use a date from ${min} to ${max}`,
    params: { reason: 'between', value: excerpt(value), min, max },
  }
}

export function checkDateTime(value: unknown): ValueCheck {
  const text = typeof value === 'string' ? value.trim() : ''
  // A time without a zone is ambiguous across sites, so the zone (Z or +hh:mm) is required.
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(text)
  const time = Date.parse(text)
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || !hasZone || Number.isNaN(time)) {
    return {
      ok: false,
      code: 'invalid_datetime',
      message: `${quote(value)} is not a date and time; use ISO 8601 with a zone, for example 2024-03-31T14:00:00Z`,
      params: { value: excerpt(value) },
    }
  }
  return { ok: true, value: new Date(time).toISOString() }
}

/**
 * Largest amount a `money` field takes unless it sets its own: a thousand trillion. Sums of
 * many such amounts stay finite, and the figure is above any real deal or revenue.
 */
export const MAX_MONEY = 1e15

const BOUND_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 })

/** Checks that a number lies within `min` and `max`, either of which may be absent. */
export function checkRange(value: number, min: number | undefined, max: number | undefined): ValueCheck {
  const tooSmall = min !== undefined && value < min
  const tooLarge = max !== undefined && value > max
  if (!tooSmall && !tooLarge) return { ok: true, value }

  const formatted = BOUND_FORMAT.format(value)
  const failure = { ok: false as const, code: 'out_of_range' }
  if (min !== undefined && max !== undefined) {
    const [low, high] = [BOUND_FORMAT.format(min), BOUND_FORMAT.format(max)]
    return { ...failure, message: `${formatted} is out of range; use a number from ${low} to ${high}`, params: { reason: 'between', value: formatted, min: low, max: high } }
  }
  if (min !== undefined) {
    const low = BOUND_FORMAT.format(min)
    return { ...failure, message: `${formatted} is out of range; use a number of ${low} or more`, params: { reason: 'at_least', value: formatted, min: low } }
  }
  const high = BOUND_FORMAT.format(max!)
  return { ...failure, message: `${formatted} is out of range; use a number of ${high} or less`, params: { reason: 'at_most', value: formatted, max: high } }
}

export function checkNumber(value: unknown): ValueCheck {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return {
      ok: false,
      code: 'invalid_number',
      message: `${quote(value)} is not a number`,
      params: { value: excerpt(value) },
    }
  }
  return { ok: true, value }
}

let currencyCodes: ReadonlySet<string> | undefined

/**
 * Normalises a currency code to upper case and checks that it is an ISO 4217 code that the
 * runtime's Intl data lists. MDN's compatibility data gives `Intl.supportedValuesOf` from
 * Node 18, Chrome 99, Firefox 93 and Safari 15.4. Node 20 lists the codes in current use, so a
 * withdrawn code such as DEM is rejected.
 */
export function checkCurrency(value: unknown): ValueCheck {
  const text = checkText(value)
  if (!text.ok) return text

  currencyCodes ??= new Set(Intl.supportedValuesOf('currency'))
  const code = String(text.value).toUpperCase()
  if (!currencyCodes.has(code)) {
    return {
      ok: false,
      code: 'invalid_currency',
      message: `${quote(text.value)} is not a currency code; use a three-letter ISO 4217 code such as USD or EUR`,
      params: { value: excerpt(text.value) },
    }
  }
  return { ok: true, value: code }
}

export function checkUrl(value: unknown): ValueCheck {
  const text = checkText(value, 2000)
  if (!text.ok) return text

  const raw = String(text.value)
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`
  try {
    const url = new URL(withScheme)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme')
    return { ok: true, value: url.href }
  } catch {
    return {
      ok: false,
      code: 'invalid_url',
      message: `${quote(raw)} is not a web address; use http:// or https://`,
      params: { value: excerpt(raw) },
    }
  }
}
