import MiniSearch from 'minisearch'
import { ENTITY_SCHEMAS, ENTITY_TYPES, isEntityType, type EntityType, type FieldKind, type ListPage, type RecordDoc } from '@enclave/shared'
import { CALLING_CODES } from '@enclave/shared/projection/phone-parts'
import type { Database } from '../storage/pouch'
import { matchesFilter, type ListQuery } from './query'
import { TermIndex } from './term-index'

/** Fields whose words are found by text search with ranking and typo tolerance, per type. */
const SEARCH_FIELDS: Record<EntityType, string[]> = {
  contact: ['firstName', 'lastName', 'jobTitle', 'city', 'country'],
  company: ['name', 'sector', 'country', 'city'],
  deal: ['title', 'product', 'agent', 'stage'],
  activity: ['subject', 'kind', 'status'],
  ticket: ['subject', 'status', 'priority'],
  segment: ['name', 'entityType'],
  campaign: ['name', 'status'],
}

/**
 * Fields whose words occur in about one record each, found by prefix without typo tolerance.
 * They live in a `TermIndex`, which stores the terms of 100,000 contacts in about 30 MB, where
 * the full-text index needed about 140 MB.
 */
const TERM_FIELDS: Partial<Record<EntityType, string[]>> = {
  contact: ['email', 'externalId'],
  company: ['externalId'],
  deal: ['externalId'],
}

/** Types whose phone numbers are searchable by their digits. */
const PHONE_TYPES: ReadonlySet<EntityType> = new Set(['contact'])

/**
 * Weights of term matches, on the scale of MiniSearch 7's BM25+ scores: a term scores its
 * inverse document frequency times 1.5, the BM25+ factor of a one-word field of average length.
 * Identifying terms weigh as much as a name, so an exact email or id outranks typo matches of
 * a name. Domain words weigh as much as any other field. A term that only starts with the word
 * weighs 0.375, as MiniSearch weighs its own prefix matches.
 */
const BM25_PLUS_FACTOR = 1.5
const IDENTITY_WEIGHT = 3
const DOMAIN_WEIGHT = 1
const TERM_PREFIX_WEIGHT = 0.375

/** Inverse document frequency as BM25 computes it. */
function inverseFrequency(matching: number, total: number): number {
  return Math.log(1 + (total - matching + 0.5) / (matching + 0.5))
}

/** Adds the scores of one word's term matches to `scores`. */
function addTermScores(scores: Map<string, number>, hits: Map<string, boolean>, weight: number, total: number): void {
  if (hits.size === 0) return
  let exactCount = 0
  for (const exact of hits.values()) if (exact) exactCount++
  const exactScore = weight * BM25_PLUS_FACTOR * inverseFrequency(exactCount, total)
  const prefixScore = weight * BM25_PLUS_FACTOR * TERM_PREFIX_WEIGHT * inverseFrequency(hits.size, total)
  for (const [id, exact] of hits) scores.set(id, (scores.get(id) ?? 0) + (exact ? exactScore : prefixScore))
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
  terms: TermIndex
  phones: TermIndex
  /** Sorted ids per sort key; dropped on every write to the type. */
  sorted: Map<string, string[]>
}

function revGeneration(rev: string | undefined): number {
  return rev ? Number.parseInt(rev, 10) || 0 : 0
}

/**
 * Shortest string that V8 (Node.js 20) may keep as a view into a larger string instead of a
 * copy. Such a view keeps the whole larger string alive, so a CSV cell held by the index would
 * keep its entire parse chunk in memory.
 */
const MIN_SLICED_LENGTH = 13

/** Field kinds whose values repeat across records often enough to share one string. */
const SHARED_VALUE_KINDS: ReadonlySet<FieldKind> = new Set(['text', 'enum', 'date'])
const MAX_SHARED_VALUE_LENGTH = 24
const MAX_SHARED_VALUES = 100_000

/**
 * One string per distinct short value of a repeating field, such as a country, a city or a
 * first name, which would otherwise be held once per record.
 */
const sharedValues = new Map<string, string>()

/** Kind of each built-in field, by type and field name. */
const FIELD_KINDS_BY_TYPE = new Map<EntityType, ReadonlyMap<string, FieldKind>>(
  ENTITY_TYPES.map((type) => [type, new Map(ENTITY_SCHEMAS[type].fields.map((field) => [field.name, field.kind]))]),
)

function ownCopy(value: string): string {
  return value.length >= MIN_SLICED_LENGTH ? Buffer.from(value).toString() : value
}

function sharedValue(value: string): string {
  const shared = sharedValues.get(value)
  if (shared !== undefined) return shared
  const copy = ownCopy(value)
  if (sharedValues.size < MAX_SHARED_VALUES) sharedValues.set(copy, copy)
  return copy
}

/**
 * Returns a shallow copy of a record whose user-entered strings are copies of their own, and
 * whose repeating short values are shared. Ids, references, revisions and times are made by
 * the edge itself, and copying them would only unshare strings that records share already.
 */
function withOwnStrings(doc: RecordDoc): RecordDoc {
  const copy: Record<string, unknown> = {}
  const kinds = isEntityType(doc.type) ? FIELD_KINDS_BY_TYPE.get(doc.type) : undefined
  for (const [name, value] of Object.entries(doc)) {
    const kind = typeof value === 'string' ? kinds?.get(name) : undefined
    if (kind === undefined || kind === 'ref') copy[name] = value
    else if (SHARED_VALUE_KINDS.has(kind) && (value as string).length <= MAX_SHARED_VALUE_LENGTH) copy[name] = sharedValue(value as string)
    else copy[name] = ownCopy(value as string)
  }
  return copy as RecordDoc
}

const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[]

/** Returns the lower-cased words of a text as the search indexes split them. */
function words(text: string): string[] {
  return tokenize(text.toLowerCase()).filter((word) => word !== '')
}

/**
 * Marks the terms of an email's domain, such as `@example` and `@com`. Query words never contain
 * `@`, because the tokenizer splits on it, so a domain term is found only by its own lookup.
 */
const DOMAIN_MARK = '@'

/** Returns a record's identifying words (ids, an email's local part) and its marked domain words. */
function termsOf(type: EntityType, doc: RecordDoc): string[] {
  const terms = new Set<string>()
  for (const field of TERM_FIELDS[type] ?? []) {
    const value = doc[field]
    if (value === undefined || value === null || value === '') continue
    const text = String(value)
    const at = field === 'email' ? text.lastIndexOf('@') : -1
    for (const word of words(at < 0 ? text : text.slice(0, at))) terms.add(word)
    // Domains repeat across contacts, so their words share one string each.
    if (at >= 0) for (const word of words(text.slice(at + 1))) terms.add(sharedValue(DOMAIN_MARK + word))
  }
  return [...terms]
}

/** Returns the digits of a record's phones without extension, such as "12091727124". */
function phoneDigitsOf(doc: RecordDoc): string[] {
  const phones = [doc.phone, doc.phone2].filter((phone): phone is string => typeof phone === 'string')
  return [...new Set(phones.map((phone) => phone.split(';')[0]!.replace(/\D/g, '')).filter((digits) => digits !== ''))]
}

/** A query written as a phone number, such as "(209) 172-7124" or "+1 209 172 7124". */
const PHONE_QUERY = /^[+\d\s().-]+$/
const MIN_PHONE_QUERY_DIGITS = 4
const PHONE_EXTENSION = /\s*(?:x|ext\.?|extension|#)\s*\d+\s*$/i

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === ''
}

function compareValues(a: unknown, b: unknown): number {
  const aMissing = isMissing(a)
  const bMissing = isMissing(b)
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
      const docs = new Map<string, RecordDoc>()
      this.types.set(type, {
        docs,
        search: new MiniSearch<RecordDoc>({
          idField: '_id',
          fields: SEARCH_FIELDS[type],
          extractField: (doc, field) => {
            const value = doc[field]
            return value === undefined || value === null ? '' : String(value)
          },
          searchOptions: { prefix: true, boost: nameBoosts(type) },
        }),
        terms: new TermIndex((id) => {
          const doc = docs.get(id)
          return doc && termsOf(type, doc)
        }),
        phones: new TermIndex((id) => {
          const doc = docs.get(id)
          return doc && phoneDigitsOf(doc)
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
        if (row.doc && !row.id.startsWith('_design/')) this.hold(row.doc as unknown as RecordDoc)
      }
      if (page.rows.length <= LOAD_PAGE_SIZE) break
      startkey = page.rows[LOAD_PAGE_SIZE]?.id
    }
    // Sorting now spares the first search after a start about 0.3 s per 100,000 contacts.
    for (const index of this.types.values()) {
      index.terms.prepare()
      index.phones.prepare()
    }
  }

  /** Adds or replaces a record, ignoring a revision older than the one held. */
  upsert(doc: RecordDoc): void {
    this.hold(withOwnStrings(doc))
  }

  /** Adds or replaces a record whose object the index may keep as it is. */
  private hold(doc: RecordDoc): void {
    if (!isEntityType(doc.type)) return
    const index = this.typeIndex(doc.type)
    const current = index.docs.get(doc._id)
    if (current && revGeneration(current._rev) > revGeneration(doc._rev)) return

    if (current) {
      index.search.discard(doc._id)
      index.terms.discard(doc._id)
      index.phones.discard(doc._id)
    }
    index.docs.set(doc._id, doc)
    index.search.add(doc)
    index.terms.add(doc._id, termsOf(doc.type, doc))
    if (PHONE_TYPES.has(doc.type)) index.phones.add(doc._id, phoneDigitsOf(doc))
    index.sorted.clear()
  }

  remove(type: EntityType, id: string): void {
    const index = this.typeIndex(type)
    if (!index.docs.delete(id)) return
    index.search.discard(id)
    index.terms.discard(id)
    index.phones.discard(id)
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
      // Records without the value come last in both directions, as at the cloud.
      const aMissing = isMissing(a[field])
      if (aMissing !== isMissing(b[field])) return aMissing ? 1 : -1
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
      const hitIds = this.search(type, query.q)
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

  /**
   * Returns the ids of records with every word of the text, best match first. A word matches a
   * record when the full-text index finds it in a ranked field (by prefix, or with a typo in
   * words of five letters or more) or when one of the record's terms starts with it. A text
   * that is a phone number matches the records with a phone whose digits start with it, with
   * or without a country calling code, international prefix (00, 011) or trunk prefix 0 in
   * front, and those records come first.
   */
  private search(type: EntityType, text: string): string[] {
    const phoneHits = this.searchPhones(type, text)
    const wordHits = this.searchWords(type, text).filter((id) => !phoneHits.has(id))
    return [...phoneHits, ...wordHits]
  }

  private searchPhones(type: EntityType, query: string): Set<string> {
    const found = new Set<string>()
    // An extension ("x3651", "ext. 3651") is not part of the stored digits, and "(0)" marks a
    // trunk prefix that is left out after the calling code, as in "+44 (0)20 7946 0958".
    const text = query.replace(PHONE_EXTENSION, '').replace('(0)', '')
    const digits = text.replace(/\D/g, '')
    if (!PHONE_TYPES.has(type) || !PHONE_QUERY.test(text) || digits.length < MIN_PHONE_QUERY_DIGITS) return found

    const phones = this.typeIndex(type).phones
    const international = text.trim().startsWith('+') || digits.startsWith('00')
    for (const id of phones.lookup(digits.replace(/^00/, '')).keys()) found.add(id)
    // 011 is the international prefix in North America, as in "011 44 20 7946 0958". Elsewhere
    // it can begin a national number, such as Sapporo's 011, so both readings are looked up.
    if (digits.startsWith('011')) for (const id of phones.lookup(digits.slice(3)).keys()) found.add(id)
    if (!international) {
      // A national number may start with a trunk prefix 0, as in "020 7946 0000" for +44 20 7946 0000.
      const national = digits.replace(/^0/, '')
      for (const code of CALLING_CODES) for (const id of phones.lookup(code + national).keys()) found.add(id)
    }
    return found
  }

  private searchWords(type: EntityType, text: string): string[] {
    const index = this.typeIndex(type)
    let scores: Map<string, number> | undefined
    for (const word of new Set(words(text))) {
      const wordScores = new Map<string, number>()
      for (const hit of index.search.search(word, { fuzzy: (term) => (term.length > 4 ? 0.2 : false) })) {
        wordScores.set(String(hit.id), hit.score)
      }
      addTermScores(wordScores, index.terms.lookup(word), IDENTITY_WEIGHT, index.docs.size)
      addTermScores(wordScores, index.terms.lookup(DOMAIN_MARK + word), DOMAIN_WEIGHT, index.docs.size)
      if (scores) {
        for (const [id, score] of scores) {
          const more = wordScores.get(id)
          if (more === undefined) scores.delete(id)
          else scores.set(id, score + more)
        }
      } else {
        scores = wordScores
      }
      if (scores.size === 0) break
    }
    // Equal scores keep id order, so a list does not reshuffle between requests.
    const ranked = [...(scores ?? new Map<string, number>()).entries()]
    ranked.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    return ranked.map(([id]) => id)
  }

  /** Returns the display title of a record, such as "Ada Lovelace" or "Acme Corporation". */
  static titleOf(doc: RecordDoc): string {
    if (!isEntityType(doc.type)) return doc._id
    const parts = ENTITY_SCHEMAS[doc.type].titleFields.map((field) => doc[field]).filter(Boolean)
    return parts.length > 0 ? parts.join(' ') : doc._id
  }
}
