import { personalValuesOf, type ProjectionContext, type RecordDoc, type ResidencyPolicy } from '@enclave/shared'
import type { RecordStore } from '../records/record-store'

/** Reference fields whose target contact's name, email and phone synced free text must not quote. */
const CONTACT_LINKS = ['contactId'] as const

/**
 * Builds the projection context of a record at the edge: the policy's custom fields and the
 * personal values of the contacts it links to, which the leak guard redacts from free text.
 */
export function projectionContextFor(store: RecordStore, record: RecordDoc, policy: ResidencyPolicy): ProjectionContext {
  const redactValues: string[] = []
  for (const link of CONTACT_LINKS) {
    const id = record[link]
    if (typeof id !== 'string') continue
    const contact = store.index.get('contact', id)
    if (contact) redactValues.push(...personalValuesOf(contact))
  }

  const context: ProjectionContext = {}
  if (policy.customFields) context.customFields = policy.customFields
  if (redactValues.length > 0) context.redactValues = redactValues
  return context
}
