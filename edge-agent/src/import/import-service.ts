import fs from 'node:fs/promises'
import path from 'node:path'
import { ApiError, ENTITY_SCHEMAS, findSchemaByPlural } from '@enclave/shared'
import { parseImportPlan, suggestMapping, type ColumnSuggestion } from '@enclave/shared/import/index'
import { ulid } from 'ulidx'
import type { EdgeContext } from '../context'
import { batchNotFound, canReachBatch, type ImportOrigin, type ImportUser } from './batch-access'
import { batchIdPrefix } from './batch-ids'
import { batchDocId, emptyCounts, type BatchDeleteReason, type BatchDoc, type RejectedRow } from './batch-doc'
import { BatchQueue } from './batch-queue'
import { deleteEntry, rejectedDownloadEntry, runEntry, undoEntry, uploadEntry } from './import-audit'
import { describeFile, openTable, parseReadChoice, type FileInfo, type ReadChoice } from './import-file'
import { isTextEncoding, type TextEncoding } from './decode-text'
import { receiveUpload } from './receive-upload'
import { rejectedRowsCsv, rejectedRowsFromChunks } from './rejected-report'
import { BatchRunner, type RunOwner, type RunProgress, type RunResult } from './run-batch'
import { applySavedMapping, SavedMappings } from './saved-mappings'
import { undoBatch, type UndoResult } from './undo-batch'

/**
 * Largest upload accepted: 512 MiB. A million generated contacts take about 170 MB as CSV, so
 * this leaves room for wider exports while bounding the disk one upload can fill.
 */
export const DEFAULT_MAX_UPLOAD_BYTES = 512 * 1024 ** 2
const PREVIEW_ROWS = 20
/**
 * Rows read to suggest a mapping and detect date formats. A date column whose first rows all
 * read both ways often settles its format further down, such as at a day after the 12th.
 */
const DETECTION_ROWS = 1000
/** Days an uploaded batch that never ran keeps its file before it is deleted. */
export const DEFAULT_UPLOAD_RETENTION_DAYS = 7
const DAY_MS = 24 * 60 * 60 * 1000
/** Statuses from which a batch can be deleted: it is not running and has nothing left to undo. */
const DELETABLE: BatchDoc['status'][] = ['uploaded', 'failed', 'undone']
/** Statuses of batches that still read their uploaded file. */
const NEEDS_FILE: BatchDoc['status'][] = ['uploaded', 'queued', 'running']
const UPLOAD_SUFFIX = '.upload'

/** A batch as the API returns it: the stored document plus live progress while it runs. */
export interface BatchView extends Omit<BatchDoc, '_id' | '_rev' | 'filePath'> {
  progress?: RunProgress
  /** Place of a queued batch in the run queue, 1 for the next to run. */
  queuePosition?: number
}

/** One page of the batch list, with the number of batches on all pages. */
export interface BatchPage {
  items: BatchView[]
  total: number
  limit: number
  offset: number
}

/** Parts of the edge context the import service uses, so the command line can run it without a server. */
export type ImportDependencies = Pick<EdgeContext, 'config' | 'databases' | 'store' | 'logger' | 'audit'>

/** Entity types that can be imported; segments and campaigns are built in the app instead. */
export const IMPORTABLE_TYPES = ['contact', 'company', 'deal', 'activity', 'ticket'] as const

class StopRequested extends Error {}

/** Returns the error a failed batch stores: an ApiError's own code, anything else as `import_failed`. */
function batchError(error: unknown): NonNullable<BatchDoc['error']> {
  if (error instanceof ApiError) return { code: error.code, message: error.message, params: error.params }

  const detail = (error as Error).message
  return {
    code: 'import_failed',
    message: `the import failed (${detail}); run it again, and see the edge log if it fails again`,
    params: { detail },
  }
}

/** Returns the owner a run imports for: the signed-in user who started it, if any. */
function runOwnerOf(batch: BatchDoc): RunOwner | undefined {
  return batch.recordScope ? { id: batch.createdBy, recordScope: batch.recordScope } : undefined
}

/**
 * Uploads, previews, dry runs, runs, progress, undo, deletion and resume of import batches.
 * Batches run one at a time (see batch-queue.ts). An upload, each run that ends, each undo,
 * each deletion and each rejected-rows download get one audit entry (see import-audit.ts).
 * Steps that take an `ImportOrigin` with an own-scope user reach only that user's batches.
 */
export class ImportService {
  readonly mappings: SavedMappings
  private readonly progress = new Map<string, RunProgress>()
  private readonly running = new Map<string, Promise<unknown>>()
  private readonly undoing = new Set<string>()
  private readonly queue = new BatchQueue()
  private readonly dryRejected = new Map<string, RejectedRow[]>()
  /** Batches whose file is being received or checked, before their document exists. */
  private readonly receiving = new Set<string>()
  private stopping = false
  readonly maxUploadBytes: number
  /** Time after which an uploaded batch that never ran is deleted, in milliseconds. */
  readonly uploadRetentionMs: number

  constructor(private readonly context: ImportDependencies) {
    this.mappings = new SavedMappings(context.databases.meta)
    const fromEnv = Number(process.env.EDGE_IMPORT_MAX_BYTES)
    this.maxUploadBytes = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_MAX_UPLOAD_BYTES
    const days = Number(process.env.EDGE_IMPORT_RETENTION_DAYS)
    this.uploadRetentionMs = (Number.isFinite(days) && days > 0 ? days : DEFAULT_UPLOAD_RETENTION_DAYS) * DAY_MS
  }

  private get meta() {
    return this.context.databases.meta
  }

  private get folder(): string {
    return path.join(this.context.config.dataDir, 'imports')
  }

  /** Reads a batch. With an own-scope `user`, another user's batch is not found. */
  async get(batchId: string, user?: ImportUser): Promise<BatchDoc> {
    let batch: BatchDoc
    try {
      batch = (await this.meta.get(batchDocId(batchId))) as unknown as BatchDoc
    } catch (error) {
      if ((error as { status?: number }).status === 404) throw batchNotFound(batchId)
      throw error
    }
    if (!canReachBatch(batch, user)) throw batchNotFound(batchId)
    return batch
  }

  private async save(batch: BatchDoc): Promise<BatchDoc> {
    const next = { ...batch, updatedAt: new Date().toISOString() }
    const response = await this.meta.put(next as never)
    return { ...next, _rev: response.rev }
  }

  view(batch: BatchDoc): BatchView {
    const { _id, _rev, filePath, ...rest } = batch
    const progress = this.progress.get(batch.batchId)
    const queuePosition = this.queue.position(batch.batchId)
    return { ...rest, ...(progress ? { progress } : {}), ...(queuePosition ? { queuePosition } : {}) }
  }

  /** Lists batches, newest first, with deleted ones. With an own-scope `user`, only that user's batches. */
  async list(user?: ImportUser): Promise<BatchView[]> {
    const docs = await this.meta.allDocs({ startkey: 'import-batch:', endkey: 'import-batch:\uffff', include_docs: true })
    return docs.rows
      .map((row) => row.doc as unknown as BatchDoc)
      .filter((batch) => canReachBatch(batch, user))
      .map((batch) => this.view(batch))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.batchId.localeCompare(a.batchId))
  }

  /**
   * Lists `limit` batches from `offset`, newest first, leaving out deleted batches because no
   * action applies to them. `get` still returns a deleted batch.
   */
  async listPage(user: ImportUser | undefined, limit: number, offset: number): Promise<BatchPage> {
    const listed = (await this.list(user)).filter((batch) => batch.status !== 'deleted')
    return { items: listed.slice(offset, offset + limit), total: listed.length, limit, offset }
  }

  /**
   * Stores an uploaded file in the data folder, finds its format, and creates a batch for it.
   * The file is deleted when its batch ends or is deleted, and an upload that never runs is
   * deleted after the retention period (`expireUploads`).
   */
  async upload(body: ReadableStream<Uint8Array>, input: { plural: string; fileName: string; actor: string; address?: string }): Promise<BatchDoc> {
    const schema = findSchemaByPlural(input.plural)
    if (!schema || !(IMPORTABLE_TYPES as readonly string[]).includes(schema.type)) {
      const plurals = IMPORTABLE_TYPES.map((type) => ENTITY_SCHEMAS[type].plural)
      throw new ApiError(400, 'invalid_type', `type '${input.plural}' cannot be imported; use one of ${plurals.join(', ')}`).withParams({
        reason: 'import_type',
        value: String(input.plural),
        types: plurals,
      })
    }
    await fs.mkdir(this.folder, { recursive: true, mode: 0o700 })
    const batchId = ulid()
    const filePath = path.join('imports', `${batchId}${UPLOAD_SUFFIX}`)
    this.receiving.add(batchId)
    try {
      return await this.receive(body, { ...input, type: schema.type, batchId, filePath })
    } finally {
      this.receiving.delete(batchId)
    }
  }

  private async receive(
    body: ReadableStream<Uint8Array>,
    input: { type: BatchDoc['type']; batchId: string; filePath: string; fileName: string; actor: string; address?: string },
  ): Promise<BatchDoc> {
    const { batchId, filePath } = input
    const target = path.join(this.context.config.dataDir, filePath)
    const received = await receiveUpload(body, target, this.maxUploadBytes)

    let info: FileInfo
    try {
      info = await describeFile(target, undefined, input.fileName)
    } catch (error) {
      const encoding = undecodedEncoding(error)
      if (!encoding) {
        await fs.rm(target, { force: true })
        throw error
      }
      // The batch is kept so that the user can choose the encoding in the preview, which raises
      // the same error until a chosen encoding reads the file.
      info = { format: 'csv', size: received.size, encoding }
    }
    const now = new Date()
    const batch: BatchDoc = {
      _id: batchDocId(batchId),
      batchId,
      type: input.type,
      status: 'uploaded',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      createdBy: input.actor,
      fileName: input.fileName.slice(0, 255),
      filePath,
      sha256: received.sha256,
      file: info,
      idPrefix: batchIdPrefix(batchId, now.getTime()),
      rowsDone: 0,
      chunksDone: 0,
      counts: emptyCounts(),
    }
    this.context.logger.info({ batchId, type: input.type, bytes: received.size, format: info.format }, 'import file received')
    const saved = await this.save(batch)
    await this.context.audit.append(uploadEntry(saved, received.size, input.address))
    return saved
  }

  /**
   * Reads the header and first rows with the chosen encoding, sheet and header row, and
   * suggests a mapping (or applies a saved one). Also names an earlier finished batch of the
   * same file, so the UI can warn before a second import.
   */
  async preview(batchId: string, input: Record<string, unknown>, user?: ImportUser) {
    let batch = await this.get(batchId, user)
    this.requireStatus(batch, ['uploaded'])
    const info = input.encoding && batch.file.format === 'csv' ? await describeFile(this.filePath(batch), input.encoding as never) : batch.file
    const choice = parseReadChoice(input, info)
    const { headers, sampleRows } = await this.readSample(batch, choice, DETECTION_ROWS)
    batch = await this.save({ ...batch, file: info, choice })

    const customFields = this.context.store.getCustomFields(batch.type)
    let columns: ColumnSuggestion[] = suggestMapping(batch.type, headers, sampleRows, customFields)
    if (typeof input.mappingId === 'string') columns = applySavedMapping(columns, await this.mappings.get(input.mappingId))
    const earlier = (await this.list(user)).find((other) => other.sha256 === batch.sha256 && other.batchId !== batch.batchId && other.status === 'done')

    return {
      batch: this.view(batch),
      headers,
      sampleRows: sampleRows.slice(0, PREVIEW_ROWS),
      columns,
      earlierBatchId: earlier?.batchId ?? null,
    }
  }

  /** Returns the path of a batch's uploaded file. */
  filePath(batch: BatchDoc): string {
    return path.join(this.context.config.dataDir, batch.filePath)
  }

  /** Reads the header and up to `limit` rows. */
  private async readSample(batch: BatchDoc, choice: ReadChoice, limit = PREVIEW_ROWS): Promise<{ headers: string[]; sampleRows: string[][] }> {
    const table = await openTable(this.filePath(batch), batch.file, choice)
    const sampleRows: string[][] = []
    for await (const row of table.rows) {
      sampleRows.push(row.cells)
      if (sampleRows.length >= limit) break
    }
    await table.rows.return(undefined)
    if (sampleRows.length === 0) {
      throw new ApiError(422, 'no_rows', `the file has a header row but no data rows below row ${choice.headerRow}; add rows or choose another header row`).withParams({
        headerRow: choice.headerRow,
      })
    }
    return { headers: table.headers, sampleRows }
  }

  private requireStatus(batch: BatchDoc, allowed: BatchDoc['status'][]): void {
    if (!allowed.includes(batch.status)) {
      throw new ApiError(409, 'invalid_state', `import batch '${batch.batchId}' is ${batch.status}; this step needs it to be ${allowed.join(' or ')}`).withParams({
        status: batch.status,
        allowed,
      })
    }
  }

  private async withPlan(batchId: string, input: Record<string, unknown>, user?: ImportUser): Promise<BatchDoc> {
    const batch = await this.get(batchId, user)
    this.requireStatus(batch, ['uploaded'])
    const choice = batch.choice ?? parseReadChoice(input, batch.file)
    const { headers } = await this.readSample(batch, choice)
    const plan = parseImportPlan(batch.type, headers, input, this.context.store.getCustomFields(batch.type))
    return this.save({ ...batch, choice, headers, columns: plan.columns, settings: plan.settings })
  }

  /**
   * Runs the whole file without writing and returns counts and the first problems. An own-scope
   * user's dry run matches only their records, as their run would, so it reveals no others.
   */
  async dryRun(batchId: string, input: Record<string, unknown>, origin: ImportOrigin): Promise<RunResult> {
    const batch = await this.withPlan(batchId, input, origin.user)
    const rejected: RejectedRow[] = []
    const runner = new BatchRunner(this.context.store, this.meta, batch, {
      dryRun: true,
      actor: origin.actor,
      owner: origin.user,
      dataDir: this.context.config.dataDir,
      logger: this.context.logger,
      onRejected: (row) => rejected.push(row),
    })
    const result = await runner.run()
    this.dryRejected.set(batchId, rejected)
    return result
  }

  /**
   * Queues the batch to run in the background and returns it, `running` or, while another
   * batch runs, `queued`. Progress is read with `view`.
   */
  async start(batchId: string, input: Record<string, unknown>, origin: ImportOrigin): Promise<BatchDoc> {
    if (this.running.has(batchId)) throw this.alreadyRunning(batchId)
    this.rejectRunDuringUndo(batchId)
    let batch = await this.withPlan(batchId, input, origin.user)
    if (this.running.has(batchId)) throw this.alreadyRunning(batchId)
    this.rejectRunDuringUndo(batchId)

    // The batch joins the queue before any await, so its status matches its place in the queue.
    const saving = this.save({
      ...batch,
      status: this.queue.busy ? 'queued' : 'running',
      startedAt: new Date().toISOString(),
      createdBy: origin.user?.id ?? origin.actor,
      recordScope: origin.user?.recordScope,
    })
    this.launch(batch, () => this.queue.add(batchId, async () => this.runToEnd(await saving, origin.address)))
    this.dryRejected.delete(batchId)
    return saving
  }

  /**
   * Rejects a run while a batch is being undone: the run would match records that the undo is
   * about to delete, and skip or update them in place of creating its own.
   */
  private rejectRunDuringUndo(batchId: string): void {
    if (this.undoing.size === 0) return
    throw new ApiError(409, 'invalid_state', `another import is being undone; run import batch '${batchId}' when that undo has finished`).withParams({ reason: 'undo_running' })
  }

  private alreadyRunning(batchId: string): ApiError {
    return new ApiError(409, 'invalid_state', `import batch '${batchId}' is still running; wait for it to finish`).withParams({ reason: 'running' })
  }

  private launch(batch: BatchDoc, work: () => Promise<unknown>): void {
    const task = work()
      .catch((error: unknown) => this.context.logger.error({ err: error, batchId: batch.batchId }, 'import batch task failed'))
      .finally(() => this.running.delete(batch.batchId))
    this.running.set(batch.batchId, task)
  }

  /**
   * Runs a batch whose turn in the queue has come. A stop requested while it waited leaves it
   * as it is stored, so it resumes at the next start.
   */
  private async runToEnd(queued: BatchDoc, address?: string): Promise<void> {
    const { logger } = this.context
    if (this.stopping) return
    const batch = queued.status === 'queued' ? await this.save({ ...(await this.get(queued.batchId)), status: 'running' }) : queued
    logger.info({ batchId: batch.batchId, type: batch.type, rowsDone: batch.rowsDone }, 'import batch started')
    const runner = new BatchRunner(this.context.store, this.meta, batch, {
      dryRun: false,
      actor: `import:${batch.batchId}`,
      owner: runOwnerOf(batch),
      address,
      dataDir: this.context.config.dataDir,
      logger: this.context.logger,
      onProgress: (progress) => {
        this.progress.set(batch.batchId, progress)
        if (this.stopping) throw new StopRequested()
      },
    })
    try {
      await runner.run()
      // The entry is stored before the status, so a client that sees `done` finds it in the log.
      await this.recordRun(runner.current(), 'done', address)
      const done = await this.save({ ...runner.current(), status: 'done', finishedAt: new Date().toISOString() })
      await fs.rm(this.filePath(done), { force: true })
      logger.info({ batchId: batch.batchId, counts: done.counts }, 'import batch finished')
    } catch (error) {
      if (error instanceof StopRequested) {
        logger.info({ batchId: batch.batchId }, 'import batch paused for shutdown; it resumes at the next start')
        return
      }
      const failure = batchError(error)
      logger.error({ err: error, batchId: batch.batchId }, 'import batch failed')
      const latest = await this.get(batch.batchId)
      await this.recordRun(latest, 'failed', address)
      await this.save({ ...latest, status: 'failed', error: failure, finishedAt: new Date().toISOString() })
      // A failed batch cannot run again, so its file is of no further use.
      await fs.rm(this.filePath(latest), { force: true })
    } finally {
      this.progress.delete(batch.batchId)
    }
  }

  /**
   * Records the end of a run in the audit log. A failed append is logged and does not fail
   * the batch, because its records are already written.
   */
  private async recordRun(batch: BatchDoc, status: 'done' | 'failed', address?: string): Promise<void> {
    try {
      await this.context.audit.append(runEntry(batch, status, address))
    } catch (error) {
      this.context.logger.error({ err: error, batchId: batch.batchId }, 'storing the audit entry of an import batch failed')
    }
  }

  /**
   * Undoes a finished or failed batch in the foreground and returns what it did. The audit
   * entry is stored before the batch is marked `undone`, so when the append fails the batch
   * stays `undoing` and the undo runs again, with its entry, at the next start. A second undo
   * of a batch while the first runs is rejected.
   */
  async undo(batchId: string, origin: ImportOrigin): Promise<UndoResult> {
    let batch = await this.get(batchId, origin.user)
    if (this.running.has(batchId)) throw new ApiError(409, 'invalid_state', `import batch '${batchId}' is still running; wait for it to finish before undoing it`).withParams({ reason: 'running' })
    // Checked and marked with no await in between, so of two requests only one gets past.
    if (this.undoing.has(batchId)) {
      throw new ApiError(409, 'invalid_state', `import batch '${batchId}' is already being undone; wait for that undo to finish`).withParams({ reason: 'undoing' })
    }
    // A batch running or queued meanwhile could match a record the undo deletes and skip its row.
    if (this.running.size > 0) {
      throw new ApiError(409, 'invalid_state', `another import is running or waiting to run; undo import batch '${batchId}' when it has finished`).withParams({ reason: 'import_running' })
    }
    this.requireStatus(batch, ['done', 'failed', 'undoing'])
    return this.undoNow(batch, origin)
  }

  private async undoNow(batch: BatchDoc, origin: ImportOrigin): Promise<UndoResult> {
    const { batchId } = batch
    this.undoing.add(batchId)
    try {
      batch = await this.save({ ...batch, status: 'undoing', undoneBy: origin.actor })
      const result = await undoBatch(this.context.store, this.meta, batch, { actor: origin.actor, address: origin.address })
      await this.context.audit.append(undoEntry(batch, result, origin.actor, origin.address))
      await this.save({ ...batch, status: 'undone', finishedAt: new Date().toISOString() })
      this.context.logger.info({ batchId, ...result }, 'import batch undone')
      return result
    } finally {
      this.undoing.delete(batchId)
    }
  }

  /**
   * Builds the CSV of rejected rows of the batch, or of its last dry run when it has not run,
   * and records the download in the audit log, because the rows contain the file's cells.
   */
  async rejectedCsv(batchId: string, origin: ImportOrigin): Promise<string> {
    const batch = await this.get(batchId, origin.user)
    if (batch.status === 'deleted') {
      throw new ApiError(409, 'invalid_state', `import batch '${batchId}' is deleted, so its rejected rows are gone`).withParams({ reason: 'deleted' })
    }
    const headers = batch.headers ?? []
    const rows = batch.status === 'uploaded' ? (this.dryRejected.get(batchId) ?? []) : await rejectedRowsFromChunks(this.meta, batchId)
    await this.context.audit.append(rejectedDownloadEntry(batch, rows.length, origin.actor, origin.address))
    return rejectedRowsCsv(headers, rows)
  }

  /**
   * Deletes a batch that is not running and has nothing left to undo: removes its file, its
   * chunk documents (update journal and rejected rows) and any dry-run report, and marks it
   * `deleted`. The records a failed batch wrote stay, and can no longer be undone as a batch.
   */
  async remove(batchId: string, origin: ImportOrigin, reason: BatchDeleteReason = 'request'): Promise<BatchView> {
    const batch = await this.get(batchId, origin.user)
    if (this.running.has(batchId) || this.undoing.has(batchId)) {
      throw new ApiError(409, 'invalid_state', `import batch '${batchId}' is still running; wait for it to finish before deleting it`).withParams({ reason: 'running' })
    }
    this.requireStatus(batch, DELETABLE)

    await fs.rm(this.filePath(batch), { force: true })
    this.dryRejected.delete(batchId)
    const chunks = await this.meta.allDocs({ startkey: `import-chunk:${batchId}:`, endkey: `import-chunk:${batchId}:\uffff` })
    if (chunks.rows.length > 0) {
      await this.meta.bulkDocs(chunks.rows.map((row) => ({ _id: row.id, _rev: row.value.rev, _deleted: true })) as never)
    }

    // The entry is stored before the status, as for undo, so a failed append leaves the batch deletable.
    await this.context.audit.append(deleteEntry(batch, reason, origin.actor, origin.address))
    const deleted = await this.save({ ...batch, status: 'deleted', deletedAt: new Date().toISOString(), deletedBy: origin.actor })
    this.context.logger.info({ batchId, reason }, 'import batch deleted')
    return this.view(deleted)
  }

  /** Drops the dry-run rejected rows, kept in memory until the batch runs, that `matches` accepts. Returns how many. */
  forgetDryRunRows(matches: (row: RejectedRow) => boolean): number {
    let removed = 0
    for (const [batchId, rows] of this.dryRejected) {
      const kept = rows.filter((row) => !matches(row))
      removed += rows.length - kept.length
      this.dryRejected.set(batchId, kept)
    }
    return removed
  }

  /**
   * Deletes uploaded batches that never ran and are older than the retention period
   * (`EDGE_IMPORT_RETENTION_DAYS`, 7 by default), with their files. Returns how many it deleted.
   */
  async expireUploads(now = new Date()): Promise<number> {
    const cutoff = now.getTime() - this.uploadRetentionMs
    const expired = (await this.list()).filter((batch) => batch.status === 'uploaded' && Date.parse(batch.createdAt) < cutoff)
    let deleted = 0
    for (const batch of expired) {
      try {
        await this.remove(batch.batchId, { actor: 'system' }, 'expired')
        deleted++
      } catch (error) {
        this.context.logger.error({ err: error, batchId: batch.batchId }, 'deleting an expired import upload failed')
      }
    }
    if (deleted > 0) this.context.logger.info({ deleted }, 'expired import uploads deleted')
    return deleted
  }

  /**
   * Deletes files in the imports folder that no batch needs: files of batches that ended or were
   * deleted, and files whose batch was never stored. A stop between receiving a file and storing
   * its batch, or between ending a batch and deleting its file, leaves such files behind, and an
   * upload may hold customer data. Files still being received are kept. Returns how many it deleted.
   */
  async removeUnusedFiles(): Promise<number> {
    let names: string[]
    try {
      names = await fs.readdir(this.folder)
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return 0
      throw error
    }
    // Taken before the list of batches: an upload that ends in between has its batch listed.
    const receiving = new Set(this.receiving)
    const needed = new Set((await this.list()).filter((batch) => NEEDS_FILE.includes(batch.status)).map((batch) => batch.batchId))
    let deleted = 0
    for (const name of names) {
      const batchId = name.endsWith(UPLOAD_SUFFIX) ? name.slice(0, -UPLOAD_SUFFIX.length) : undefined
      if (!batchId || needed.has(batchId) || receiving.has(batchId)) continue
      await fs.rm(path.join(this.folder, name), { force: true })
      this.context.logger.warn({ batchId, file: name }, 'deleted an import file that no batch needs')
      deleted++
    }
    return deleted
  }

  /**
   * Resumes batches that were undoing, queued or running when the edge stopped: undos first,
   * so that no run matches records an undo deletes, then runs in the order they started.
   */
  async resumeAll(): Promise<void> {
    const views = (await this.list()).sort((a, b) => (a.startedAt ?? a.createdAt).localeCompare(b.startedAt ?? b.createdAt))
    const batches = await Promise.all(views.map((view) => this.get(view.batchId)))
    for (const batch of batches.filter((candidate) => candidate.status === 'undoing')) {
      await this.undoNow(batch, { actor: batch.undoneBy ?? batch.createdBy ?? 'system' }).catch((error: unknown) =>
        this.context.logger.error({ err: error, batchId: batch.batchId }, 'resuming the undo of an import batch failed'),
      )
    }
    for (const batch of batches.filter((candidate) => candidate.status === 'running' || candidate.status === 'queued')) {
      this.context.logger.info({ batchId: batch.batchId, rowsDone: batch.rowsDone }, 'resuming import batch')
      this.launch(batch, () => this.queue.add(batch.batchId, () => this.runToEnd(batch)))
    }
  }

  /** Asks running batches to stop after their current chunk and waits for them. */
  async stop(): Promise<void> {
    this.stopping = true
    await Promise.allSettled([...this.running.values()])
  }

  /** Waits for a running batch to finish; for tests and the command line. */
  async settle(batchId: string): Promise<BatchDoc> {
    await this.running.get(batchId)
    return this.get(batchId)
  }
}

/** Returns the detected encoding that failed to read a text file, or undefined for any other error. */
function undecodedEncoding(error: unknown): TextEncoding | undefined {
  if (!(error instanceof ApiError) || error.code !== 'invalid_encoding') return undefined
  const encoding = error.params?.encoding
  return isTextEncoding(encoding) ? encoding : undefined
}
