import { ENTITY_SCHEMAS, type EntityType, type RecordDoc } from '@enclave/shared'
import type { RecordStore } from '../records/record-store'

/** A record that links to a contact, and the fields that contain the link. */
export interface LinkedRecord {
  record: RecordDoc
  fields: string[]
}

/** Returns, per record type, the fields (custom fields included) that link to a contact. */
export function contactLinkFields(store: RecordStore): Map<EntityType, string[]> {
  const links = new Map<EntityType, string[]>()
  for (const schema of Object.values(ENTITY_SCHEMAS)) {
    const fields = [...schema.fields, ...store.getCustomFields(schema.type)]
      .filter((field) => field.kind === 'ref' && field.refType === 'contact')
      .map((field) => field.name)
    if (fields.length > 0) links.set(schema.type, fields)
  }
  return links
}

/**
 * Finds every record that links to the contact: activities and tasks, tickets, deals and any
 * record type with a custom field that refers to contacts. Reads every record of those types
 * from the record index, because no index is kept by link.
 */
export function findLinkedRecords(store: RecordStore, contactId: string): LinkedRecord[] {
  const linked: LinkedRecord[] = []
  for (const [type, fields] of contactLinkFields(store)) {
    for (const record of store.index.all(type)) {
      const matching = fields.filter((field) => record[field] === contactId)
      if (matching.length > 0) linked.push({ record, fields: matching })
    }
  }
  return linked
}
