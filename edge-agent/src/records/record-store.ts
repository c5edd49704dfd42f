import { EventEmitter } from 'node:events'
import {
  ApiError,
  checkRequiredAnyOf,
  closeDateOnClosing,
  ENTITY_SCHEMAS,
  newId,
  validateRecord,
  type EntityType,
  type FieldDef,
  type HybridClock,
  type ListPage,
  type RecordDoc,
  type ValidateOptions,
} from '@enclave/shared'
import type { Database } from '../storage/pouch'
import { segmentDefinitionOf } from '../segments/evaluate-segment'
import { indexLocation, RecordIndex } from './record-index'
import type { ListQuery } from './query'

export type RecordAction = 'create' | 'update' | 'delete'

/** Emitted after every successful write; carries field names, never values. */
export interface RecordChangeEvent {
  action: RecordAction
  type: EntityType
  id: string
  fields: string[]
  actor?: string
  /** Client address of the request that caused the change; absent for background work. */
  address?: string
}

/** User or process behind a change and the client address it came from, for the audit log. */
export interface WriteOrigin {
  /** User or process that made the change. */
  actor?: string
  /** Client address of the request that caused the change, when there was a request. */
  address?: string
}

export interface WriteOptions extends WriteOrigin {
  /** Revision the caller last read; a mismatch is a 409 instead of a silent overwrite. */
  rev?: string
  /** Extra validation options, such as the default country for phone numbers. */
  validate?: Omit<ValidateOptions, 'partial'>
}

const MAX_CONFLICT_RETRIES = 5

function isConflict(error: unknown): boolean {
  return (error as { status?: number })?.status === 409
}

function isNotFound(error: unknown): boolean {
  return (error as { status?: number })?.status === 404
}

function validationError(type: EntityType, errors: unknown): ApiError {
  return new ApiError(422, 'validation_failed', `the ${type} has invalid fields; see details`, errors).withParams({ type })
}

/**
 * Returns an error for each link in `values` to a record that does not exist, such as a deal
 * whose `companyId` names a deleted company, so that no API write leaves a dangling link.
 */
function missingLinks(type: EntityType, values: Record<string, unknown>, extraFields: readonly FieldDef[], index: RecordIndex) {
  const fields = [...ENTITY_SCHEMAS[type].fields, ...extraFields].filter((field) => field.kind === 'ref' && field.refType)
  return fields.flatMap((field) => {
    const id = values[field.name]
    if (typeof id !== 'string' || index.get(field.refType!, id)) return []
    return [{
      field: field.name,
      code: 'unknown_ref',
      message: `${field.label}: no ${field.refType} has the id '${id}'; pick an existing ${field.refType} or leave the field empty`,
      params: { value: id, refType: field.refType!, field: field.name, label: field.label },
    }]
  })
}

/**
 * Checks that every condition of a segment names a field of the segment's record type, so a
 * segment that could never be counted is refused when it is saved rather than when it is used.
 */
function checkSegment(type: EntityType, doc: Record<string, unknown>, customFieldsOf: (type: EntityType) => readonly FieldDef[]): void {
  if (type !== 'segment') return
  try {
    segmentDefinitionOf(doc, customFieldsOf)
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    throw validationError(type, [{ field: error.code === 'invalid_segment' ? 'entityType' : 'conditions', code: error.code, message: error.message }])
  }
}

/**
 * The system of record: validated writes of customer records to the `records` database, with
 * a hybrid-logical-clock stamp per changed field, kept in step with the record index.
 */
export class RecordStore {
  readonly index: RecordIndex
  private readonly events = new EventEmitter()
  private customFields: Partial<Record<EntityType, readonly FieldDef[]>> = {}

  constructor(
    readonly db: Database,
    private readonly clock: HybridClock,
  ) {
    this.index = new RecordIndex(indexLocation(db))
  }

  async open(): Promise<void> {
    await this.index.load(this.db)
  }

  /** Brings the index file up to date and closes it; call before closing the database. */
  async close(): Promise<void> {
    await this.index.close(this.db)
  }

  /** Sets the custom fields that validation accepts in addition to the built-in ones. */
  setCustomFields(customFields: Partial<Record<EntityType, readonly FieldDef[]>>): void {
    this.customFields = customFields
  }

  getCustomFields(type: EntityType): readonly FieldDef[] {
    return this.customFields[type] ?? []
  }

  onChange(listener: (event: RecordChangeEvent) => void): () => void {
    this.events.on('change', listener)
    return () => this.events.off('change', listener)
  }

  private emit(event: RecordChangeEvent): void {
    this.events.emit('change', event)
  }

  list(type: EntityType, query: ListQuery): ListPage<RecordDoc> {
    return this.index.query(type, query)
  }

  /** Returns the record, reading the database when the index does not hold it. */
  async get(type: EntityType, id: string): Promise<RecordDoc> {
    const cached = this.index.get(type, id)
    if (cached) return cached
    try {
      const doc = (await this.db.get(id)) as unknown as RecordDoc
      if (doc.type !== type) throw new ApiError(404, 'not_found', `no ${type} has the id '${id}'`).withParams({ resource: type, id })
      return doc
    } catch (error) {
      if (isNotFound(error)) throw new ApiError(404, 'not_found', `no ${type} has the id '${id}'`).withParams({ resource: type, id })
      throw error
    }
  }

  /** Builds a new record from input that is already valid, without writing it. */
  buildNew(type: EntityType, value: Record<string, unknown>, id = newId(type)): RecordDoc {
    const now = new Date().toISOString()
    const stamp = this.clock.now()
    const stamps: Record<string, string> = {}
    for (const name of Object.keys(value)) stamps[name] = stamp
    return { ...value, _id: id, type, createdAt: now, updatedAt: now, stamps }
  }

  async create(type: EntityType, input: unknown, options: WriteOptions = {}): Promise<RecordDoc> {
    const result = validateRecord(type, input, { ...options.validate, extraFields: this.getCustomFields(type) })
    if (!result.ok) throw validationError(type, result.errors)
    const dangling = missingLinks(type, result.value, this.getCustomFields(type), this.index)
    if (dangling.length > 0) throw validationError(type, dangling)
    checkSegment(type, result.value, (entity) => this.getCustomFields(entity))

    const closeDate = closeDateOnClosing({ ...result.value, type })
    const doc = this.buildNew(type, closeDate ? { ...result.value, closeDate } : result.value)
    const response = await this.db.put(doc)
    const saved = { ...doc, _rev: response.rev }
    this.index.upsert(saved)
    this.emit({ action: 'create', type, id: doc._id, fields: Object.keys(result.value), actor: options.actor, address: options.address })
    return saved
  }

  /**
   * Writes many already-validated records in one `bulkDocs` call. Returns the saved documents
   * and the errors, by position, of those the database rejected.
   */
  async createMany(type: EntityType, docs: RecordDoc[], origin: WriteOrigin = {}): Promise<{ saved: RecordDoc[]; failed: { index: number; message: string; status?: number }[] }> {
    const results = await this.db.bulkDocs(docs)
    const saved: RecordDoc[] = []
    const failed: { index: number; message: string; status?: number }[] = []
    results.forEach((result, position) => {
      const doc = docs[position] as RecordDoc
      if ('ok' in result && result.ok) {
        const stored = { ...doc, _rev: result.rev }
        this.index.upsert(stored)
        saved.push(stored)
        this.emit({ action: 'create', type, id: doc._id, fields: Object.keys(doc.stamps ?? {}), ...origin })
      } else {
        const error = result as { message?: string; status?: number }
        failed.push({ index: position, message: String(error.message ?? 'write failed'), status: error.status })
      }
    })
    return { saved, failed }
  }

  /**
   * Deletes many records in one `bulkDocs` call, such as those an import batch created. Ids
   * that no longer exist are skipped. Returns the ids deleted.
   */
  async removeMany(type: EntityType, ids: readonly string[], origin: WriteOrigin = {}): Promise<string[]> {
    const current = await this.db.allDocs({ keys: [...ids] })
    const tombstones = current.rows.flatMap((row) =>
      'value' in row && row.value && !row.value.deleted ? [{ _id: row.id, _rev: row.value.rev, _deleted: true }] : [],
    )
    if (tombstones.length === 0) return []

    const results = await this.db.bulkDocs(tombstones)
    const removed: string[] = []
    results.forEach((result, position) => {
      if (!('ok' in result && result.ok)) return
      const id = tombstones[position]!._id
      this.index.remove(type, id)
      removed.push(id)
      this.emit({ action: 'delete', type, id, fields: [], ...origin })
    })
    return removed
  }

  async update(type: EntityType, id: string, patch: unknown, options: WriteOptions = {}): Promise<RecordDoc> {
    const extraFields = this.getCustomFields(type)
    const result = validateRecord(type, patch, {
      ...options.validate,
      partial: true,
      extraFields,
      // The record index has the stored country, so reading phones against it costs no database read.
      recordCountry: this.index.get(type, id)?.country,
    })
    if (!result.ok) throw validationError(type, result.errors)
    const dangling = missingLinks(type, result.value, extraFields, this.index)
    if (dangling.length > 0) throw validationError(type, dangling)

    for (let attempt = 0; ; attempt++) {
      const current = await this.get(type, id)
      if (options.rev && current._rev !== options.rev) {
        throw new ApiError(409, 'conflict', `the ${type} '${id}' changed since revision ${options.rev}; reload it and apply the change again`, { currentRev: current._rev }).withParams({
          reason: 'update',
          type,
          id,
          rev: options.rev,
        })
      }

      const next: RecordDoc = { ...current, stamps: { ...current.stamps } }
      const changed: string[] = []
      const stamp = this.clock.now()
      for (const [name, value] of Object.entries(result.value)) {
        if (JSON.stringify(current[name]) === JSON.stringify(value)) continue
        next[name] = value
        next.stamps![name] = stamp
        changed.push(name)
      }
      for (const name of result.cleared) {
        if (current[name] === undefined) continue
        delete next[name]
        next.stamps![name] = stamp
        changed.push(name)
      }
      if (changed.length === 0) return current
      checkSegment(type, next, (entity) => this.getCustomFields(entity))
      const closeDate = changed.includes('stage') && !changed.includes('closeDate') ? closeDateOnClosing(next, current.stage) : undefined
      if (closeDate) {
        next.closeDate = closeDate
        next.stamps!.closeDate = stamp
        changed.push('closeDate')
      }
      const missing = checkRequiredAnyOf(type, next)
      if (missing) throw validationError(type, [missing])

      next.updatedAt = new Date().toISOString()
      try {
        const response = await this.db.put(next)
        const saved = { ...next, _rev: response.rev }
        this.index.upsert(saved)
        this.emit({ action: 'update', type, id, fields: changed, actor: options.actor, address: options.address })
        return saved
      } catch (error) {
        // Another writer got in between our read and write; without a caller revision, retry.
        if (!isConflict(error) || options.rev || attempt >= MAX_CONFLICT_RETRIES) throw error
        this.index.upsert((await this.db.get(id)) as unknown as RecordDoc)
      }
    }
  }

  async remove(type: EntityType, id: string, options: WriteOptions = {}): Promise<void> {
    const current = await this.get(type, id)
    if (options.rev && current._rev !== options.rev) {
      throw new ApiError(409, 'conflict', `the ${type} '${id}' changed since revision ${options.rev}; reload it before deleting`, { currentRev: current._rev }).withParams({
        reason: 'delete',
        type,
        id,
        rev: options.rev,
      })
    }
    await this.db.remove(current._id, current._rev as string)
    this.index.remove(type, id)
    this.emit({ action: 'delete', type, id, fields: [], actor: options.actor, address: options.address })
  }
}
