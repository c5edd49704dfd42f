import {
  ApiError,
  findField,
  findFieldViolations,
  newId,
  validateRecord,
  type AllowedFieldSet,
  type EntityType,
  type ListPage,
} from '@enclave/shared'
import { groupRecords, parseGroupRequest } from '@enclave/shared/entities/list-groups'
import type { CloudContext } from '../context'
import { siteDatabaseName, StorageError, type DocumentDatabase, type StoredDocument } from '../storage/types'
import { applyListQuery, parseCloudListQuery } from './list-query'
import { SiteDocumentCache } from './site-document-cache'

type EntityRules = NonNullable<AllowedFieldSet['entities'][EntityType]>

/** The documents and fields of a cloud export. */
export interface ExportSelection {
  /** Matching documents in list order; references into the site's document cache. */
  docs: StoredDocument[]
  /** Fields of the type that the site's published policy lets the cloud store. */
  fields: string[]
  /** Returns the name the cloud stores for a company id, if the site syncs company names. */
  companyName(id: string): string | undefined
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function notFound(type: EntityType, id: string): ApiError {
  return new ApiError(404, 'not_found', `no ${type} has the id '${id}' in this site's cloud data`).withParams({ reason: 'cloud', resource: type, id })
}

function staleRevision(type: EntityType, id: string, expected: string, current: string | undefined): ApiError {
  return new ApiError(409, 'conflict', `the ${type} '${id}' changed since revision ${expected}; reload it and apply the change again`, { currentRev: current }).withParams({
    reason: 'update',
    type,
    id,
    rev: expected,
  })
}

/** Rejects a written document that would break the published policy, as the gateway does. */
function checkPolicy(doc: StoredDocument, allowed: AllowedFieldSet): void {
  const violations = findFieldViolations(doc, allowed)
  if (violations.length > 0) {
    const fields = violations.map((violation) => violation.field)
    throw new ApiError(403, 'field_not_allowed', `the change would store fields that policy version ${allowed.version} does not allow: ${fields.join(', ')}`, violations).withParams({
      version: allowed.version,
      fields,
    })
  }
}

/**
 * Remote staff's operations on a site's projected documents in the cloud: list and read
 * them, change cloud-writable fields, and create or delete documents of cloud-creatable types.
 * Every change stamps the changed fields with the cloud's clock (node id `cloud`) so that the
 * edge merges it field by field.
 */
export class CloudRecords {
  private readonly cache = new SiteDocumentCache()

  constructor(private readonly context: CloudContext) {}

  /** Drops what is cached of a site, after its database was deleted. */
  forget(siteId: string): void {
    this.cache.forget(siteId)
  }

  private async open(siteId: string, type: EntityType): Promise<{ db: DocumentDatabase; allowed: AllowedFieldSet; rules: EntityRules }> {
    await this.context.sites.requireSite(siteId)
    const allowed = await this.context.sites.findPolicy(siteId)
    const rules = allowed?.entities[type]
    if (!allowed || !rules) {
      throw new ApiError(404, 'type_not_synced', `site '${siteId}' does not sync ${type} documents to the cloud`).withParams({ siteId, type })
    }
    return { db: await this.context.storage.database(siteDatabaseName(siteId)), allowed, rules }
  }

  /** Parses list parameters for a type and returns the site's current documents of that type. */
  private async query(siteId: string, type: EntityType, params: URLSearchParams) {
    const { db, allowed, rules } = await this.open(siteId, type)
    const fields = Object.keys(rules.fields)
    const query = parseCloudListQuery(params, fields)
    const docs = await this.cache.documentsOfType(siteId, db, type)
    const searchable = fields.filter((field) => rules.fields[field] === 'sync')
    return { db, allowed, rules, query, docs, searchable }
  }

  private async read(db: DocumentDatabase, type: EntityType, id: string): Promise<StoredDocument> {
    if (!id.startsWith(`${type}:`)) throw notFound(type, id)
    const doc = await db.get(id)
    if (!doc || doc.type !== type) throw notFound(type, id)
    return doc
  }

  /**
   * Lists documents of one type from the in-memory copy of the site's documents, which is
   * brought up to date from the changes feed first. Search, filters and sort scan that copy.
   */
  async list(siteId: string, type: EntityType, params: URLSearchParams): Promise<ListPage<StoredDocument>> {
    const { rules, query, docs, searchable } = await this.query(siteId, type, params)
    const fields = Object.keys(rules.fields)
    const page = applyListQuery(docs, query, searchable)
    const grouping = parseGroupRequest(type, params)
    if (!grouping) return page

    for (const field of [grouping.groupBy, grouping.sum]) {
      if (field !== undefined && !fields.includes(field)) {
        throw new ApiError(400, 'unknown_field', `cannot group or sum by '${field}' because the cloud does not store it; use one of ${fields.join(', ')}`).withParams({
          reason: 'cloud_group',
          field,
          known: fields,
        })
      }
    }
    // Groups cover every matching document, not only the page.
    const all = applyListQuery(docs, { ...query, limit: Number.MAX_SAFE_INTEGER, offset: 0 }, searchable)
    return { ...page, groups: groupRecords(all.items, grouping) }
  }

  /**
   * Selects every document of one type that matches the list parameters, in list order, for an
   * export. It also returns the fields the site's policy lets the cloud store for the type, so
   * that the export writes no other field, and the cloud's names of the site's companies.
   */
  async exportSelection(siteId: string, type: EntityType, params: URLSearchParams): Promise<ExportSelection> {
    const { db, allowed, rules, query, docs, searchable } = await this.query(siteId, type, params)
    const selected = applyListQuery(docs, { ...query, limit: Number.MAX_SAFE_INTEGER, offset: 0 }, searchable)

    const companyNames = new Map<string, string>()
    if (allowed.entities.company?.fields.name) {
      for (const company of await this.cache.documentsOfType(siteId, db, 'company')) {
        if (typeof company.name === 'string') companyNames.set(company._id, company.name)
      }
    }
    return { docs: selected.items, fields: Object.keys(rules.fields), companyName: (id) => companyNames.get(id) }
  }

  async get(siteId: string, type: EntityType, id: string): Promise<StoredDocument> {
    const { db } = await this.open(siteId, type)
    return this.read(db, type, id)
  }

  /** Changes cloud-writable fields; `rev`, when given, must be the current revision. */
  async update(siteId: string, type: EntityType, id: string, patch: unknown, rev?: string, editorId?: string): Promise<StoredDocument> {
    const { db, allowed, rules } = await this.open(siteId, type)
    if (!isPlainObject(patch)) throw new ApiError(400, 'invalid_body', 'the body must be a JSON object of fields to change')

    const names = Object.keys(patch)
    const notWritable = names.filter((name) => !rules.cloudWritable.includes(name))
    if (notWritable.length > 0) {
      throw new ApiError(403, 'field_not_writable', `${notWritable.join(', ')} cannot be changed in the cloud; cloud-writable ${type} fields are: ${rules.cloudWritable.join(', ') || 'none'}`, notWritable.map((field) => ({ field }))).withParams({
        reason: rules.cloudWritable.length > 0 ? 'update' : 'read_only',
        fields: notWritable,
        type,
        writable: rules.cloudWritable,
      })
    }
    const checked = validateRecord(type, patch, { partial: true })
    if (!checked.ok) throw new ApiError(422, 'validation_failed', `the ${type} has invalid fields; see details`, checked.errors).withParams({ type })

    const current = await this.read(db, type, id)
    if (rev !== undefined && rev !== current._rev) throw staleRevision(type, id, rev, current._rev)

    // Only fields whose value differs get a new stamp, and a patch that changes nothing writes
    // nothing. The site then never merges an edit that did not happen.
    const changed = [
      ...Object.entries(checked.value).filter(([name, value]) => JSON.stringify(current[name]) !== JSON.stringify(value)).map(([name]) => name),
      ...checked.cleared.filter((name) => current[name] !== undefined),
    ]
    if (changed.length === 0) return current

    const stamps = { ...(isPlainObject(current.stamps) ? current.stamps : {}) }
    const updated: StoredDocument = { ...current, ...checked.value, updatedAt: new Date().toISOString() }
    for (const name of checked.cleared) delete updated[name]
    for (const name of changed) stamps[name] = this.context.clock.now()
    updated.stamps = stamps
    // Records who made this edit for the site's audit log. The site's next write drops it.
    if (editorId) updated.editedBy = Object.fromEntries(changed.map((name) => [name, editorId]))
    else delete updated.editedBy
    checkPolicy(updated, allowed)

    const result = await this.write(db, updated, type, id)
    return { ...updated, _rev: result }
  }

  /**
   * Creates a document of a cloud-creatable type from synced fields only. The creator owns it
   * when the body names no owner and the site syncs the owner, as at the site. Without that,
   * own-scope users would never see what they create.
   */
  async create(siteId: string, type: EntityType, input: unknown, creatorId?: string): Promise<StoredDocument> {
    const { db, allowed, rules } = await this.open(siteId, type)
    if (!rules.cloudCreatable) {
      throw new ApiError(403, 'type_not_creatable', `${type} documents cannot be created in the cloud; create them at the site`).withParams({ type })
    }
    if (!isPlainObject(input)) throw new ApiError(400, 'invalid_body', `the body must be a JSON object of ${type} fields`)
    const ownable = creatorId !== undefined && input.ownerId === undefined && rules.fields.ownerId === 'sync' && findField(type, 'ownerId') !== undefined
    const body = ownable ? { ...input, ownerId: creatorId } : input

    const notSynced = Object.keys(body).filter((name) => rules.fields[name] !== 'sync' && findField(type, name) !== undefined)
    if (notSynced.length > 0) {
      throw new ApiError(403, 'field_not_writable', `${notSynced.join(', ')} cannot be set in the cloud because the site does not sync them as plain values`, notSynced.map((field) => ({ field }))).withParams({
        reason: 'create',
        fields: notSynced,
      })
    }
    const checked = validateRecord(type, body)
    if (!checked.ok) throw new ApiError(422, 'validation_failed', `the ${type} has invalid fields; see details`, checked.errors).withParams({ type })

    const now = new Date().toISOString()
    const stamps: Record<string, string> = {}
    for (const name of Object.keys(checked.value)) stamps[name] = this.context.clock.now()
    const doc: StoredDocument = { _id: newId(type), type, ...checked.value, stamps, residency: {}, createdAt: now, updatedAt: now }
    if (creatorId) doc.editedBy = Object.fromEntries(Object.keys(checked.value).map((name) => [name, creatorId]))
    checkPolicy(doc, allowed)

    const result = await db.put(doc)
    return { ...doc, _rev: result.rev }
  }

  /** Deletes a document of a type the site lets the cloud delete; `rev`, when given, must be current. */
  async remove(siteId: string, type: EntityType, id: string, rev?: string): Promise<void> {
    const { db, rules } = await this.open(siteId, type)
    if (!rules.cloudDeletable) {
      throw new ApiError(403, 'type_not_deletable', `${type} documents cannot be deleted in the cloud; delete them at the site`).withParams({ type })
    }
    const current = await this.read(db, type, id)
    if (rev !== undefined && rev !== current._rev) throw staleRevision(type, id, rev, current._rev)

    try {
      await db.remove(id, current._rev!)
    } catch (error) {
      if (error instanceof StorageError && error.status === 409) throw staleRevision(type, id, current._rev!, undefined)
      throw error
    }
  }

  private async write(db: DocumentDatabase, doc: StoredDocument, type: EntityType, id: string): Promise<string | undefined> {
    try {
      return (await db.put(doc)).rev
    } catch (error) {
      if (error instanceof StorageError && error.status === 409) throw staleRevision(type, id, String(doc._rev), undefined)
      throw error
    }
  }
}
