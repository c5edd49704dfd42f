import { isEntityType, personalValuesOf, project, type AllowedFieldSet, type ProjectedDoc, type RecordDoc, type ResidencyPolicy } from '@enclave/shared'
import { findRejectionNoticeProblems, REJECTION_NOTICE_KEY } from '@enclave/shared/merge/rejection-notice'
import type { RecordIndex } from '../records/record-index'

/** Lists a contact's names (CJK full names without a space too), emails and phones. */
function contactValues(contact: RecordDoc | undefined): string[] {
  return contact ? personalValuesOf(contact) : []
}

/** Returns the id of the contact a record links to through `contactId`, if any. */
function linkedContactId(record: RecordDoc | undefined): string | undefined {
  return typeof record?.contactId === 'string' ? record.contactId : undefined
}

/**
 * Lists the personal values that must not appear in the record's synced free text: a contact's
 * own, and those of the contacts it links to through `contactId`. An activity also covers the
 * contact of the deal or ticket it belongs to, since its subject often names that person.
 */
export function collectRedactValues(record: RecordDoc, index: RecordIndex): string[] {
  const contactIds = new Set<string>()
  const direct = linkedContactId(record)
  if (direct) contactIds.add(direct)
  if (typeof record.dealId === 'string') {
    const viaDeal = linkedContactId(index.get('deal', record.dealId))
    if (viaDeal) contactIds.add(viaDeal)
  }
  if (typeof record.ticketId === 'string') {
    const viaTicket = linkedContactId(index.get('ticket', record.ticketId))
    if (viaTicket) contactIds.add(viaTicket)
  }

  const values = record.type === 'contact' ? contactValues(record) : []
  for (const id of contactIds) values.push(...contactValues(index.get('contact', id)))
  return values
}

/** Projects a record for the cloud with the site's policy, key and linked-contact redaction. */
export function projectRecord(
  record: RecordDoc,
  policy: ResidencyPolicy,
  pseudonymKey: Uint8Array,
  index: RecordIndex,
): ProjectedDoc | null {
  return project(record, policy, pseudonymKey, { redactValues: collectRedactValues(record, index) })
}

const OUTBOX_ONLY_KEYS = new Set(['_rev', '_conflicts', '_deleted_conflicts', '_revisions', '_deleted'])

/**
 * Tells whether an outbox copy carries exactly the projected content, ignoring revision keys
 * and the merger's rejection notice. The projector and the merger's skip test use it, so a
 * notice stays while the projection is unchanged.
 */
export function isSameProjection(projected: ProjectedDoc, outboxCopy: Record<string, unknown>): boolean {
  const { [REJECTION_NOTICE_KEY]: _notice, ...content } = outboxCopy
  return isSameOutboxContent(projected, content)
}

/**
 * Tells whether an outbox copy's rejection notice, if it has one, names only fields that
 * `allowed` lets leave the site. A notice that fails would make the gateway reject the copy.
 */
export function isNoticeAllowed(outboxCopy: Record<string, unknown>, allowed: AllowedFieldSet): boolean {
  const notice = outboxCopy[REJECTION_NOTICE_KEY]
  if (notice === undefined) return true
  const type = outboxCopy.type
  const fields = typeof type === 'string' && isEntityType(type) ? allowed.entities[type]?.fields : undefined
  return fields !== undefined && findRejectionNoticeProblems(notice, fields).length === 0
}

/** Tells whether an outbox copy carries exactly `expected`, rejection notice included, ignoring revision keys. */
export function isSameOutboxContent(expected: Record<string, unknown>, outboxCopy: Record<string, unknown>): boolean {
  const stored: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(outboxCopy)) if (!OUTBOX_ONLY_KEYS.has(name)) stored[name] = value
  return canonicalJson(expected) === canonicalJson(stored)
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return inner
    const entries = Object.entries(inner)
    entries.sort(([a], [b]) => a.localeCompare(b, 'en'))
    return Object.fromEntries(entries)
  })
}
