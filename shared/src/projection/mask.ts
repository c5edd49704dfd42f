import type { FieldKind } from '../entities/fields'
import type { MaskStyle } from '../policy/types'
import { phoneParts } from './phone-parts'

export const MASK = '***'

function maskText(text: string, style: MaskStyle): string {
  if (style === 'full' || text.length < 2) return MASK
  if (style === 'last4') return text.length > 8 ? `${MASK}${text.slice(-4)}` : MASK
  return `${Array.from(text)[0]}${MASK}`
}

function maskEmail(email: string, style: MaskStyle): string {
  const at = email.lastIndexOf('@')
  if (style === 'full' || at < 1) return MASK
  const domain = email.slice(at + 1)
  return style === 'last4' ? `${MASK}@${domain}` : `${Array.from(email)[0]}${MASK}@${domain}`
}

/** `+86 138****5678` for partial, `****5678` for last4. Extensions are dropped. */
function maskPhone(phone: string, style: MaskStyle): string {
  const number = phone.split(';')[0] ?? ''
  const digits = number.replace(/\D/g, '')
  if (style === 'full' || digits.length < 6) return MASK
  if (style === 'last4') return `****${digits.slice(-4)}`

  const parts = phoneParts(number)
  if (!parts) return `****${digits.slice(-4)}`
  const { national } = parts
  const head = national.length >= 9 ? national.slice(0, 3) : ''
  return `+${parts.callingCode} ${head}****${national.slice(-4)}`
}

/**
 * Returns the masked form of a value: a string that always contains `***` or `****`, so the
 * cloud and the UI can tell a masked value from a real one. Non-text kinds mask to `***`.
 */
export function maskValue(kind: FieldKind, value: unknown, style: MaskStyle = 'partial'): string {
  if (typeof value !== 'string') return MASK

  switch (kind) {
    case 'email':
      return maskEmail(value, style)
    case 'phone':
      return maskPhone(value, style)
    case 'text':
    case 'longtext':
    case 'id':
    case 'url':
    case 'currency':
      return maskText(value, style)
    default:
      return MASK
  }
}

/** Tells whether a string has the shape `maskValue` produces. */
export function isMaskedValue(value: unknown): boolean {
  return typeof value === 'string' && value.includes(MASK)
}
