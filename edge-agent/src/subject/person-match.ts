import type { RecordDoc } from '@enclave/shared'
import { redactText, REDACTED } from '@enclave/shared/projection/redact'

/**
 * Values that identify the person in an imported row: emails, phones, national ID and full
 * name. A first or last name alone is left out, because other people share it.
 */
function identifyingValues(contact: RecordDoc): string[] {
  const text = (name: string) => (typeof contact[name] === 'string' && (contact[name] as string).trim() !== '' ? (contact[name] as string).trim() : undefined)
  const values = ['email', 'email2', 'phone', 'phone2', 'nationalId'].flatMap((name) => text(name) ?? [])
  const first = text('firstName')
  const last = text('lastName')
  if (first && last) values.push(`${first} ${last}`, `${last} ${first}`)
  return values
}

/**
 * Returns a test of whether an imported row's cells quote the contact, matching as the sync's
 * free-text redaction does (any case, phones in any format). The cells are joined, so a name
 * split into first and last name columns matches too.
 */
export function rowQuotesPerson(contact: RecordDoc): (cells: string[]) => boolean {
  const identifying = identifyingValues(contact)
  return (cells) => redactText(cells.join(' '), identifying).includes(REDACTED)
}
