import type { FieldKind } from '../entities/fields'
import type { GeneralizeLevel } from '../policy/types'
import { phoneParts } from './phone-parts'

function generalizeDate(value: string, level: GeneralizeLevel): string | undefined {
  const match = /^(\d{4})-(\d{2})/.exec(value)
  if (!match) return undefined
  const year = match[1] as string
  if (level === 'month') return `${year}-${match[2]}`
  if (level === 'decade') return `${year.slice(0, 3)}0s`
  return year
}

/** `1000-10000` for 1100.04: the order of magnitude the number lies in. */
function generalizeNumber(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined
  if (value === 0) return '0'

  const magnitude = Math.abs(value)
  const lower = magnitude < 1 ? 0 : 10 ** Math.floor(Math.log10(magnitude))
  const upper = magnitude < 1 ? 1 : lower * 10
  return value < 0 ? `-${upper}--${lower}` : `${lower}-${upper}`
}

/**
 * Returns a coarsened value, or undefined when the value cannot be coarsened (the field is then
 * left out, because leaving it out is always safe). A level that does not fit the kind falls
 * back to the kind's default: year, band, prefix, domain, country.
 */
export function generalizeValue(
  kind: FieldKind,
  value: unknown,
  level?: GeneralizeLevel,
  prefixLength = 3,
): string | undefined {
  switch (kind) {
    case 'date':
    case 'datetime':
      return typeof value === 'string' ? generalizeDate(value, level ?? 'year') : undefined
    case 'number':
    case 'money':
      return typeof value === 'number' ? generalizeNumber(value) : undefined
    case 'email': {
      if (typeof value !== 'string') return undefined
      const at = value.lastIndexOf('@')
      return at >= 0 ? value.slice(at + 1).toLowerCase() : undefined
    }
    case 'phone': {
      if (typeof value !== 'string') return undefined
      const parts = phoneParts(value.split(';')[0] ?? '')
      return parts ? `+${parts.callingCode}` : undefined
    }
    case 'text':
    case 'id':
      if (typeof value !== 'string') return undefined
      return Array.from(value.trim()).slice(0, Math.max(1, prefixLength)).join('')
    default:
      return undefined
  }
}
