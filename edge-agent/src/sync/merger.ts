import {
  closeDateOnClosing,
  isEntityType,
  type EntityType,
  type ProjectedDoc,
  type RecordDoc,
  type ResidencyPolicy,
} from '@enclave/shared'
import { acceptCreated } from '@enclave/shared/merge/accept-created'
import { mergeIncoming, type FieldLoss, type FieldRejection } from '@enclave/shared/merge/merge-incoming'
import { buildRejectionNotice, REJECTION_NOTICE_KEY, type RejectionNotice } from '@enclave/shared/merge/rejection-notice'
import type { EdgeContext } from '../context'
import { putLocalDocument } from '../storage/pouch'
import { isSameOutboxContent, isSameProjection, projectRecord } from '../projection/project-record'
import { edgeTombstone, isEdgeDeletion, ownOutboxRevisions, ownOutboxWrites, writeOutboxDocs } from './outbox-deletions'
import type { RecordHistory } from './record-history'
import type { SerialLock } from './serial-lock'

/** Outbox changes read per step of the merger's feed. */
const MERGE_BATCH_SIZE = 500
const CHECKPOINT_ID = '_local/merger-checkpoint'
/** Attempts when a user writes the same record between the merger's read and write. */
const MAX_RECORD_RETRIES = 5

type OutboxDoc = ProjectedDoc & { _rev: string; _conflicts?: string[]; _deleted?: boolean }

interface RecordState {
  record?: RecordDoc
  /** The record existed and was deleted at the edge. */
  deleted: boolean
}

function cloudWritableFields(policy: ResidencyPolicy, type: EntityType): Set<string> {
  const fields = policy.entities[type]?.fields ?? {}
  return new Set(Object.entries(fields).filter(([, rule]) => rule.mode === 'sync' && rule.cloudWritable).map(([name]) => name))
}

/** Lists the fields of a type that the policy lets leave the site, in any mode but `local`. */
function sharedFields(policy: ResidencyPolicy, type: EntityType): Set<string> {
  const fields = policy.entities[type]?.fields ?? {}
  return new Set(Object.entries(fields).filter(([, rule]) => rule.mode !== 'local').map(([name]) => name))
}

function status(error: unknown): number | undefined {
  return (error as { status?: number })?.status
}

/** Returns the remote users that `editedBy` of the cloud copies names for the given fields. */
function editorsOf(leaves: readonly OutboxDoc[], fields: readonly string[]): string[] {
  const editors = new Set<string>()
  for (const leaf of leaves) {
    const editedBy = (leaf as { editedBy?: Record<string, unknown> }).editedBy ?? {}
    for (const field of fields) if (typeof editedBy[field] === 'string') editors.add(editedBy[field])
  }
  return [...editors].sort()
}

/** Names one remote user as the audit entry's user, and 'cloud' when none or several made the change. */
function auditUser(editors: readonly string[]): string {
  return editors.length === 1 ? editors[0]! : 'cloud'
}

function auditDetail(editors: readonly string[]): Record<string, string> {
  return editors.length > 0 ? { via: 'cloud', editors: editors.join(', ') } : { via: 'cloud' }
}

/**
 * Applies changes that replication brings into `outbox` to `records`, field by field by
 * modification stamp, under the site's current policy:
 * - cloud-writable fields with a newer stamp are applied, and the replaced value goes to the
 *   record's history, as does an older cloud value that lost;
 * - new documents of cloud-creatable types become records;
 * - any other change is rejected, logged and audited, and the outbox copy is rewritten with the
 *   edge's projection, so the next push restores the cloud copy. The copy carries a notice of
 *   the rejection (fields, reason codes, time and cloud editor, never a value) for the cloud
 *   page, and the next rewrite of the copy drops it;
 * - conflict revisions are folded in the same way and then deleted;
 * - a deletion by the cloud deletes the record (its last version goes to the history), while a
 *   record deleted at the edge stays deleted even if the cloud changed it meanwhile.
 *
 * It walks the outbox changes feed from a checkpoint at start (which covers documents pulled
 * just before a crash), whenever the replicator reports pulled documents, and after the
 * edge's own writes. The replicator and the projector call `notifyOutboxWritten()`, because a
 * live changes feed would read every outbox change a second time.
 */
export class Merger {
  private seq: number | string = 0
  private running: Promise<void> | undefined
  private rerun = false
  private stopped = false

  constructor(
    private readonly context: EdgeContext,
    private readonly lock: SerialLock,
    private readonly history: RecordHistory,
  ) {}

  async start(): Promise<void> {
    const { meta } = this.context.databases
    try {
      this.seq = ((await meta.get(CHECKPOINT_ID)) as unknown as { seq: number | string }).seq
    } catch (error) {
      if (status(error) !== 404) throw error
    }
    this.schedule()
  }

  async stop(): Promise<void> {
    this.stopped = true
    await this.running?.catch(() => undefined)
  }

  /**
   * Schedules a walk after a write to the outbox: documents the replicator pulled from the
   * cloud, or the edge's own writes, which need no merging but move the checkpoint.
   */
  notifyOutboxWritten(): void {
    this.schedule()
  }

  /** Resolves once every outbox change made so far is merged. */
  async drain(): Promise<void> {
    this.schedule()
    while (this.running) await this.running
  }

  private schedule(): void {
    if (this.stopped) return
    if (this.running) {
      this.rerun = true
      return
    }
    this.running = this.catchUp()
      .catch((error: unknown) => this.context.logger.error({ err: error }, 'merge failed; retrying on the next change'))
      .finally(() => {
        this.running = undefined
        if (this.rerun) {
          this.rerun = false
          this.schedule()
        }
      })
  }

  private async catchUp(): Promise<void> {
    const { outbox } = this.context.databases
    while (!this.stopped) {
      if (await this.lock.run(() => this.passOwnWrites())) return
      const changes = await outbox.changes({ since: this.seq, limit: MERGE_BATCH_SIZE, style: 'all_docs' })
      if (changes.results.length === 0) return

      await this.lock.run(async () => {
        for (const change of await this.withForeignDocs(changes.results)) {
          if (this.needsReconcile(change)) await this.reconcileLocked(change.id)
        }
        // Own writes happen only under this lock, so none is in flight: a write counted from
        // here on comes after these changes. Counting too few only costs a walk.
        ownOutboxWrites(outbox).count = 0
      })
      this.seq = changes.last_seq
      await this.saveCheckpoint()
    }
  }

  /**
   * Moves the checkpoint to the outbox's current sequence when every change since the
   * checkpoint is a write of the edge's own, so PouchDB need not read them one at a time.
   * Call only while holding the shared lock, so that no own write is in flight. Returns false
   * when a walk is needed.
   */
  private async passOwnWrites(): Promise<boolean> {
    const { outbox } = this.context.databases
    const written = ownOutboxWrites(outbox)
    const updateSeq = (await outbox.info()).update_seq
    if (typeof updateSeq !== 'number' || typeof this.seq !== 'number') return false
    if (updateSeq - this.seq !== written.count) return false
    if (written.count === 0) return true

    this.seq = updateSeq
    written.count = 0
    // Every own revision noted so far lies behind the new checkpoint.
    ownOutboxRevisions(outbox).clear()
    await this.saveCheckpoint()
    return true
  }

  private async saveCheckpoint(): Promise<void> {
    await putLocalDocument(this.context.databases.meta, CHECKPOINT_ID, { seq: this.seq })
  }

  /**
   * Drops changes whose only revision the edge wrote itself, which is nearly every change
   * while the projector fills the outbox, and reads the documents of the others.
   */
  private async withForeignDocs(
    results: PouchDB.Core.ChangesResponseChange<object>[],
  ): Promise<PouchDB.Core.ChangesResponseChange<object>[]> {
    const own = ownOutboxRevisions(this.context.databases.outbox)
    const foreign = results.filter((change) => {
      const [only, ...others] = change.changes
      if (others.length > 0 || !only || own.get(change.id) !== only.rev) return true
      own.delete(change.id)
      return false
    })
    if (foreign.length === 0) return []

    const ids = foreign.map((change) => change.id)
    const rows = (await this.context.databases.outbox.allDocs({ keys: ids, include_docs: true, conflicts: true })).rows
    const docs = new Map(rows.map((row) => [row.key, 'doc' in row ? row.doc : undefined]))
    return foreign.map((change) => {
      const doc = docs.get(change.id)
      return doc ? { ...change, doc: doc as never } : { ...change, deleted: true, doc: { _id: change.id } as never }
    })
  }

  /** Skips, without a database read, outbox changes that equal the record's projection. */
  private needsReconcile(change: PouchDB.Core.ChangesResponseChange<object>): boolean {
    const doc = change.doc as unknown as OutboxDoc | undefined
    if (!doc || change.id.startsWith('_design/')) return false
    if (change.deleted) return true
    if (doc._conflicts?.length) return true
    if (!isEntityType(doc.type)) return true

    const record = this.context.store.index.get(doc.type, doc._id)
    if (!record) return true
    const projected = this.project(record)
    return !projected || !isSameProjection(projected, doc as unknown as Record<string, unknown>)
  }

  private project(record: RecordDoc): ProjectedDoc | null {
    return projectRecord(record, this.context.policies.get(), this.context.secrets.pseudonymKey, this.context.store.index)
  }

  /** Reconciles one document; call only while holding the shared lock. */
  async reconcileLocked(id: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.reconcileOnce(id)
        return
      } catch (error) {
        if (status(error) !== 409 || attempt >= MAX_RECORD_RETRIES) throw error
      }
    }
  }

  private async reconcileOnce(id: string): Promise<void> {
    const state = await this.readRecord(id)
    const leaves = await this.readOutboxLeaves(id)
    if (leaves.live.length === 0) return this.reconcileDeletion(id, state, leaves.tombstoneRev)

    if (!state.record) {
      if (state.deleted) return this.writeOutbox(id, null, leaves.live)
      return this.acceptNew(leaves.live)
    }

    let record = state.record
    const accepted = new Set<string>()
    const rejected: FieldRejection[] = []
    const losses: FieldLoss[] = []
    const policy = this.context.policies.get()
    const rules = {
      cloudWritable: cloudWritableFields(policy, record.type as EntityType),
      customFields: this.context.store.getCustomFields(record.type as EntityType),
    }
    for (const leaf of leaves.live) {
      const result = mergeIncoming(record, leaf, this.project(record), rules, this.context.config.siteId)
      record = result.record
      for (const field of result.accepted) accepted.add(field)
      rejected.push(...result.rejected)
      losses.push(...result.losses)
    }

    if (accepted.size > 0) record = await this.writeRecord(record, [...accepted], editorsOf(leaves.live, [...accepted]), state.record.stage)
    await this.history.addLosses(id, losses)
    let notice: RejectionNotice | undefined
    if (rejected.length > 0) {
      await this.reportRejected(id, rejected)
      notice = buildRejectionNotice(rejected, sharedFields(policy, record.type as EntityType), (field) => {
        const editors = editorsOf(leaves.live, [field])
        return editors.length === 1 ? editors[0] : undefined
      }, new Date().toISOString())
    }
    await this.writeOutbox(id, this.project(record), leaves.live, notice)
  }

  private async readRecord(id: string): Promise<RecordState> {
    try {
      return { record: (await this.context.databases.records.get(id)) as unknown as RecordDoc, deleted: false }
    } catch (error) {
      if (status(error) !== 404) throw error
      return { deleted: (error as { reason?: string }).reason === 'deleted' }
    }
  }

  /** Reads the winning revision and every conflict revision of an outbox document. */
  private async readOutboxLeaves(id: string): Promise<{ live: OutboxDoc[]; tombstoneRev?: string }> {
    const { outbox } = this.context.databases
    try {
      const winner = (await outbox.get(id, { conflicts: true })) as unknown as OutboxDoc
      const live = [winner]
      for (const rev of winner._conflicts ?? []) live.push((await outbox.get(id, { rev })) as unknown as OutboxDoc)
      return { live }
    } catch (error) {
      if (status(error) !== 404) throw error
    }

    const row = (await outbox.allDocs({ keys: [id] })).rows[0] as { value?: { rev: string; deleted?: boolean } } | undefined
    if (!row?.value?.deleted) return { live: [] }
    return { live: [], tombstoneRev: row.value.rev }
  }

  private async reconcileDeletion(id: string, state: RecordState, tombstoneRev?: string): Promise<void> {
    if (!state.record || !tombstoneRev) return
    const projected = this.project(state.record)
    if (!projected) return

    if (await isEdgeDeletion(this.context.databases.outbox, id, tombstoneRev)) {
      // The record left the outbox under an earlier policy and may leave again now.
      await this.context.databases.outbox.put({ ...projected, _rev: tombstoneRev } as never)
      return
    }
    // The cloud's API refuses such deletions too, but the site decides. A tombstone that reached
    // the outbox any other way restores the record in the cloud.
    const type = state.record.type
    if (!isEntityType(type) || !this.context.policies.get().entities[type]?.cloudDeletable) {
      await this.reportRejected(id, [{ field: '_deleted', code: 'type_not_deletable', reason: `the cloud may not delete documents of type '${type}'` }])
      await this.context.databases.outbox.put({ ...projected, _rev: tombstoneRev } as never)
      return
    }

    await this.history.addDeleted(state.record)
    await this.context.databases.records.remove(state.record._id, state.record._rev as string)
    this.context.store.index.remove(state.record.type as EntityType, state.record._id)
    this.context.logger.info({ recordId: id }, 'record deleted from the cloud')
    await this.context.audit.append({ action: 'sync.delete', user: 'cloud', recordIds: [id] })
  }

  private async acceptNew(leaves: OutboxDoc[]): Promise<void> {
    const [incoming] = leaves as [OutboxDoc]
    const type = incoming.type
    const policy = this.context.policies.get()
    const rules = isEntityType(type) ? policy.entities[type] : undefined
    const customFields = isEntityType(type) ? this.context.store.getCustomFields(type) : []
    const result = acceptCreated(incoming, rules, customFields)
    if (!result.ok) {
      await this.reportRejected(incoming._id, result.rejected)
      await this.writeOutbox(incoming._id, null, leaves)
      return
    }

    const record = result.record
    for (const field of Object.keys(record)) {
      if (field.startsWith('_') || ['type', 'createdAt', 'updatedAt', 'stamps'].includes(field)) continue
      record.stamps![field] ??= this.context.clock.now()
    }
    for (const stamp of Object.values(record.stamps ?? {})) this.context.clock.receive(stamp)
    const response = await this.context.databases.records.put(record as never)
    const saved = { ...record, _rev: response.rev }
    this.context.store.index.upsert(saved)
    this.context.logger.info({ recordId: saved._id, type }, 'record created from the cloud')
    const editors = editorsOf(leaves, Object.keys(saved.stamps ?? {}))
    await this.context.audit.append({ action: 'sync.create', user: auditUser(editors), recordIds: [saved._id], fields: Object.keys(saved.stamps ?? {}), detail: auditDetail(editors) })
    await this.writeOutbox(saved._id, this.project(saved), leaves)
  }

  private async writeRecord(record: RecordDoc, accepted: string[], editors: string[], previousStage: unknown): Promise<RecordDoc> {
    for (const field of accepted) this.context.clock.receive(record.stamps?.[field] as string)
    const next: RecordDoc = { ...record, updatedAt: new Date().toISOString() }
    // A deal the cloud moved into Won or Lost gets its close date here, as at the edge.
    const closeDate = accepted.includes('stage') && !accepted.includes('closeDate') ? closeDateOnClosing(next, previousStage) : undefined
    if (closeDate) {
      next.closeDate = closeDate
      next.stamps = { ...next.stamps, closeDate: this.context.clock.now() }
    }
    const response = await this.context.databases.records.put(next as never)
    const saved = { ...next, _rev: response.rev }
    this.context.store.index.upsert(saved)
    this.context.logger.info({ recordId: record._id, fields: accepted }, 'cloud changes merged')
    await this.context.audit.append({ action: 'sync.merge', user: auditUser(editors), recordIds: [record._id], fields: accepted, detail: auditDetail(editors) })
    return saved
  }

  private async reportRejected(id: string, rejected: FieldRejection[]): Promise<void> {
    const fields = rejected.map((rejection) => rejection.field)
    this.context.logger.warn({ recordId: id, fields, reasons: rejected.map((rejection) => rejection.reason) }, 'cloud changes rejected')
    await this.context.audit.append({
      action: 'sync.reject',
      user: 'cloud',
      recordIds: [id],
      fields,
      detail: { reasons: [...new Set(rejected.map((rejection) => rejection.reason))].join('; ') },
    })
  }

  /**
   * Rewrites the winning outbox revision with the edge's projection (or a tombstone when the
   * document must not be in the cloud) and deletes every conflict revision. The projection
   * carries `notice` when given, and otherwise replaces any earlier notice of the winner.
   */
  private async writeOutbox(id: string, projected: ProjectedDoc | null, leaves: OutboxDoc[], notice?: RejectionNotice): Promise<void> {
    const [winner, ...conflicts] = leaves as [OutboxDoc, ...OutboxDoc[]]
    const writes: Record<string, unknown>[] = conflicts.map((leaf) => ({ ...edgeTombstone(id, leaf._rev) }))
    const content: Record<string, unknown> | null = projected && notice ? { ...projected, [REJECTION_NOTICE_KEY]: notice } : projected
    if (!content) writes.push({ ...edgeTombstone(id, winner._rev) })
    else if (!isSameOutboxContent(content, winner as unknown as Record<string, unknown>)) writes.push({ ...content, _rev: winner._rev })
    if (writes.length === 0) return

    const failed = await writeOutboxDocs(this.context.databases.outbox, writes)
    if (failed.length > 0) throw Object.assign(new Error(`outbox write of '${id}' conflicted`), { status: 409 })
  }
}
