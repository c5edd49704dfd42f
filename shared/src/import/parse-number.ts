/** The character that separates whole and fractional parts in a file's numbers. */
export type DecimalSeparator = '.' | ','

// Currency signs, ISO codes and the Chinese yuan sign that spreadsheets put around amounts.
const CURRENCY = /[$€£¥₹₩₽¢]|\b(?:USD|EUR|GBP|CNY|RMB|JPY|CHF|CAD|AUD|HKD)\b|元/gi
const SPACES = /[\s\u00a0\u2009\u202f']/g

/**
 * Parses a number as people write it in spreadsheets: currency signs and codes, spaces and
 * thousands separators are removed, `(1,234)` is negative, and `decimalSeparator` says which
 * of `.` and `,` is the decimal point when only one of them appears once. Returns undefined for
 * text that is not a number.
 *
 * @example parseNumberText('$1,234.50') // 1234.5
 * @example parseNumberText('1.234,50 €', ',') // 1234.5
 */
export function parseNumberText(text: string, decimalSeparator: DecimalSeparator = '.'): number | undefined {
  let body = text.replace(CURRENCY, '').replace(SPACES, '')
  let negative = false
  if (/^\(.*\)$/.test(body)) {
    negative = true
    body = body.slice(1, -1)
  }
  if (body.startsWith('-')) {
    negative = !negative
    body = body.slice(1)
  } else if (body.startsWith('+')) {
    body = body.slice(1)
  }
  if (!/^[\d.,]+$/.test(body) || !/\d/.test(body)) return undefined

  const normalised = normaliseSeparators(body, decimalSeparator)
  if (normalised === undefined) return undefined
  const value = Number(normalised)
  if (!Number.isFinite(value)) return undefined
  return negative ? -value : value
}

function normaliseSeparators(body: string, decimalSeparator: DecimalSeparator): string | undefined {
  const lastDot = body.lastIndexOf('.')
  const lastComma = body.lastIndexOf(',')

  // Both appear: the one that comes last is the decimal point (1,234.5 and 1.234,5).
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ','
    const thousands = decimal === '.' ? ',' : '.'
    if (body.indexOf(decimal) !== body.lastIndexOf(decimal)) return undefined
    return groupedOrUndefined(body, thousands, decimal)
  }

  const only = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : undefined
  if (!only) return body
  const occurrences = body.split(only).length - 1
  if (occurrences > 1 || only !== decimalSeparator) {
    // Repeated, or not the file's decimal point: a thousands separator, so groups of three.
    return groupedOrUndefined(body, only, undefined)
  }
  return body.replace(only, '.')
}

function groupedOrUndefined(body: string, thousands: string, decimal: string | undefined): string | undefined {
  const [whole = '', fraction] = decimal ? body.split(decimal) : [body]
  const groups = whole.split(thousands)
  const valid = groups.every((group, index) => (index === 0 ? /^\d{1,3}$/.test(group) || groups.length === 1 : /^\d{3}$/.test(group)))
  if (!valid) return undefined
  return fraction === undefined ? groups.join('') : `${groups.join('')}.${fraction}`
}
