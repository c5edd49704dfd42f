import crypto from 'node:crypto'
import { ENTITY_TYPES, compareStamps, isEntityType, toAllowedFieldSet, type RecordDoc, type ResidencyPolicy } from '@enclave/shared'
import { isStampFrom } from '@enclave/shared/merge/merge-incoming'
import type { EdgeContext } from '../context'
import { edgeTombstone, writeOutboxDocs } from '../sync/outbox-deletions'
import type { SerialLock } from '../sync/serial-lock'
import { putLocalDocument } from '../storage/pouch'
import { isNoticeAllowed, isSameProjection, projectRecord } from './project-record'

/** Changes read and written per step; replication batches are as large, so one feeds one. */
export const PROJECTION_BATCH_SIZE = 500

const CHECKPOINT_ID = '_local/projector-checkpoint'

interface Checkpoint {
  seq: number | string
  /** Hash of the policy the checkpoint was reached with; another policy reprojects from 0. */
  policyHash: string
}

interface OutboxRow {
  key: string
  value?: { rev: string; deleted?: boolean }
  doc?: Record<string, unknown> | null
  error?: string
}

/** Outbox ids read per page when looking for copies of records that no longer exist. */
const OUTBOX_SWEEP_PAGE = 5000

/** How many rows beyond the batch's own a range read may return before reading by key. */
const RANGE_READ_SLACK = 2

/**
 * Reads the outbox copies of a batch of ids. Ids are sortable and a changes batch is mostly
 * records written together, so one range read usually covers the batch. Reading each key is
 * several times slower on LevelDB. A range read leaves out tombstones, which is harmless
 * because writing over a tombstone without its revision succeeds. When the range contains
 * many other documents, the copies are read by key instead.
 *
 * NOTE: without the tombstone, a cloud deletion that the merger has not yet processed is
 * overwritten when its record is projected again in that moment; the edge's copy then wins.
 */
async function readOutboxCopies(outbox: PouchDB.Database, ids: string[]): Promise<Map<string, OutboxRow>> {
  if (ids.length === 0) return new Map()
  const sorted = [...ids].sort()
  const limit = ids.length * RANGE_READ_SLACK + 10
  const range = await outbox.allDocs({ startkey: sorted[0], endkey: sorted.at(-1), include_docs: true, conflicts: true, limit })
  if (range.rows.length < limit) {
    const wanted = new Set(ids)
    return new Map(range.rows.filter((row) => wanted.has(row.id)).map((row) => [row.id, { ...row, key: row.id } as unknown as OutboxRow]))
  }

  const rows = (await outbox.allDocs({ keys: ids, include_docs: true, conflicts: true })).rows as OutboxRow[]
  return new Map(rows.map((row) => [row.key, row]))
}

/** Hands a document whose outbox copy carries cloud changes over to the merger. */
export type ReconcileDocument = (id: string) => Promise<void>

function revisionNumber(rev: string | undefined): number {
  return rev ? Number.parseInt(rev, 10) || 0 : 0
}

export function hashPolicy(policy: ResidencyPolicy): string {
  return crypto.createHash('sha256').update(JSON.stringify(policy)).digest('hex')
}

function hasCloudChanges(record: RecordDoc | undefined, copy: Record<string, unknown>, siteId: string): boolean {
  if (Array.isArray(copy._conflicts) && copy._conflicts.length > 0) return true
  const stamps = (copy.stamps ?? {}) as Record<string, string>
  return Object.entries(stamps).some(
    ([field, stamp]) => !isStampFrom(stamp, siteId) && compareStamps(stamp, record?.stamps?.[field]) !== 0,
  )
}

/**
 * Follows the `records` changes feed from a checkpoint in `meta` and writes each record's
 * projection to `outbox` under the same id, in batches. A result equal to the outbox copy is
 * not written, so merged cloud changes do not loop back. A deleted record, or one whose type
 * no longer leaves the site, becomes an outbox tombstone. A new policy reprojects every record.
 * An outbox copy that carries cloud changes or conflicts goes to the merger first.
 */
export class Projector {
  private checkpoint: Checkpoint = { seq: 0, policyHash: '' }
  private running: Promise<void> | undefined
  private rerun = false
  private stopped = false
  private feed: PouchDB.Core.Changes<object> | undefined
  private stopPolicyListener: (() => void) | undefined

  constructor(
    private readonly context: EdgeContext,
    private readonly lock: SerialLock,
    private readonly reconcile: ReconcileDocument,
    /** Called after the projector wrote to the outbox. */
    private readonly onOutboxWritten: () => void = () => undefined,
  ) {}

  /** Loads the checkpoint, catches up and then follows new record changes. */
  async start(): Promise<void> {
    const { meta, records } = this.context.databases
    try {
      this.checkpoint = (await meta.get(CHECKPOINT_ID)) as unknown as Checkpoint
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error
    }

    this.stopPolicyListener = this.context.policies.onChange(() => this.schedule())
    this.feed = records.changes({ live: true, since: 'now' })
    this.feed.on('change', () => this.schedule())
    this.feed.on('error', (error) => this.context.logger.error({ err: error }, 'records changes feed failed'))
    this.schedule()
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.stopPolicyListener?.()
    this.feed?.cancel()
    await this.running?.catch(() => undefined)
  }

  /** Tells whether a pass over record changes is running or queued. */
  get busy(): boolean {
    return this.running !== undefined
  }

  /** Resolves once every record change made so far is projected. */
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
      .catch((error: unknown) => this.context.logger.error({ err: error }, 'projection failed; retrying on the next change'))
      .finally(() => {
        this.running = undefined
        if (this.rerun) {
          this.rerun = false
          this.schedule()
        }
      })
  }

  private async catchUp(): Promise<void> {
    const policy = this.context.policies.get()
    const policyHash = hashPolicy(policy)
    if (policyHash !== this.checkpoint.policyHash) {
      this.context.logger.info({ policyVersion: policy.version }, 'reprojecting every record for a new policy')
      this.checkpoint = { ...this.checkpoint, seq: 0, policyHash }
    }

    if (this.checkpoint.seq === 0) {
      const finished = await this.projectEveryRecord(policy, policyHash)
      if (!finished) return this.stopped ? undefined : this.catchUp()
    }

    let projected = 0
    while (!this.stopped) {
      const changes = await this.context.databases.records.changes({ since: this.checkpoint.seq, limit: PROJECTION_BATCH_SIZE })
      if (changes.results.length === 0) break

      await this.lock.run(async () => this.projectBatch(await this.withRecords(changes.results), policy))
      projected += changes.results.length
      this.checkpoint = { ...this.checkpoint, seq: changes.last_seq }
      await this.saveCheckpoint()
      if (hashPolicy(this.context.policies.get()) !== policyHash) return this.catchUp()
    }
    if (projected > 0) this.context.logger.debug({ projected }, 'projection caught up')
  }

  /**
   * Projects every record from the record index, because the changes feed costs a database
   * read per change. Then turns outbox copies of records that no longer exist into tombstones.
   * The checkpoint becomes the sequence read before the pass, so a change made during the pass
   * is projected again from the feed, with the same result. Returns false when the policy
   * changed or the projector stopped during the pass.
   */
  private async projectEveryRecord(policy: ResidencyPolicy, policyHash: string): Promise<boolean> {
    const { records, outbox } = this.context.databases
    const upTo = (await records.info()).update_seq
    const changed = () => this.stopped || hashPolicy(this.context.policies.get()) !== policyHash
    let projected = 0
    const project = async (docs: RecordDoc[]) => {
      const batch = docs.map((doc) => ({ id: doc._id, seq: 0, changes: [{ rev: doc._rev ?? '' }], doc: doc as never }))
      await this.lock.run(() => this.projectBatch(batch, policy))
      projected += docs.length
    }
    // The index yields each type's records in id order, and no type name starts another, so
    // taking types in name order gives batches of sorted ids, whose outbox copies one range
    // read fetches. Records are read a batch at a time, so memory stays flat.
    for (const type of [...ENTITY_TYPES].sort()) {
      let docs: RecordDoc[] = []
      for (const doc of this.context.store.index.all(type)) {
        docs.push(doc)
        if (docs.length < PROJECTION_BATCH_SIZE) continue
        await project(docs)
        docs = []
        if (changed()) return false
      }
      if (docs.length > 0) await project(docs)
      if (changed()) return false
    }

    let startkey: string | undefined
    for (;;) {
      const page = await outbox.allDocs({ startkey, limit: OUTBOX_SWEEP_PAGE + 1 })
      const rows = page.rows.slice(0, OUTBOX_SWEEP_PAGE)
      const orphans = rows
        .filter((row) => !row.id.startsWith('_') && !(row.value as { deleted?: boolean }).deleted && !this.isIndexed(row.id))
        .map((row) => ({ id: row.id, seq: 0, changes: [{ rev: row.value.rev }], deleted: true }))
      if (orphans.length > 0) await this.lock.run(() => this.projectBatch(orphans, policy))
      if (changed()) return false
      if (page.rows.length <= OUTBOX_SWEEP_PAGE) break
      startkey = page.rows[OUTBOX_SWEEP_PAGE]?.id
    }

    this.checkpoint = { ...this.checkpoint, seq: upTo }
    await this.saveCheckpoint()
    this.context.logger.debug({ projected }, 'projected every record from the index')
    return true
  }

  private isIndexed(id: string): boolean {
    const type = id.slice(0, id.indexOf(':'))
    return isEntityType(type) && this.context.store.index.get(type, id) !== undefined
  }

  private async saveCheckpoint(): Promise<void> {
    await putLocalDocument(this.context.databases.meta, CHECKPOINT_ID, { seq: this.checkpoint.seq, policyHash: this.checkpoint.policyHash })
  }

  /**
   * Adds each changed record, taken from the record index when it contains that revision or
   * a newer one, and read from `records` otherwise. Reading the documents with the changes feed
   * costs about as much as the rest of projection.
   */
  private async withRecords(
    results: PouchDB.Core.ChangesResponseChange<object>[],
  ): Promise<PouchDB.Core.ChangesResponseChange<object>[]> {
    const missing: string[] = []
    const withDocs = results.map((change) => {
      if (change.deleted) return change
      const type = change.id.slice(0, change.id.indexOf(':'))
      const cached = isEntityType(type) ? this.context.store.index.get(type, change.id) : undefined
      if (cached && revisionNumber(cached._rev) >= revisionNumber(change.changes[0]?.rev)) return { ...change, doc: cached as never }
      missing.push(change.id)
      return change
    })
    if (missing.length === 0) return withDocs

    const rows = (await this.context.databases.records.allDocs({ keys: missing, include_docs: true })).rows
    const docs = new Map(rows.map((row) => [row.key, 'doc' in row ? row.doc : undefined]))
    return withDocs.map((change) => {
      if (change.deleted || change.doc) return change
      const doc = docs.get(change.id)
      return doc ? { ...change, doc: doc as never } : { ...change, deleted: true }
    })
  }

  private async projectBatch(
    results: PouchDB.Core.ChangesResponseChange<object>[],
    policy: ResidencyPolicy,
  ): Promise<void> {
    const { outbox } = this.context.databases
    const { siteId } = this.context.config
    const ids = results.map((change) => change.id).filter((id) => !id.startsWith('_design/'))
    const copies = await readOutboxCopies(outbox, ids)

    const writes: Record<string, unknown>[] = []
    const toReconcile: string[] = []
    const allowed = toAllowedFieldSet(policy)
    for (const change of results) {
      const row = copies.get(change.id)
      const copy = row?.doc ?? undefined
      const record = change.deleted ? undefined : (change.doc as unknown as RecordDoc)
      if (record && !isEntityType(record.type)) continue

      if (copy && hasCloudChanges(record, copy, siteId)) {
        toReconcile.push(change.id)
        continue
      }
      const projected = record ? projectRecord(record, policy, this.context.secrets.pseudonymKey, this.context.store.index) : null
      if (!projected) {
        if (copy) writes.push({ ...edgeTombstone(change.id, row?.value?.rev) })
        continue
      }
      if (row?.value?.deleted) {
        // The tombstone may be the cloud's deletion, which the merger must see before any rewrite.
        toReconcile.push(change.id)
        continue
      }
      // A rejection notice stays with an unchanged projection unless the policy no longer
      // shares a field it names, as after the admin made that field local.
      if (copy && isSameProjection(projected, copy) && isNoticeAllowed(copy, allowed)) continue
      writes.push({ ...projected, _rev: row?.value?.rev })
    }

    toReconcile.push(...(await writeOutboxDocs(outbox, writes)))
    if (writes.length > 0) this.onOutboxWritten()
    for (const id of toReconcile) await this.reconcile(id)
  }
}
