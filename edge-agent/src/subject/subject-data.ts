import type { RecordDoc } from '@enclave/shared'
import type { AuditEntry } from '../audit/audit-hash'
import type { EdgeContext } from '../context'
import type { CampaignMember } from '../campaigns/campaign-members'
import type { HistoryEntry } from '../sync/record-history'
import { findInImports, type ImportTraces } from '../import/import-erasure'
import { findLinkedRecords } from './linked-records'
import { rowQuotesPerson } from './person-match'

/** Version of the subject access document; raise it when its shape changes. */
export const SUBJECT_DATA_VERSION = 1

/** An audit entry that names the contact or a linked record: who did what, and when. */
export type SubjectAuditEntry = Pick<AuditEntry, 'seq' | 'time' | 'action' | 'user' | 'recordIds' | 'fields'>

/** Everything the site stores about one contact, as a subject access export returns it. */
export interface SubjectData {
  format: 'enclave-subject-data'
  version: number
  siteId: string
  exportedAt: string
  contact: RecordDoc
  /** Records that link to the contact, by kind; tasks are activities of kind `task`. */
  linked: {
    activities: RecordDoc[]
    tasks: RecordDoc[]
    tickets: RecordDoc[]
    deals: RecordDoc[]
    /** Records of other types that link to the contact through a custom field. */
    other: RecordDoc[]
  }
  campaignMemberships: CampaignMember[]
  /** Values the contact and its linked records lost to merges, and snapshots of deletions. */
  recordHistory: HistoryEntry[]
  /** Rejected import rows that quote the person, and undo snapshots of the records above. */
  imports: ImportTraces
  audit: SubjectAuditEntry[]
}

/** Copies a document without its revision, which is the database's, not the person's data. */
function withoutRevision<T extends { _rev?: string }>(doc: T): T {
  const { _rev: _ignored, ...rest } = doc
  return rest as T
}

function sortLinked(records: RecordDoc[]): SubjectData['linked'] {
  const linked: SubjectData['linked'] = { activities: [], tasks: [], tickets: [], deals: [], other: [] }
  for (const record of records) {
    if (record.type === 'activity') linked[record.kind === 'task' ? 'tasks' : 'activities'].push(record)
    else if (record.type === 'ticket') linked.tickets.push(record)
    else if (record.type === 'deal') linked.deals.push(record)
    else linked.other.push(record)
  }
  return linked
}

/** Lists the audit entries that name any of `ids`, oldest first, without client addresses. */
export async function auditEntriesNaming(context: EdgeContext, ids: ReadonlySet<string>): Promise<SubjectAuditEntry[]> {
  const entries: SubjectAuditEntry[] = []
  await context.audit.flush()
  for await (const entry of context.audit.entries()) {
    if (!entry.recordIds.some((id) => ids.has(id))) continue
    entries.push({ seq: entry.seq, time: entry.time, action: entry.action, user: entry.user, recordIds: entry.recordIds, fields: entry.fields })
  }
  return entries
}

/**
 * Collects everything the site stores about a contact. That is the record, the records linked
 * to it, its campaign memberships and the record history of all of them, the import rows and
 * undo snapshots that concern them, and the audit entries that name them. Throws 404
 * `not_found` when no contact has the id.
 */
export async function collectSubjectData(context: EdgeContext, contactId: string): Promise<SubjectData> {
  const contact = await context.store.get('contact', contactId)
  const linkedRecords = findLinkedRecords(context.store, contactId).map((linked) => linked.record)
  const ids = new Set([contactId, ...linkedRecords.map((record) => record._id)])

  const recordHistory: HistoryEntry[] = []
  const history = context.sync?.history
  if (history) {
    for (const id of ids) recordHistory.push(...(await history.list(id)))
  }
  const memberships = (await context.campaigns?.members.ofRecord(contactId)) ?? []

  return {
    format: 'enclave-subject-data',
    version: SUBJECT_DATA_VERSION,
    siteId: context.config.siteId,
    exportedAt: new Date().toISOString(),
    contact: withoutRevision(contact),
    linked: sortLinked(linkedRecords.map(withoutRevision)),
    campaignMemberships: memberships.map(withoutRevision),
    recordHistory: recordHistory.map(withoutRevision),
    imports: await findInImports(context.databases.meta, ids, rowQuotesPerson(contact)),
    audit: await auditEntriesNaming(context, ids),
  }
}

/** Returns a file name for the export that is safe on every common file system. */
export function subjectDataFileName(contactId: string, exportedAt: string): string {
  return `subject-data-${contactId.replace(/[^A-Za-z0-9-]/g, '-')}-${exportedAt.slice(0, 10)}.json`
}
