import path from 'node:path'
import type { EntityType, ErrorParams, RecordDoc } from '@enclave/shared'
import { excerpt, quote } from '@enclave/shared/entities/values'
import type { RecordScope } from '@enclave/shared/auth/index'
import { nameMatchKey, type CleanedRow, type RowProblem } from '@enclave/shared/import/index'
import type { Logger } from '../log'
import type { RecordStore, WriteOrigin } from '../records/record-store'
import type { Database } from '../storage/pouch'
import { isBatchOwned, nameRecordId, rowRecordId } from './batch-ids'
import { chunkDocId, emptyCounts, type BatchCounts, type BatchDoc, type ChunkDoc, type RejectedRow, type UpdateJournalEntry } from './batch-doc'
import type { RawRow } from './csv-rows'
import { openTable } from './import-file'
import { changedFields, ImportLookups } from './lookups'
import { inlineCleaner, openRowCleaner, type PlanInput, type RowCleaner, type RowToClean } from './row-cleaner'

/** Rows written per `bulkDocs` call and per stored cursor step. */
export const CHUNK_ROWS = 2000
/** Problems a run keeps for its response; the rejected-rows report has them all. */
const MAX_PROBLEMS_KEPT = 200
/**
 * Files from this size on are cleaned on a worker thread. Starting one takes about 0.3 s, which
 * a file of 1 MB (some 6,000 contacts) repays; smaller files are cleaned inline.
 */
export const THREAD_MIN_BYTES = 1_000_000

/** Live figures of a running batch, for the progress API and the command-line bar. */
export interface RunProgress {
  rowsDone: number
  rowsPerSecond: number
  counts: BatchCounts
  /** Share of the file read, from 0 to 1, when known (CSV files). */
  fraction?: number
}

/** The signed-in user a run imports for. */
export interface RunOwner {
  id: string
  recordScope: RecordScope
}

export interface RunOptions {
  dryRun: boolean
  actor: string
  /**
   * User the run imports for. New records without an owner get this user as owner, as records
   * created through the API do. With `own` scope, rows match and update only records this user
   * owns, and a row naming another owner is rejected.
   */
  owner?: RunOwner
  /** Client address of the request that started the run, for the audit log. */
  address?: string
  dataDir: string
  onProgress?: (progress: RunProgress) => void
  /** Receives each rejected row of a dry run, which writes no chunk documents. */
  onRejected?: (row: RejectedRow) => void
  /** Thread that cleans the rows: by default a worker thread for files of `THREAD_MIN_BYTES` or more. */
  cleanOn?: 'thread' | 'inline'
  /** Receives a warning when the cleaning thread fails and cleaning moves to the main thread. */
  logger?: Logger
}

export interface RunResult {
  counts: BatchCounts
  rowsDone: number
  problems: RowProblem[]
  problemsTruncated: boolean
}

interface PendingUpdate {
  id: string
  patch: Record<string, unknown>
  journal?: UpdateJournalEntry
}

/** A company that a row names and no stored company matches. */
interface MissingCompany {
  id: string
  name: string
}

interface Chunk {
  counts: BatchCounts
  creates: Map<string, RecordDoc>
  companies: RecordDoc[]
  updates: PendingUpdate[]
  rejected: RejectedRow[]
}

/**
 * Runs one batch: reads the rows after the stored cursor, cleans, resolves and deduplicates
 * them, and writes them chunk by chunk. Each chunk stores its journal first, then its records,
 * then advances the cursor, and every id is derived from batch and row. A process killed at
 * any point and started again therefore replays at most one chunk and writes the same
 * documents, so nothing is lost or doubled.
 */
export class BatchRunner {
  private readonly planInput: PlanInput
  private readonly lookups: ImportLookups
  private readonly problems: RowProblem[] = []
  private problemsTruncated = false
  private readonly started = Date.now()
  private rowsThisRun = 0
  /** New records of the chunk being written, which the index may not hold yet. */
  private inFlight = new Map<string, RecordDoc>()

  constructor(
    private readonly store: RecordStore,
    private readonly meta: Database,
    private batch: BatchDoc,
    private readonly options: RunOptions,
  ) {
    const { type, columns = [], settings } = batch
    this.planInput = { type, columns, settings: settings!, customFields: store.getCustomFields(type) }
    const scopedTo = options.owner?.recordScope === 'own' ? options.owner.id : undefined
    this.lookups = ImportLookups.build(store, type, settings!.dedupeKeys, scopedTo)
  }

  async run(): Promise<RunResult> {
    const cleaner = this.openCleaner()
    try {
      return await this.runRows(cleaner)
    } finally {
      this.lookups.close()
      await cleaner.close()
    }
  }

  private openCleaner(): RowCleaner {
    const onThread = this.options.cleanOn ? this.options.cleanOn === 'thread' : this.batch.file.size >= THREAD_MIN_BYTES
    return onThread ? openRowCleaner(this.planInput, this.options.logger) : inlineCleaner(this.planInput)
  }

  private async runRows(cleaner: RowCleaner): Promise<RunResult> {
    let bytes = 0
    const file = path.join(this.options.dataDir, this.batch.filePath)
    const table = await openTable(file, this.batch.file, this.batch.choice ?? { headerRow: 1 }, (read) => (bytes = read))
    const counts = this.options.dryRun ? emptyCounts() : { ...this.batch.counts }
    const skipRows = this.options.dryRun ? 0 : this.batch.rowsDone
    let rowsDone = skipRows
    let seen = 0
    let rows: RawRow[] = []
    let chunkNumber = this.options.dryRun ? 0 : this.batch.chunksDone

    // Cleaning chunk N+1 overlaps with writing chunk N; writes and cursor steps stay in order.
    let writing: Promise<void> = Promise.resolve()
    const flush = async () => {
      const chunkRows = rows
      const number = chunkNumber++
      rows = []
      const shapes = chunkRows.map((row) => this.shapeProblem(row, table.headers))
      const cleaning = cleaner.clean(chunkRows.flatMap((row, index): RowToClean[] => (shapes[index] ? [] : [[row.row, row.cells]])))
      const chunk = this.buildChunk(chunkRows, shapes, await cleaning)
      const rowCount = chunkRows.length
      await writing
      this.inFlight = chunk.creates
      const write = this.options.dryRun ? Promise.resolve(chunk.rejected.forEach((row) => this.options.onRejected?.(row))) : this.writeChunk(chunk, number, rowCount)
      writing = write.then(() => {
        rowsDone += rowCount
        this.rowsThisRun += rowCount
        addCounts(counts, chunk.counts)
        this.options.onProgress?.({
          rowsDone,
          rowsPerSecond: Math.round(this.rowsThisRun / Math.max(0.001, (Date.now() - this.started) / 1000)),
          counts: { ...counts },
          fraction: this.batch.file.format === 'csv' ? Math.min(1, bytes / Math.max(1, this.batch.file.size)) : undefined,
        })
      })
      // The next flush or the end of the file awaits the write. Until then a failure, or a stop
      // requested through `onProgress`, must not count as an unhandled rejection, which ends Node.
      writing.catch(() => undefined)
    }

    for await (const row of table.rows) {
      seen++
      if (seen <= skipRows) continue
      rows.push(row)
      if (rows.length >= CHUNK_ROWS) await flush()
    }
    if (rows.length > 0) await flush()
    await writing

    return { counts, rowsDone, problems: this.problems, problemsTruncated: this.problemsTruncated }
  }

  /** Returns the batch document as last stored. */
  current(): BatchDoc {
    return this.batch
  }

  private reject(chunk: Chunk, row: RawRow, problems: RowProblem[]): void {
    chunk.counts.failed++
    chunk.rejected.push({ row: row.row, cells: row.cells, reason: problems.map((problem) => problem.message).join('; ') })
    for (const problem of problems) {
      if (this.problems.length < MAX_PROBLEMS_KEPT) this.problems.push(problem)
      else this.problemsTruncated = true
    }
  }

  private shapeProblem(row: RawRow, headers: readonly string[]): RowProblem | undefined {
    const extra = row.cells.slice(headers.length).some((cell) => cell.trim() !== '')
    const short = this.batch.file.format === 'csv' && row.cells.length < headers.length
    const parseError = row.parseErrors[0]
    if (!parseError && !extra && !short) return undefined

    const message = parseError
      ? `row ${row.row}: ${parseError}`
      : `row ${row.row} has ${row.cells.length} ${row.cells.length === 1 ? 'cell' : 'cells'} but the header has ${headers.length}; check the row for an unquoted comma, a stray quote or a missing cell`
    const params: ErrorParams = parseError ? { detail: parseError } : { cells: row.cells.length, expected: headers.length }
    return { row: row.row, column: '', field: '', value: '', code: parseError ? 'invalid_quotes' : 'ragged_row', message, params }
  }

  /** Resolves and deduplicates a chunk's rows; `cleaned` contains the rows without a shape problem, in order. */
  private buildChunk(rows: readonly RawRow[], shapes: readonly (RowProblem | undefined)[], cleaned: readonly CleanedRow[]): Chunk {
    const chunk: Chunk = { counts: emptyCounts(), creates: new Map(), companies: [], updates: [], rejected: [] }
    let next = 0
    for (const [index, row] of rows.entries()) {
      const shape = shapes[index]
      if (shape) {
        this.reject(chunk, row, [shape])
        continue
      }
      this.placeCleaned(chunk, row, cleaned[next++]!)
    }
    return chunk
  }

  private placeCleaned(chunk: Chunk, row: RawRow, cleaned: CleanedRow): void {
    const { problems: companyProblems, missing } = this.resolveCompanies(cleaned, row.row)
    const ownerProblem = this.checkOwner(cleaned.values, row.row)
    const problems = [...cleaned.problems, ...companyProblems, ...(ownerProblem ? [ownerProblem] : [])]
    if (problems.length > 0) {
      this.reject(chunk, row, problems)
      return
    }
    if (this.batch.type === 'deal' && typeof cleaned.values.agent === 'string') {
      cleaned.values.agent = this.lookups.canonicalAgent(cleaned.values.agent)
    }
    // A missing company is created only when the row writes a reference to it, so a rejected
    // or skipped row leaves no company behind.
    const written = this.placeRow(chunk, row.row, cleaned.values)
    for (const company of missing) {
      if (written?.companyId === company.id || written?.parentCompanyId === company.id) this.createCompany(chunk, company)
    }
  }

  /** Rejects an owner that the API would not let an own-scope user set. */
  private checkOwner(values: Record<string, unknown>, row: number): RowProblem | undefined {
    const owner = this.options.owner
    if (owner?.recordScope !== 'own' || values.ownerId === undefined || values.ownerId === owner.id) return undefined

    const column = this.batch.columns?.find((mapping) => mapping.field === 'ownerId')?.header ?? 'ownerId'
    const value = excerpt(String(values.ownerId))
    return {
      row,
      column,
      field: 'ownerId',
      value,
      code: 'owner_not_allowed',
      message: `row ${row}, column '${column}': you may only import records that you own; leave the owner empty or set it to '${owner.id}'`,
      params: { value, userId: owner.id },
    }
  }

  /** Returns the values of a new record, with the run's user as owner when the row names none. */
  private withOwner(values: Record<string, unknown>): Record<string, unknown> {
    const owner = this.options.owner
    return owner && values.ownerId === undefined ? { ...values, ownerId: owner.id } : values
  }

  /**
   * Sets the company ids of a row's company names. A name that matches no company is rejected,
   * unless missing companies are created. Then it gets the id of a new company, which is returned
   * in `missing` and not yet created.
   */
  private resolveCompanies(cleaned: CleanedRow, row: number): { problems: RowProblem[]; missing: MissingCompany[] } {
    const problems: RowProblem[] = []
    const missing: MissingCompany[] = []
    const resolve = (name: string | undefined, field: 'companyId' | 'parentCompanyId', virtual: string) => {
      if (!name) return
      const found = this.lookups.findCompany(name)
      if (found) {
        cleaned.values[field] = found
        return
      }
      if (this.batch.settings?.createMissingCompanies) {
        const id = nameRecordId('company', this.batch.idPrefix, nameMatchKey(name))
        if (!missing.some((company) => company.id === id)) missing.push({ id, name })
        cleaned.values[field] = id
        return
      }
      const column = this.batch.columns?.find((mapping) => mapping.field === virtual)?.header ?? virtual
      problems.push({
        row,
        column,
        field: virtual,
        value: excerpt(name),
        code: 'company_not_found',
        message: `row ${row}, column '${column}': no company is named ${quote(name)}; create it first or choose to create missing companies`,
        params: { value: excerpt(name) },
      })
    }
    resolve(cleaned.companyName, 'companyId', 'companyName')
    resolve(cleaned.parentCompanyName, 'parentCompanyId', 'parentCompanyName')
    return { problems, missing }
  }

  private createCompany(chunk: Chunk, company: MissingCompany): void {
    chunk.companies.push(this.store.buildNew('company', this.withOwner({ name: company.name }), company.id))
    chunk.counts.companiesCreated++
    this.lookups.addCompany(company.name, company.id)
  }

  /** Creates, updates or skips a row; returns the values it writes (or a dry run would write), or `undefined` when it skips the row. */
  private placeRow(chunk: Chunk, row: number, values: Record<string, unknown>): Record<string, unknown> | undefined {
    const ownId = rowRecordId(this.batch.type, this.batch.idPrefix, row)
    const match = this.lookups.findDuplicate(values)
    const mode = this.batch.settings!.onDuplicate

    if (!match || match === ownId) {
      const doc = this.store.buildNew(this.batch.type, this.withOwner(values), ownId)
      chunk.creates.set(ownId, doc)
      this.lookups.addRecord(doc)
      chunk.counts.created++
      return values
    }
    if (mode === 'skip') {
      chunk.counts.skipped++
      return undefined
    }

    const pending = chunk.creates.get(match)
    if (pending) {
      // A duplicate of a row earlier in this chunk: fold its values into that new record.
      const patch = changedFields(pending, values, mode)
      const stamp = Object.values(pending.stamps ?? {})[0] ?? ''
      Object.assign(pending, patch)
      for (const name of Object.keys(patch)) pending.stamps![name] = stamp
      chunk.counts[Object.keys(patch).length > 0 ? 'updated' : 'skipped']++
      return patch
    }

    const current = this.store.index.get(this.batch.type, match) ?? this.inFlight.get(match)
    if (!current) {
      // Only a dry run gets here: the earlier row was counted but never written.
      chunk.counts.updated++
      return values
    }
    const patch = changedFields(current, values, mode)
    if (Object.keys(patch).length === 0) {
      chunk.counts.skipped++
      return undefined
    }
    const journal = isBatchOwned(match, this.batch.idPrefix)
      ? undefined
      : { id: match, type: this.batch.type, previous: Object.fromEntries(Object.keys(patch).map((name) => [name, current[name] ?? null])), written: patch }
    chunk.updates.push({ id: match, patch, journal })
    chunk.counts.updated++
    return patch
  }

  private async writeChunk(chunk: Chunk, chunkNumber: number, rowCount: number): Promise<void> {
    const journal = await this.storeChunkDoc(chunk, chunkNumber)
    const origin = { actor: this.options.actor, address: this.options.address }

    if (chunk.companies.length > 0) await this.createAll('company', chunk.companies, origin)
    await this.createAll(this.batch.type, [...chunk.creates.values()], origin)
    for (const update of chunk.updates) {
      const previous = journal.get(update.id)
      if (previous && update.journal) update.journal.previous = previous
      await this.store.update(this.batch.type, update.id, update.patch, { ...origin, validate: { defaultCountry: this.batch.settings?.defaultCountry } })
    }

    const next: BatchDoc = {
      ...this.batch,
      rowsDone: this.batch.rowsDone + rowCount,
      chunksDone: chunkNumber + 1,
      counts: addCounts({ ...this.batch.counts }, chunk.counts),
      updatedAt: new Date().toISOString(),
    }
    const response = await this.meta.put(next as never)
    this.batch = { ...next, _rev: response.rev }
  }

  /**
   * Stores the chunk's journal and rejected rows. When a crashed run already stored them, the
   * stored values before the update win, because the replayed run reads values it wrote itself.
   */
  private async storeChunkDoc(chunk: Chunk, chunkNumber: number): Promise<Map<string, Record<string, unknown>>> {
    const doc: ChunkDoc = {
      _id: chunkDocId(this.batch.batchId, chunkNumber),
      batchId: this.batch.batchId,
      chunk: chunkNumber,
      counts: chunk.counts,
      updates: chunk.updates.flatMap((update) => (update.journal ? [update.journal] : [])),
      rejected: chunk.rejected,
    }
    try {
      await this.meta.put(doc as never)
      return new Map()
    } catch (error) {
      if ((error as { status?: number }).status !== 409) throw error
      const stored = (await this.meta.get(doc._id)) as unknown as ChunkDoc
      return new Map(stored.updates.map((entry) => [entry.id, entry.previous]))
    }
  }

  private async createAll(type: EntityType, docs: RecordDoc[], origin: WriteOrigin): Promise<void> {
    if (docs.length === 0) return
    const { failed } = await this.store.createMany(type, docs, origin)
    // A conflict means a run killed before its cursor moved already wrote this very document.
    const lost = failed.filter((failure) => failure.status !== 409)
    if (lost.length > 0) throw new Error(`writing ${lost.length} ${type} records failed: ${lost[0]!.message}`)
    if (failed.length > 0) {
      const ids = failed.map((failure) => docs[failure.index]!._id)
      const existing = await this.store.db.allDocs({ keys: ids, include_docs: true })
      for (const row of existing.rows) {
        if ('doc' in row && row.doc) this.store.index.upsert(row.doc as unknown as RecordDoc)
      }
    }
  }
}

function addCounts(target: BatchCounts, add: BatchCounts): BatchCounts {
  target.created += add.created
  target.updated += add.updated
  target.skipped += add.skipped
  target.failed += add.failed
  target.companiesCreated += add.companiesCreated
  return target
}
