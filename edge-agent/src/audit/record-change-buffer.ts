import type { RecordChangeEvent } from '../records/record-store'
import type { AuditEntryInput } from './audit-hash'

/** Maximum record ids in one audit entry, so that an entry stays a small document. */
export const MAX_IDS_PER_ENTRY = 500

function groupKey(event: RecordChangeEvent): string {
  return JSON.stringify([event.action, event.actor ?? 'system', event.address ?? '', event.type, [...event.fields].sort()])
}

/**
 * Collects record change events that happen in the same turn of the event loop and turns them
 * into audit entries, one per action, user, client address, type and field set. A single edit still gets its
 * own entry; a bulk import of thousands of records gets a few entries instead of thousands.
 */
export class RecordChangeBuffer {
  private pending: RecordChangeEvent[] = []
  private scheduled = false

  constructor(private readonly write: (entries: AuditEntryInput[]) => unknown) {}

  add(event: RecordChangeEvent): void {
    this.pending.push(event)
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => this.flush())
  }

  /** Writes what is pending now; called by the timer and at shutdown. */
  flush(): void {
    this.scheduled = false
    if (this.pending.length === 0) return
    const events = this.pending
    this.pending = []
    this.write(groupEvents(events))
  }
}

/** Groups events by action, user, client address, type and fields, keeping the order of first appearance. */
export function groupEvents(events: RecordChangeEvent[]): AuditEntryInput[] {
  const groups = new Map<string, AuditEntryInput[]>()
  for (const event of events) {
    const key = groupKey(event)
    const entries = groups.get(key) ?? []
    let entry = entries.at(-1)
    if (!entry || entry.recordIds!.length >= MAX_IDS_PER_ENTRY) {
      entry = { action: `record.${event.action}`, user: event.actor ?? 'system', address: event.address, recordIds: [], fields: [...event.fields].sort(), detail: { type: event.type } }
      entries.push(entry)
      groups.set(key, entries)
    }
    entry.recordIds!.push(event.id)
  }
  return [...groups.values()].flat()
}
