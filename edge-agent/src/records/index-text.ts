/**
 * Text helpers shared by the record index's writes and queries, so both split and fold text
 * the same way. Words split as SQLite's `unicode61` tokenizer splits them, sort keys order as
 * the list's collator does, and edit distances serve typo-tolerant search.
 */

const NOT_WORD = /[^\p{L}\p{N}\p{M}\p{Co}]+/u
/** Combining diacritical marks, such as the acute of é once decomposed. */
const DIACRITICS = /[\u0300-\u036f]/g

/**
 * Lower-cases a text and drops the accents of Latin letters, as `unicode61` with
 * `remove_diacritics 2` does. Marks that are part of a script, such as Devanagari vowel signs,
 * stay.
 */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(DIACRITICS, '').normalize('NFC').toLowerCase()
}

/** Returns the lower-cased words of a text, accents kept; "O'Brien-Smith" gives o, brien, smith. */
export function words(text: string): string[] {
  return text.normalize('NFC').toLowerCase().split(NOT_WORD).filter((word) => word !== '')
}

/** Width that digit runs are padded to in sort keys, so "Item 9" sorts before "Item 10". */
const DIGIT_WIDTH = 20

/**
 * Returns a key that sorts as `Intl.Collator('en', { sensitivity: 'base', numeric: true })`
 * orders the values of one field: numbers by value, text without regard to case or accents,
 * with runs of digits compared by their value.
 */
export function sortKey(value: unknown): number | string | null {
  if (value === undefined || value === null || value === '') return null
  if (typeof value === 'number') return value
  if (typeof value === 'boolean') return value ? 1 : 0
  return foldText(String(value)).replace(/\d+/g, (digits) => {
    const trimmed = digits.replace(/^0+(?=\d)/, '')
    return trimmed.length >= DIGIT_WIDTH ? trimmed : trimmed.padStart(DIGIT_WIDTH, '0')
  })
}

/**
 * Levenshtein distance between two words, or `max + 1` once it is known to exceed `max`.
 * Computed on one row of the table at a time.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  let previous = Array.from({ length: b.length + 1 }, (_, column) => column)
  for (let row = 1; row <= a.length; row++) {
    const current = [row]
    let best = row
    for (let column = 1; column <= b.length; column++) {
      const cost = a[row - 1] === b[column - 1] ? 0 : 1
      const value = Math.min(previous[column]! + 1, current[column - 1]! + 1, previous[column - 1]! + cost)
      current.push(value)
      best = Math.min(best, value)
    }
    if (best > max) return max + 1
    previous = current
  }
  return previous[b.length]!
}
