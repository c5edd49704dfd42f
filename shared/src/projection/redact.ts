export const REDACTED = '[redacted]'

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/
const MIN_NAME_LENGTH = 2
/** Phone numbers are matched on their last 7 digits, which the formatting never splits. */
const PHONE_TAIL_DIGITS = 7

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function redactWord(text: string, word: string): string {
  const escaped = escapeRegExp(word)
  // Latin names match as whole words, so "Ann" leaves "Annual" alone. CJK text has no spaces
  // between words, so there a name matches anywhere.
  const pattern = CJK.test(word)
    ? new RegExp(escaped, 'giu')
    : new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'giu')
  return text.replace(pattern, REDACTED)
}

function redactPhone(text: string, phone: string): string {
  const tail = phone.split(';')[0]?.replace(/\D/g, '').slice(-PHONE_TAIL_DIGITS) ?? ''
  if (tail.length < PHONE_TAIL_DIGITS) return text

  return text.replace(/\+?[\d][\d\s().-]{5,}\d/g, (run) =>
    run.replace(/\D/g, '').endsWith(tail) ? REDACTED : run,
  )
}

/**
 * Redacts personal values (names, emails, phone numbers) of linked records from free text
 * before it leaves the site. Matching ignores case; phone numbers match whatever their format.
 */
export function redactText(text: string, values: readonly string[]): string {
  let result = text
  const sorted = [...new Set(values.map((value) => value.trim()))].sort((a, b) => b.length - a.length)

  for (const value of sorted) {
    if (value.length < MIN_NAME_LENGTH) continue
    if (/^\+?[\d\s().-]+(;ext=\d+)?$/.test(value)) {
      result = redactPhone(result, value)
    } else {
      result = redactWord(result, value)
    }
  }
  return result
}
