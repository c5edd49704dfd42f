import { findPhoneNumbersInText } from 'libphonenumber-js'

export const REDACTED = '[redacted]'

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/
const MIN_NAME_LENGTH = 2
/** Phone numbers are matched on their last 7 digits, which the formatting never splits. */
const PHONE_TAIL_DIGITS = 7
/** An email's local part shorter than this ("info", "jo") is too common to redact on its own. */
const MIN_LOCAL_PART_LENGTH = 5

/**
 * A letter, digit or combining accent that continues a word. CJK characters are left out
 * because CJK text puts no spaces between words, so a Latin name written right next to them
 * ("与John的会议") still matches.
 */
const WORD_CHARACTER =
  '[[\\p{L}\\p{N}\\p{M}]--[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}]]'
const COMBINING_MARKS = /\p{M}/gu
/** Parts of a hyphenated or multi-word name shorter than this ("de", "Li") are not redacted alone. */
const MIN_NAME_PART_LENGTH = 3
/** Personal fields of a contact, besides names, emails and phones, that free text may quote. */
const OTHER_PERSONAL_FIELDS = ['street', 'nationalId']

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

/**
 * Redacts a word from text in canonical decomposition (NFD). Each letter of the word matches
 * with or without accents, so `Öberg` in the text goes for the value `Oberg` and the other way.
 */
function redactWord(text: string, word: string): string {
  // Any run of white space in the value matches any run in the text ("Ann  Lee" for "Ann Lee").
  const escaped = word
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .split(/\s+/)
    .map((part) => Array.from(part, (character) => `${escapeRegExp(character)}\\p{M}*`).join(''))
    .join('\\s+')
  // Latin names match as whole words, so "Ann" leaves "Annual" alone. CJK text has no spaces
  // between words, so there a name matches anywhere.
  const pattern = CJK.test(word)
    ? new RegExp(escaped, 'giv')
    : new RegExp(`(?<!${WORD_CHARACTER})${escaped}(?!${WORD_CHARACTER})`, 'giv')
  return text.replace(pattern, REDACTED)
}

function redactPhone(text: string, phone: string): string {
  const tail = phone.split(';')[0]?.replace(/\D/g, '').slice(-PHONE_TAIL_DIGITS) ?? ''
  if (tail.length < PHONE_TAIL_DIGITS) return text

  // A run may join the number with a neighbouring one ("555 0100 2024"), so the whole run is
  // redacted when it contains the tail anywhere: redacting too much is safe, too little is not.
  return text.replace(/[+(]?\d[\d\s().-]{5,}\d/g, (run) =>
    run.replace(/\D/g, '').includes(tail) ? REDACTED : run,
  )
}

function isPhoneLike(value: string): boolean {
  return /^\+?[\d\s().-]+(;ext=\d+)?$/.test(value)
}

/**
 * Redacts personal values (names, emails, phone numbers) of linked records from free text
 * before it leaves the site. Matching ignores case; phone numbers match whatever their format.
 * Longer values are redacted first, so an email goes as a whole before the name inside it.
 *
 * @example redactText('Call Ann Lee on +1 415 555 0100', ['Ann', 'Lee', '+14155550100'])
 * // 'Call [redacted] [redacted] on [redacted]'
 */
export function redactText(text: string, values: readonly string[]): string {
  let result = text.normalize('NFD')
  const sorted = [...new Set(values.map((value) => value.trim()))].sort(
    (a, b) => b.length - a.length,
  )

  for (const value of sorted) {
    if (Array.from(value).length < MIN_NAME_LENGTH) continue
    result = isPhoneLike(value) ? redactPhone(result, value) : redactWord(result, value)
  }
  return result.normalize('NFC')
}

/** An email address anywhere in text: a local part, `@`, and a domain with a dot. */
const EMAIL_IN_TEXT = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu
/**
 * National phone numbers, which have no `+` to find them by: a trunk prefix 0 in a run of at
 * least 9 digits (`020 7946 0958`), or the North American `(415) 555-0100`. Dates such as
 * 2024-03-31 have neither shape.
 */
const NATIONAL_PHONE_IN_TEXT = /(?<![\p{N}+])(?:0\d{1,4}[\s.-]?\d{2,4}[\s.-]?\d{3,4}(?:[\s.-]?\d{2,4})?|\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4})(?!\p{N})/gu
const MIN_NATIONAL_DIGITS = 9

/**
 * Redacts every email address and phone number from free text, not only those of linked
 * records. The values of linked records (`redactText`) catch names, but a title such as
 * "Call Ann at ann@example.com" need not link to Ann's contact at all.
 *
 * @example redactContactDetails('Mail ann@example.com or ring +44 20 7946 0958')
 * // 'Mail [redacted] or ring [redacted]'
 */
export function redactContactDetails(text: string): string {
  let result = text.replace(EMAIL_IN_TEXT, REDACTED)
  const found = findPhoneNumbersInText(result)
  for (const match of [...found].reverse()) {
    result = `${result.slice(0, match.startsAt)}${REDACTED}${result.slice(match.endsAt)}`
  }
  return result.replace(NATIONAL_PHONE_IN_TEXT, (run) => (run.replace(/\D/g, '').length >= MIN_NATIONAL_DIGITS ? REDACTED : run))
}

/**
 * Lists the values of a contact that synced free text must not quote: first, last and full name
 * (both orders, without a space for CJK names, and the parts of a hyphenated or multi-word
 * name), emails with their local part, phones, street address and national ID.
 * The projector passes them as `redactValues` for every record that links to the contact.
 *
 * @example personalValuesOf({ firstName: 'Ann', lastName: 'Lee', email: 'ann.lee@x.org' })
 * // ['Ann', 'Lee', 'Ann Lee', 'Lee Ann', 'ann.lee@x.org', 'ann.lee']
 */
export function personalValuesOf(contact: Record<string, unknown>): string[] {
  const text = (name: string): string | undefined => {
    const value = contact[name]
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
  }
  const values: string[] = []
  const first = text('firstName')
  const last = text('lastName')

  if (first) values.push(first)
  if (last) values.push(last)
  // "Quintanilla-Öberg" is also written as one of its parts.
  for (const name of [first, last]) {
    const parts = name?.split(/[\s-]+/) ?? []
    if (parts.length > 1) values.push(...parts.filter((part) => Array.from(part).length >= MIN_NAME_PART_LENGTH))
  }
  if (first && last) {
    values.push(`${first} ${last}`, `${last} ${first}`)
    if (CJK.test(first) || CJK.test(last)) values.push(`${last}${first}`, `${first}${last}`)
  }

  for (const name of ['email', 'email2']) {
    const email = text(name)
    if (!email) continue
    values.push(email)
    const localPart = email.slice(0, email.lastIndexOf('@'))
    if (localPart.length >= MIN_LOCAL_PART_LENGTH) values.push(localPart)
  }

  for (const name of ['phone', 'phone2']) {
    const phone = text(name)
    if (phone) values.push(phone)
  }
  for (const name of OTHER_PERSONAL_FIELDS) {
    const value = text(name)
    if (value) values.push(value)
  }
  return values
}
