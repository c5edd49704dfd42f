import MiniSearch from 'minisearch'
import { ENTITY_SCHEMAS, ENTITY_TYPES, isEntityType, type EntityType, type ListPage, type RecordDoc } from '@enclave/shared'
import type { Database } from '../storage/pouch'
import { matchesFilter, type ListQuery } from './query'

/** Fields whose words are found by text search, per type. */
const SEARCH_FIELDS: Record<EntityType, string[]> = {
  contact: ['firstName', 'lastName', 'email', 'phoneDigits', 'jobTitle', 'city', 'country', 'externalId'],
  company: ['name', 'sector', 'country', 'city', 'externalId'],
  deal: ['title', 'product', 'agent', 'stage', 'externalId'],
  activity: ['subject', 'kind', 'status'],
  ticket: ['subject', 'status', 'priority'],
  segment: ['name', 'entityType'],
  campaign: ['name', 'status'],
}

/**
 * Weight of each type's name fields in search scores. Without it, a short field such as an
 * email `x@randolph.org` outscores a last name Randolph, because BM25 favours short fields.
 */
const NAME_BOOST = 3
const NAME_FIELDS: Partial<Record<EntityType, string[]>> = {
  contact: ['firstName', 'lastName'],
  company: ['name'],
  deal: ['title'],
  ticket: ['subject'],
}

function nameBoosts(type: EntityType): Record<string, number> {
  return Object.fromEntries((NAME_FIELDS[type] ?? []).map((field) => [field, NAME_BOOST]))
}

const LOAD_PAGE_SIZE = 5000
const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true })

interface TypeIndex {
  docs: Map<string, RecordDoc>
  search: MiniSearch<RecordDoc>
  /** Sorted ids per sort key; dropped on every write to the type. */
  sorted: Map<string, string[]>
}

function revGeneration(rev: string | undefined): number {
  return rev ? Number.parseInt(rev, 10) || 0 : 0
}

function searchableFields(doc: RecordDoc): Record<string, unknown> {
  const phones = [doc.phone, doc.phone2].filter((p): p is string => typeof p === 'string')
  // Digits without the + let "2091727124" and "1727124" find "+12091727124".
  const phoneDigits = phones.map((p) => p.split(';')[0]?.replace(/\D/g, '')).join(' ')
  return { ...doc, phoneDigits }
}

function compareValues(a: unknown, b: unknown): number {
  const aMissing = a === undefined || a === null || a === ''
  const bMissing = b === undefined || b === null || b === ''
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return collator.compare(String(a), String(b))
}

/**
 * In-memory index of every record, for list, sort, filter and full-text search at 100k+
 * contacts without a database round trip per query. Loaded at start and updated on each write.
 */
export class RecordIndex {
  private readonly types = new Map<EntityType, TypeIndex>()

  constructor() {
    for (const type of ENTITY_TYPES) {
      this.types.set(type, {
        docs: new Map(),
        search: new MiniSearch<RecordDoc>({
          idField: '_id',
          fields: SEARCH_FIELDS[type],
          extractField: (doc, field) => {
            const value = (field === 'phoneDigits' ? searchableFields(doc) : doc)[field]
            return value === undefined || value === null ? '' : String(value)
          },
          searchOptions: { prefix: true, combineWith: 'AND', boost: nameBoosts(type) },
        }),
        sorted: new Map(),
      })
    }
  }

  private typeIndex(type: EntityType): TypeIndex {
    return this.types.get(type) as TypeIndex
  }

  /** Loads every record from the database, page by page. */
  async load(db: Database): Promise<void> {
    let startkey: string | undefined
    for (;;) {
      const page = await db.allDocs({ include_docs: true, limit: LOAD_PAGE_SIZE + 1, startkey })
      const rows = page.rows.slice(0, LOAD_PAGE_SIZE)
      for (const row of rows) {
        if (row.doc && !row.id.startsWith('_design/')) this.upsert(row.doc as unknown as RecordDoc)
      }
      if (page.rows.length <= LOAD_PAGE_SIZE) break
      startkey = page.rows[LOAD_PAGE_SIZE]?.id
    }
  }

  /** Adds or replaces a record, ignoring a revision older than the one held. */
  upsert(doc: RecordDoc): void {
    if (!isEntityType(doc.type)) return
    const index = this.typeIndex(doc.type)
    const current = index.docs.get(doc._id)
    if (current && revGeneration(current._rev) > revGeneration(doc._rev)) return

    if (current) index.search.discard(doc._id)
    index.docs.set(doc._id, doc)
    index.search.add(doc)
    index.sorted.clear()
  }

  remove(type: EntityType, id: string): void {
    const index = this.typeIndex(type)
    if (!index.docs.delete(id)) return
    index.search.discard(id)
    index.sorted.clear()
  }

  get(type: EntityType, id: string): RecordDoc | undefined {
    return this.typeIndex(type).docs.get(id)
  }

  count(type: EntityType): number {
    return this.typeIndex(type).docs.size
  }

  all(type: EntityType): IterableIterator<RecordDoc> {
    return this.typeIndex(type).docs.values()
  }

  private sortedIds(type: EntityType, sort: string): string[] {
    const index = this.typeIndex(type)
    const cached = index.sorted.get(sort)
    if (cached) return cached

    const descending = sort.startsWith('-')
    const field = sort.replace(/^-/, '')
    const docs = [...index.docs.values()]
    docs.sort((a, b) => {
      const order = compareValues(a[field], b[field]) || (a._id < b._id ? -1 : 1)
      return descending ? -order : order
    })
    const ids = docs.map((doc) => doc._id)
    index.sorted.set(sort, ids)
    return ids
  }

  /** Runs a list query: search, then filters, then sort, then the page. */
  query(type: EntityType, query: ListQuery): ListPage<RecordDoc> {
    const index = this.typeIndex(type)
    let ids: string[]
    if (query.q) {
      const hits = index.search.search(query.q, { fuzzy: (term) => (term.length > 4 ? 0.2 : false) })
      const hitIds = hits.map((hit) => String(hit.id))
      if (query.sort) {
        const wanted = new Set(hitIds)
        ids = this.sortedIds(type, query.sort).filter((id) => wanted.has(id))
      } else {
        ids = hitIds
      }
    } else {
      ids = this.sortedIds(type, query.sort ?? '-_id')
    }

    const matching: RecordDoc[] = []
    for (const id of ids) {
      const doc = index.docs.get(id)
      if (doc && query.filters.every((filter) => matchesFilter(doc, filter))) matching.push(doc)
    }
    return {
      items: matching.slice(query.offset, query.offset + query.limit),
      total: matching.length,
      limit: query.limit,
      offset: query.offset,
    }
  }

  /** Returns the display title of a record, such as "Ada Lovelace" or "Acme Corporation". */
  static titleOf(doc: RecordDoc): string {
    if (!isEntityType(doc.type)) return doc._id
    const parts = ENTITY_SCHEMAS[doc.type].titleFields.map((field) => doc[field]).filter(Boolean)
    return parts.length > 0 ? parts.join(' ') : doc._id
  }
}
