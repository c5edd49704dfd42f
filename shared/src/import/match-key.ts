const PRINTABLE_ASCII = /^[\x20-\x7e]*$/

/**
 * Normalises a name for matching: Unicode compatibility forms folded, case ignored and every
 * space removed, so `ACME  Corp`, `Acme Corp` and `acmecorp` match.
 *
 * @example nameMatchKey(' Acme  Corporation ') // 'acmecorporation'
 */
export function nameMatchKey(name: string): string {
  // Printable ASCII has no compatibility forms, so most names skip the costly normalisation.
  const folded = PRINTABLE_ASCII.test(name) ? name : name.normalize('NFKC')
  return folded.toLowerCase().replace(/\s+/g, '')
}

/** Fields whose values together identify a record for duplicate detection: `['email']`. */
export type DedupeKey = readonly string[]

const SEPARATOR = '\u0001'

/**
 * Builds the lookup key of `record` for one dedupe key, or undefined when any of its fields is
 * empty (an empty email never makes two contacts duplicates). Text is compared with
 * `nameMatchKey`, so case and spaces do not matter.
 *
 * @example dedupeKeyOf({ email: 'a@b.com' }, ['email']) // 'email=a@b.com'
 */
export function dedupeKeyOf(record: Readonly<Record<string, unknown>>, key: DedupeKey): string | undefined {
  const parts: string[] = []
  for (const field of key) {
    const value = record[field]
    if (value === undefined || value === null || value === '') return undefined
    parts.push(`${field}=${nameMatchKey(String(value))}`)
  }
  return parts.join(SEPARATOR)
}
