import { ApiError, ENTITY_SCHEMAS, type EntityType, type RecordDoc } from '@enclave/shared'
import { personalValuesOf, redactText } from '@enclave/shared/projection/redact'
import type { EdgeContext } from '../context'
import { eraseFromImports, requireNoActiveImport, type ImportErasureCounts } from '../import/import-erasure'
import { importServiceOf } from '../import/import-worker'
import type { WriteOrigin } from '../records/record-store'
import { compactDatabase } from '../storage/pouch'
import { findLinkedRecords, type LinkedRecord } from './linked-records'
import { rowQuotesPerson } from './person-match'

/**
 * Choice for the activities and tickets linked to the person: deleted with the contact, or
 * kept without the link and without the person's data. Deals and records of other types are
 * always kept that way, because they record the business's own dealings.
 */
export type LinkedChoice = 'delete' | 'keep'
export const LINKED_CHOICES: readonly LinkedChoice[] = ['delete', 'keep']

/** Types whose linked records `linked: 'delete'` deletes. */
const DELETABLE_LINKED_TYPES: readonly EntityType[] = ['activity', 'ticket']
/** Maximum length of an erasure reason, in characters. */
export const MAX_REASON_LENGTH = 500

export interface ErasureInput {
  reason: string
  linked: LinkedChoice
}

/** Counts of what an erasure removed at the edge; never personal values. */
export interface EdgeErasureCounts extends ImportErasureCounts {
  linkedDeleted: number
  linkedKept: number
  historyEntries: number
  campaignMemberships: number
}

/** Reads `{ reason, linked }`; the reason is required, `linked` defaults to `keep`. */
export function readErasureInput(body: unknown): ErasureInput {
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const reason = typeof input.reason === 'string' ? input.reason.trim() : ''
  if (reason === '' || reason.length > MAX_REASON_LENGTH) {
    throw new ApiError(400, 'erase_reason_missing', `the reason for the erasure is missing or longer than ${MAX_REASON_LENGTH} characters; state why the person's data is erased`).withParams({ max: MAX_REASON_LENGTH })
  }
  const linked = input.linked ?? 'keep'
  if (!LINKED_CHOICES.includes(linked as LinkedChoice)) {
    throw new ApiError(400, 'invalid_linked_choice', `linked is '${String(linked)}'; use 'delete' to delete the linked activities and tickets or 'keep' to keep them without the person's data`).withParams({ value: String(linked) })
  }
  return { reason, linked: linked as LinkedChoice }
}

/**
 * Builds the change that keeps a linked record without the person: the link fields and the
 * record's personal fields cleared, and the person's names, emails, phones, street and
 * national ID replaced by `[redacted]` in its other text fields.
 */
function detachPatch(context: EdgeContext, linked: LinkedRecord, personalValues: readonly string[]): Record<string, unknown> {
  const type = linked.record.type as EntityType
  const patch: Record<string, unknown> = {}
  for (const field of linked.fields) patch[field] = null
  for (const field of [...ENTITY_SCHEMAS[type].fields, ...context.store.getCustomFields(type)]) {
    const value = linked.record[field.name]
    if (value === undefined || value === null || field.name in patch) continue
    if (field.pii) {
      patch[field.name] = null
    } else if ((field.kind === 'text' || field.kind === 'longtext') && typeof value === 'string') {
      const redacted = redactText(value, personalValues)
      if (redacted !== value.normalize('NFC')) patch[field.name] = redacted
    }
  }
  return patch
}

/**
 * Erases a contact from everything the edge keeps. That is the record, its linked records
 * (deleted or detached, see `LinkedChoice`), their record history, the contact's campaign
 * memberships, and the import chunks and uploads that quote the person. Then it removes the
 * old revisions and deleted values from the LevelDB files and the record index. Returns the
 * ids erased or changed, the ids deleted (whose cloud copies go too) and the audit counts.
 */
export async function eraseSubjectAtEdge(
  context: EdgeContext,
  contactId: string,
  input: ErasureInput,
  origin: WriteOrigin & { actor: string },
): Promise<{ recordIds: string[]; deletedIds: string[]; counts: EdgeErasureCounts }> {
  const imports = importServiceOf(context)
  await requireNoActiveImport(imports)
  const contact = await context.store.get('contact', contactId)
  const personalValues = personalValuesOf(contact)

  const linked = findLinkedRecords(context.store, contactId)
  const deletedIds = [contactId]
  for (const record of linked) {
    const type = record.record.type as EntityType
    if (input.linked === 'delete' && DELETABLE_LINKED_TYPES.includes(type)) {
      await context.store.remove(type, record.record._id, origin)
      deletedIds.push(record.record._id)
    } else {
      await context.store.update(type, record.record._id, detachPatch(context, record, personalValues), origin)
    }
  }
  await context.store.remove('contact', contactId, origin)
  const recordIds = [contactId, ...linked.map((record) => record.record._id)]

  let historyEntries = 0
  for (const id of recordIds) historyEntries += (await context.sync?.history.removeAll(id)) ?? 0
  const campaignMemberships = (await context.campaigns?.members.removeRecord(contactId)) ?? 0
  const importCounts = await eraseFromImports(imports, context.databases.meta, new Set(recordIds), rowQuotesPerson(contact), origin)

  await removeLeftovers(context, [...new Set(['contact' as EntityType, ...linked.map((record) => record.record.type as EntityType)])])
  const linkedDeleted = deletedIds.length - 1
  return {
    recordIds,
    deletedIds,
    counts: { linkedDeleted, linkedKept: linked.length - linkedDeleted, historyEntries, campaignMemberships, ...importCounts },
  }
}

/**
 * Removes old revisions and deleted values from the files of every database the erasure
 * changed, once the projector has replaced the outbox copies, and from the record index.
 */
async function removeLeftovers(context: EdgeContext, types: EntityType[]): Promise<void> {
  await context.sync?.drain()
  const { records, outbox, meta } = context.databases
  for (const db of [records, outbox, meta]) await compactDatabase(db)
  if (context.sync) await compactDatabase(context.sync.history.db)
  if (context.campaigns) await compactDatabase(context.campaigns.members.db)
  context.store.index.scrub(types)
}
