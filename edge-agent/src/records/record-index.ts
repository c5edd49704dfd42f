import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import SQLite from 'better-sqlite3'
import { ENTITY_SCHEMAS, ENTITY_TYPES, isEntityType, type EntityType, type FieldKind, type ListPage, type RecordDoc } from '@enclave/shared'
import { CALLING_CODES } from '@enclave/shared/projection/phone-parts'
import type { Database } from '../storage/pouch'
import { editDistance, foldText, sortKey, words } from './index-text'
import { matchesFilter, type Filter, type ListQuery } from './query'

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
 * Each type's name fields. A word found in one weighs three times a word found in another
 * field, so a last name Randolph outranks an email `x@randolph.org` or a city.
 */
const NAME_FIELDS: Record<EntityType, string[]> = {
  contact: ['firstName', 'lastName'],
  company: ['name'],
  deal: ['title'],
  activity: ['subject'],
  ticket: ['subject'],
  segment: ['name'],
  campaign: ['name'],
}
const NAME_WEIGHT = 3

/**
 * Fields whose words occur in about one record each, found by prefix without typo tolerance.
 * They live in a full-text table of their own, `terms_<type>`, whose vocabulary of about one
 * word per record typo search does not need to read.
 */
const TERM_FIELDS: Partial<Record<EntityType, string[]>> = {
  contact: ['email', 'externalId'],
  company: ['externalId'],
  deal: ['externalId'],
}

/** Types whose phone numbers are searchable by their digits. */
const PHONE_TYPES: ReadonlySet<EntityType> = new Set(['contact'])

/** Columns of the `terms_<type>` tables: identifying words, email domain words, phone digits. */
const TERM_COLUMNS = ['identity', 'domain', 'phone'] as const
type TermColumn = (typeof TERM_COLUMNS)[number]

/**
 * Weights of matches. An identifying term (an email's local part, an external id) weighs as
 * much as a name, a domain word as much as any other field. A word that only starts a term
 * weighs 0.375 of an exact match, and a word one or two typos away 0.45, scaled down by the
 * number of typos.
 */
const IDENTITY_WEIGHT = NAME_WEIGHT
const DOMAIN_WEIGHT = 1
const PREFIX_WEIGHT = 0.375
const FUZZY_WEIGHT = 0.45
/** Largest share of a word's letters that may be typos; words of four letters or fewer allow none. */
const FUZZY_SHARE = 0.2
const MIN_FUZZY_LENGTH = 5


/** A query written as a phone number, such as "(209) 172-7124" or "+1 209 172 7124". */
const PHONE_QUERY = /^[+\d\s().-]+$/
const MIN_PHONE_QUERY_DIGITS = 4
const PHONE_EXTENSION = /\s*(?:x|ext\.?|extension|#)\s*\d+\s*$/i

/**
 * The full-text tokenizer. Marks count as parts of a word, as `words` counts them, so a word
 * such as the Hindi नमस्ते is one token. Split in two, it would be a phrase, which tables with
 * `detail=column` reject.
 */
const TOKENIZER = "unicode61 categories 'L* N* Co M*'"

/** Bumped when the tables change; an index file of another version is rebuilt. */
const SCHEMA_VERSION = '5'
const CHANGES_PAGE = 1000
const READ_PAGE = 1000
/** SQLite page cache, in KiB; the index's memory stays near this whatever the record count. */
const CACHE_KIB = 32 * 1024
const MAX_CACHED_STATEMENTS = 200
/** Keys a key map keeps in memory before it moves them to disk: about 20 MB of short keys. */
const KEY_MAP_MEMORY_ENTRIES = 200_000
/** Id of the records database's document naming the instance that an index file must match. */
const INSTANCE_DOC = '_local/record-index'

/** Inverse document frequency as BM25+ computes it, positive however common the word. */
function inverseFrequency(matching: number, total: number): number {
  return Math.log(1 + (total - matching + 0.5) / (matching + 0.5))
}

function revGeneration(rev: string | undefined): number {
  return rev ? Number.parseInt(rev, 10) || 0 : 0
}

/**
 * Returns a record's identifying words (ids, an email's local part), the words of its email
 * domains and its phone digits, each list as one text of words.
 */
function termsOf(type: EntityType, doc: RecordDoc): Record<TermColumn, string> {
  const identity: string[] = []
  const domain: string[] = []
  for (const field of TERM_FIELDS[type] ?? []) {
    const value = doc[field]
    if (value === undefined || value === null || value === '') continue
    const text = String(value)
    const at = field === 'email' ? text.lastIndexOf('@') : -1
    identity.push(...words(at < 0 ? text : text.slice(0, at)))
    if (at >= 0) domain.push(...words(text.slice(at + 1)))
  }
  return { identity: identity.join(' '), domain: domain.join(' '), phone: PHONE_TYPES.has(type) ? phoneDigitsOf(doc).join(' ') : '' }
}

/** Returns the digits of a record's phones without extension, such as "12091727124". */
function phoneDigitsOf(doc: RecordDoc): string[] {
  const phones = [doc.phone, doc.phone2].filter((phone): phone is string => typeof phone === 'string')
  return [...new Set(phones.map((phone) => phone.split(';')[0]!.replace(/\D/g, '')).filter((digits) => digits !== ''))]
}

/** JSON path of a top-level field, quoted so any field name is read as a name. */
function fieldPath(field: string): string {
  return `$."${field.replace(/["\\]/g, '\\$&')}"`
}

/** Quotes a word as an FTS5 string, which is matched as written and never read as query syntax. */
function ftsString(word: string): string {
  return `"${word.replace(/"/g, '""')}"`
}

/** Orders sort keys as the list does: records without the value last in both directions. */
function compareKeys(a: number | string | null, b: number | string | null): number {
  if (a === b) return 0
  if (a === null) return 1
  if (b === null) return -1
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1
  return a < b ? -1 : 1
}

/** Rebuilds a record's stored value of a field from what SQLite's JSON functions return. */
function storedValue(value: unknown, jsonType: string | null): unknown {
  if (jsonType === 'true') return true
  if (jsonType === 'false') return false
  if (jsonType === 'array' || jsonType === 'object') return JSON.parse(String(value))
  return value
}

/** Kinds of built-in fields, by type and field name. */
const FIELD_KINDS = new Map<EntityType, ReadonlyMap<string, FieldKind>>(
  ENTITY_TYPES.map((type) => [type, new Map(ENTITY_SCHEMAS[type].fields.map((field) => [field.name, field.kind]))]),
)

/** Field kinds whose values are always strings, so an `eq` filter on them can use an index. */
const NARROWING_KINDS: ReadonlySet<FieldKind | undefined> = new Set<FieldKind>(['text', 'longtext', 'email', 'phone', 'enum', 'ref', 'url', 'id', 'date', 'datetime', 'currency'])

/** Scores of one word's matches, by record number. */
type Scores = Map<number, number>

/** A map from string keys to record ids for lookups as large as the records, see `RecordIndex.keyMap`. */
export interface KeyMap {
  get(key: string): string | undefined
  /** Keeps the first id given for a key. */
  add(key: string, id: string): void
  drop(): void
}

/**
 * Index of every record for list, sort, filter and full-text search, kept in an SQLite file
 * next to the records database, so the edge's memory stays flat however many records it holds.
 * It is derived data: `load` brings it up to date from the records database's changes feed,
 * and a missing, foreign or outdated index file is rebuilt from it. Writes made while the edge
 * runs are applied at once and committed together at the end of each turn of the event loop.
 */
export class RecordIndex {
  private readonly sql: SQLite.Database
  private readonly statements = new Map<string, SQLite.Statement>()
  private readonly counts = new Map<EntityType, number>()
  private commitScheduled = false
  private keyMaps = 0
  /** Names of the sort indexes the file has. */
  private readonly sortIndexes = new Set<string>()

  /**
   * @param location the index file, or `:memory:` for an index that lives as long as the
   * process. A file SQLite cannot read, such as one damaged by a power cut, is replaced by an
   * empty one, which `load` fills.
   */
  constructor(location = ':memory:') {
    this.sql = openIndexFile(location)
    this.sql.pragma('synchronous = NORMAL')
    // The file contains personal data, so SQLite overwrites what a delete or update frees.
    // NOTE: words of a deleted record stay in full-text segments until a merge rewrites them.
    this.sql.pragma('secure_delete = ON')
    this.sql.pragma(`cache_size = -${CACHE_KIB}`)
    this.sql.pragma('temp_store = FILE')
    this.sql.function('sort_key', { deterministic: true }, (value: unknown) => sortKey(value))
    this.sql.function('filter_match', { deterministic: true }, (value: unknown, jsonType: unknown, op: unknown, expected: unknown) =>
      matchesFilter({ value: storedValue(value, jsonType as string | null) }, { field: 'value', op: op as Filter['op'], value: String(expected) }) ? 1 : 0,
    )
    // A new file has no tables yet, and its missing version leads to `createTables`.
    this.sql.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID')
    if (this.meta('version') !== SCHEMA_VERSION) this.createTables()
    for (const { name } of this.sql.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'sort\\_%' ESCAPE '\\'").all() as { name: string }[]) this.sortIndexes.add(name)
    for (const type of ENTITY_TYPES) this.counts.set(type, (this.statement('SELECT COUNT(*) AS n FROM records WHERE type = ?').get(type) as { n: number }).n)
  }

  private statement(text: string): SQLite.Statement {
    let statement = this.statements.get(text)
    if (!statement) {
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear()
      statement = this.sql.prepare(text)
      this.statements.set(text, statement)
    }
    return statement
  }

  private meta(key: string): string | undefined {
    return (this.statement('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value
  }

  private setMeta(key: string, value: string): void {
    this.beginWrite()
    this.statement('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value)
  }

  /** Drops every table and creates empty ones. */
  private createTables(): void {
    this.commit()
    this.statements.clear()
    this.sql.transaction(() => {
      // Dropping a full-text table drops its own tables with it, so they go first.
      for (const type of ENTITY_TYPES) this.sql.exec(`DROP TABLE IF EXISTS search_${type}_words; DROP TABLE IF EXISTS search_${type}; DROP TABLE IF EXISTS terms_${type}`)
      const tables = this.sql.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'").all() as { name: string }[]
      for (const { name } of tables) this.sql.exec(`DROP TABLE IF EXISTS "${name}"`)
      this.sql.exec(`
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE records (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, gen INTEGER NOT NULL, rev TEXT, doc TEXT NOT NULL);
        CREATE INDEX records_by_type ON records (type, id);
      `)
      for (const type of ENTITY_TYPES) {
        const columns = SEARCH_FIELDS[type].join(', ')
        this.sql.exec(`CREATE VIRTUAL TABLE search_${type} USING fts5(${columns}, content='', contentless_delete=1, detail=column, tokenize="${TOKENIZER} remove_diacritics 2")`)
        this.sql.exec(`CREATE VIRTUAL TABLE search_${type}_words USING fts5vocab(search_${type}, 'row')`)
        this.sql.exec(`CREATE VIRTUAL TABLE terms_${type} USING fts5(${TERM_COLUMNS.join(', ')}, content='', contentless_delete=1, detail=column, tokenize="${TOKENIZER} remove_diacritics 0")`)
      }
      this.sql.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('version', SCHEMA_VERSION)
    })()
    for (const type of ENTITY_TYPES) this.counts.set(type, 0)
    this.sortIndexes.clear()
  }

  /** Opens a write transaction that commits once the current turn of the event loop ends. */
  private beginWrite(): void {
    if (this.sql.inTransaction) return
    this.sql.exec('BEGIN')
    if (!this.commitScheduled) {
      this.commitScheduled = true
      setImmediate(() => this.commit())
    }
  }

  private commit(): void {
    this.commitScheduled = false
    if (this.sql.inTransaction && this.sql.open) this.sql.exec('COMMIT')
  }

  /**
   * Removes what deleted and overwritten records left in the index file. A delete marks a
   * record's words as deleted in its full-text table, but they stay in the table's segments
   * until a merge, so this merges every segment of the tables of `types` into one. SQLite zeroes
   * the pages that frees (`secure_delete`), and the checkpoint copies the write-ahead log into
   * the file and truncates the log, which still contains old pages.
   */
  scrub(types: readonly EntityType[]): void {
    this.commit()
    for (const type of types) {
      this.sql.exec(`INSERT INTO search_${type} (search_${type}) VALUES ('optimize')`)
      this.sql.exec(`INSERT INTO terms_${type} (terms_${type}) VALUES ('optimize')`)
    }
    this.sql.pragma('wal_checkpoint(TRUNCATE)')
  }

  /**
   * Brings the index up to date with the records database: applies every change since the
   * last one applied, or rebuilds the index when it was built for another database.
   */
  async load(db: Database): Promise<void> {
    const instance = await recordsInstance(db)
    if (this.meta('instance') !== instance) {
      this.createTables()
      this.setMeta('instance', instance)
    }
    let since = Number(this.meta('seq') ?? 0)
    if (since === 0) since = await this.build(db)
    const indexedRev = this.statement('SELECT rev FROM records WHERE id = ?')
    for (;;) {
      // The feed names each record's winning revision, so only records the index does not
      // hold at that revision are read.
      const page = await db.changes({ since, limit: CHANGES_PAGE })
      const stale: string[] = []
      for (const change of page.results) {
        if (change.id.startsWith('_design/')) continue
        if (change.deleted) this.removeId(change.id)
        else if ((indexedRev.get(change.id) as { rev: string | null } | undefined)?.rev !== change.changes[0]?.rev) stale.push(change.id)
      }
      if (stale.length > 0) {
        const read = await db.allDocs({ keys: stale, include_docs: true })
        for (const row of read.rows) {
          if ('doc' in row && row.doc) this.upsert(row.doc as unknown as RecordDoc)
          else this.removeId(row.key)
        }
      }
      if (page.results.length === 0) break
      since = Number(page.last_seq)
      this.setMeta('seq', String(since))
    }
    this.commit()
  }

  /**
   * Fills an empty index from a scan of every record, which reads far faster than the changes
   * feed. Returns the sequence read before the scan. Changes after it are replayed after the
   * scan, so a write made during the scan ends up in the index either way.
   */
  private async build(db: Database): Promise<number> {
    const upTo = Number((await db.info()).update_seq)
    let startkey: string | undefined
    for (;;) {
      const page = await db.allDocs({ include_docs: true, limit: CHANGES_PAGE + 1, startkey })
      for (const row of page.rows.slice(0, CHANGES_PAGE)) {
        if (row.doc && !row.id.startsWith('_design/')) this.upsert(row.doc as unknown as RecordDoc)
      }
      if (page.rows.length <= CHANGES_PAGE) break
      startkey = page.rows[CHANGES_PAGE]!.id
    }
    this.setMeta('seq', String(upTo))
    return upTo
  }

  /** Catches up with the records database and closes the index file. */
  async close(db: Database): Promise<void> {
    await this.load(db)
    this.sql.close()
  }

  /** Adds or replaces a record, ignoring a revision older than the one indexed. */
  upsert(doc: RecordDoc): void {
    if (!isEntityType(doc.type)) return
    const type = doc.type
    const generation = revGeneration(doc._rev)
    const indexed = this.statement('SELECT n, gen, rev FROM records WHERE id = ?').get(doc._id) as { n: number; gen: number; rev: string | null } | undefined
    // The changes feed replayed at start returns revisions the index already contains.
    if (indexed && (indexed.gen > generation || (doc._rev !== undefined && indexed.rev === doc._rev))) return

    this.beginWrite()
    let n: number
    if (indexed) {
      n = indexed.n
      this.statement('UPDATE records SET gen = ?, rev = ?, doc = ? WHERE n = ?').run(generation, doc._rev ?? null, JSON.stringify(doc), n)
      this.dropEntries(type, n)
    } else {
      n = Number(this.statement('INSERT INTO records (id, type, gen, rev, doc) VALUES (?, ?, ?, ?, ?)').run(doc._id, type, generation, doc._rev ?? null, JSON.stringify(doc)).lastInsertRowid)
      this.counts.set(type, this.count(type) + 1)
    }
    const fields = SEARCH_FIELDS[type]
    const values = fields.map((field) => {
      const value = doc[field]
      return value === undefined || value === null ? '' : String(value)
    })
    this.statement(`INSERT INTO search_${type} (rowid, ${fields.join(', ')}) VALUES (?${', ?'.repeat(fields.length)})`).run(n, ...values)
    const terms = termsOf(type, doc)
    if (terms.identity || terms.domain || terms.phone) {
      this.statement(`INSERT INTO terms_${type} (rowid, ${TERM_COLUMNS.join(', ')}) VALUES (?, ?, ?, ?)`).run(n, terms.identity, terms.domain, terms.phone)
    }
  }

  private dropEntries(type: EntityType, n: number): void {
    this.statement(`DELETE FROM search_${type} WHERE rowid = ?`).run(n)
    this.statement(`DELETE FROM terms_${type} WHERE rowid = ?`).run(n)
  }

  remove(type: EntityType, id: string): void {
    const indexed = this.statement('SELECT n FROM records WHERE id = ? AND type = ?').get(id, type) as { n: number } | undefined
    if (!indexed) return
    this.beginWrite()
    this.statement('DELETE FROM records WHERE n = ?').run(indexed.n)
    this.dropEntries(type, indexed.n)
    this.counts.set(type, this.count(type) - 1)
  }

  private removeId(id: string): void {
    const indexed = this.statement('SELECT type FROM records WHERE id = ?').get(id) as { type: EntityType } | undefined
    if (indexed) this.remove(indexed.type, id)
  }

  get(type: EntityType, id: string): RecordDoc | undefined {
    const row = this.statement('SELECT doc FROM records WHERE id = ? AND type = ?').get(id, type) as { doc: string } | undefined
    return row && (JSON.parse(row.doc) as RecordDoc)
  }

  count(type: EntityType): number {
    return this.counts.get(type) ?? 0
  }

  /** Every record of a type, read from the index file a page at a time. */
  *all(type: EntityType): IterableIterator<RecordDoc> {
    let after = ''
    for (;;) {
      const rows = this.statement('SELECT id, doc FROM records WHERE type = ? AND id > ? ORDER BY id LIMIT ?').all(type, after, READ_PAGE) as { id: string; doc: string }[]
      for (const row of rows) yield JSON.parse(row.doc) as RecordDoc
      if (rows.length < READ_PAGE) return
      after = rows[rows.length - 1]!.id
    }
  }

  /**
   * A map for lookups with one entry per record, such as an import's duplicate keys. It lives
   * in memory up to `memoryEntries` keys, then moves to a temporary table of the index file,
   * so it never keeps more than that many in memory. Call `drop` when done.
   */
  keyMap(memoryEntries = KEY_MAP_MEMORY_ENTRIES): KeyMap {
    let memory: Map<string, string> | undefined = new Map()
    const table = `temp.keys_${++this.keyMaps}`
    let get: SQLite.Statement | undefined
    let add: SQLite.Statement | undefined
    const spill = (entries: Map<string, string>) => {
      this.sql.exec(`CREATE TABLE ${table} (key TEXT PRIMARY KEY, id TEXT NOT NULL) WITHOUT ROWID`)
      get = this.sql.prepare(`SELECT id FROM ${table} WHERE key = ?`)
      add = this.sql.prepare(`INSERT INTO ${table} (key, id) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`)
      this.beginWrite()
      for (const [key, id] of entries) add.run(key, id)
    }
    return {
      get: (key) => (memory ? memory.get(key) : (get!.get(key) as { id: string } | undefined)?.id),
      add: (key, id) => {
        if (memory) {
          if (!memory.has(key)) memory.set(key, id)
          if (memory.size <= memoryEntries) return
          spill(memory)
          memory = undefined
          return
        }
        this.beginWrite()
        add!.run(key, id)
      },
      drop: () => {
        const spilled = memory === undefined
        memory = new Map()
        if (!spilled || !this.sql.open) return
        this.commit()
        this.sql.exec(`DROP TABLE IF EXISTS ${table}`)
      },
    }
  }

  /** Runs a list query: search, then filters, then sort, then the page. */
  query(type: EntityType, query: ListQuery): ListPage<RecordDoc> {
    if (query.q) return this.searchPage(type, query)

    const narrowing = this.equalityNarrowing(type, query.filters)
    const conditions = (narrowing?.condition ?? '') + query.filters.map(() => ' AND filter_match(json_extract(doc, ?), json_type(doc, ?), ?, ?) = 1').join('')
    const filterParams = [...(narrowing?.params ?? []), ...query.filters.flatMap((filter) => [fieldPath(filter.field), fieldPath(filter.field), filter.op, filter.value])]
    const sort = query.sort ?? '-_id'
    const direction = sort.startsWith('-') ? 'DESC' : 'ASC'
    const field = sort.replace(/^-/, '')
    // Types are a fixed set of names, written into the text so partial indexes apply.
    const where = `FROM records${narrowing ? ` INDEXED BY ${narrowing.name}` : ''} WHERE type = '${type}'${conditions}`
    const total = conditions === '' ? this.count(type) : (this.statement(`SELECT COUNT(*) AS n ${where}`).get(...filterParams) as { n: number }).n
    const page = (text: string, limit: number, offset: number) => this.statement(text).all(...filterParams, limit, offset) as { doc: string }[]

    let rows: { doc: string }[]
    if (field === '_id') {
      rows = page(`SELECT doc ${where} ORDER BY id ${direction} LIMIT ? OFFSET ?`, query.limit, query.offset)
    } else {
      // Records without the value come last in both directions, so the page is read from the
      // sorted records with a value, then from those without, each in the order of an index.
      // With a narrowing filter, its index finds the few matching records, which are then sorted.
      const { key, name } = this.sortIndex(type, field)
      const sorted = narrowing ? where : `FROM records INDEXED BY ${name} WHERE type = '${type}'${conditions}`
      const withValue = `${sorted} AND ${key} IS NOT NULL`
      rows = page(`SELECT doc ${withValue} ORDER BY ${key} ${direction}, id ${direction} LIMIT ? OFFSET ?`, query.limit, query.offset)
      if (rows.length < query.limit) {
        const valued = rows.length > 0 ? query.offset + rows.length : (this.statement(`SELECT COUNT(*) AS n ${withValue}`).get(...filterParams) as { n: number }).n
        const offset = Math.max(0, query.offset - valued)
        rows.push(...page(`SELECT doc ${sorted} AND ${key} IS NULL ORDER BY id ${direction} LIMIT ? OFFSET ?`, query.limit - rows.length, offset))
      }
    }
    return { items: rows.map((row) => JSON.parse(row.doc) as RecordDoc), total, limit: query.limit, offset: query.offset }
  }

  /**
   * Returns a condition that finds the records an `eq` filter on a text field may match through
   * the field's sort index, or undefined when no filter qualifies. Records whose lower-cased
   * values are equal have equal sort keys, and the condition also admits the numbers and
   * booleans that the filter treats as equal. It only narrows the records that `filter_match`
   * then checks, so an own-scope user's list reads their own records, not every record.
   */
  private equalityNarrowing(type: EntityType, filters: readonly Filter[]): { name: string; condition: string; params: (string | number)[] } | undefined {
    const kinds = FIELD_KINDS.get(type)!
    const filter = filters.find((candidate) => candidate.op === 'eq' && candidate.value.trim() !== '' && NARROWING_KINDS.has(kinds.get(candidate.field)!))
    if (!filter) return undefined

    const params: (string | number)[] = [sortKey(filter.value)!]
    const number = Number(filter.value)
    if (Number.isFinite(number)) params.push(number)
    const lower = filter.value.trim().toLowerCase()
    if (lower === 'true' || lower === 'false') params.push(lower === 'true' ? 1 : 0)
    const { key, name } = this.sortIndex(type, filter.field)
    return { name, condition: ` AND ${key} IN (${params.map(() => '?').join(', ')})`, params }
  }

  /**
   * Returns the SQL of a field's sort key, first making sure an index of the type's records by
   * that key exists. Indexes are made the first time a list is sorted by the field, so writes
   * pay only for the sort orders users ask for. Changing `sortKey` needs a new `SCHEMA_VERSION`.
   */
  private sortIndex(type: EntityType, field: string): { key: string; name: string } {
    const key = `sort_key(json_extract(doc, '${fieldPath(field).replace(/'/g, "''")}'))`
    const name = `sort_${type}_${createHash('sha256').update(field).digest('hex').slice(0, 16)}`
    if (!this.sortIndexes.has(name)) {
      this.commit()
      this.sql.exec(`CREATE INDEX IF NOT EXISTS ${name} ON records (${key}, id) WHERE type = '${type}'`)
      this.sortIndexes.add(name)
    }
    return { key, name }
  }

  private searchPage(type: EntityType, query: ListQuery): ListPage<RecordDoc> {
    let ids = this.search(type, query.q!)
    if (query.sort) {
      const field = query.sort.replace(/^-/, '')
      const descending = query.sort.startsWith('-')
      const read = this.statement('SELECT sort_key(json_extract(doc, ?)) AS k FROM records WHERE id = ?')
      const keys = new Map(ids.map((id) => [id, field === '_id' ? id : ((read.get(fieldPath(field), id) as { k: number | string | null } | undefined)?.k ?? null)]))
      ids = [...ids].sort((a, b) => {
        const aKey = keys.get(a)!
        const bKey = keys.get(b)!
        if ((aKey === null) !== (bKey === null)) return aKey === null ? 1 : -1
        const order = compareKeys(aKey, bKey) || (a < b ? -1 : 1)
        return descending ? -order : order
      })
    }
    if (query.filters.length === 0) {
      const items = ids.slice(query.offset, query.offset + query.limit).flatMap((id) => this.get(type, id) ?? [])
      return { items, total: ids.length, limit: query.limit, offset: query.offset }
    }
    const matching: RecordDoc[] = []
    for (const id of ids) {
      const doc = this.get(type, id)
      if (doc && query.filters.every((filter) => matchesFilter(doc, filter))) matching.push(doc)
    }
    return { items: matching.slice(query.offset, query.offset + query.limit), total: matching.length, limit: query.limit, offset: query.offset }
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
    const phoneHits = this.idsOf([...this.searchPhones(type, text)]).sort()
    const phoneIds = new Set(phoneHits)
    return [...phoneHits, ...this.searchWords(type, text).filter((id) => !phoneIds.has(id))]
  }

  private searchPhones(type: EntityType, query: string): Set<number> {
    const found = new Set<number>()
    // An extension ("x3651", "ext. 3651") is not part of the stored digits, and "(0)" marks a
    // trunk prefix that is left out after the calling code, as in "+44 (0)20 7946 0958".
    const text = query.replace(PHONE_EXTENSION, '').replace('(0)', '')
    const digits = text.replace(/\D/g, '')
    if (!PHONE_TYPES.has(type) || !PHONE_QUERY.test(text) || digits.length < MIN_PHONE_QUERY_DIGITS) return found

    const lookup = (prefix: string) => {
      for (const n of this.lookupTerms(type, 'phone', prefix).keys()) found.add(n)
    }
    const international = text.trim().startsWith('+') || digits.startsWith('00')
    lookup(digits.replace(/^00/, ''))
    // 011 is the international prefix in North America, as in "011 44 20 7946 0958". Elsewhere
    // it can begin a national number, such as Sapporo's 011, so both readings are looked up.
    if (digits.startsWith('011')) lookup(digits.slice(3))
    if (!international) {
      // A national number may start with a trunk prefix 0, as in "020 7946 0000" for +44 20 7946 0000.
      const national = digits.replace(/^0/, '')
      for (const code of CALLING_CODES) lookup(code + national)
    }
    return found
  }

  /** Returns each record with a term of the kind that starts with `prefix`, and whether one equals it. */
  private lookupTerms(type: EntityType, column: TermColumn, prefix: string): Map<number, boolean> {
    const found = new Map<number, boolean>()
    const match = this.statement(`SELECT rowid AS n FROM terms_${type} WHERE terms_${type} MATCH ?`)
    for (const { n } of match.all(`{${column}} : ${ftsString(prefix)} *`) as { n: number }[]) found.set(n, false)
    if (found.size > 0) for (const { n } of match.all(`{${column}} : ${ftsString(prefix)}`) as { n: number }[]) found.set(n, true)
    return found
  }

  private searchWords(type: EntityType, text: string): string[] {
    let scores: Scores | undefined
    for (const word of new Set(words(text))) {
      const wordScores = this.wordScores(type, word)
      if (scores) {
        for (const [n, score] of scores) {
          const more = wordScores.get(n)
          if (more === undefined) scores.delete(n)
          else scores.set(n, score + more)
        }
      } else {
        scores = wordScores
      }
      if (scores.size === 0) break
    }
    if (!scores || scores.size === 0) return []
    // Equal scores keep id order, so a list does not reshuffle between requests.
    const ids = this.idsOf([...scores.keys()])
    const ranked = [...scores.values()].map((score, position) => ({ score, id: ids[position]! }))
    ranked.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    return ranked.map(({ id }) => id)
  }

  private idsOf(numbers: readonly number[]): string[] {
    const read = this.statement('SELECT id FROM records WHERE n = ?')
    return numbers.map((n) => (read.get(n) as { id: string }).id)
  }

  /** Scores every record one query word matches, summed over the ways it matches. */
  private wordScores(type: EntityType, word: string): Scores {
    const scores: Scores = new Map()
    const total = Math.max(this.count(type), 1)
    const add = (hits: Map<number, number>, weight: number) => {
      if (hits.size === 0) return
      const idf = inverseFrequency(hits.size, total)
      for (const [n, fieldWeight] of hits) scores.set(n, (scores.get(n) ?? 0) + fieldWeight * weight * idf)
    }

    // The tokenizer folds the word as it folded the indexed text. Typos are found by comparing
    // the folded word with the table's folded vocabulary.
    const exact = this.fieldMatches(type, ftsString(word))
    add(exact, 1)
    const prefixOnly = this.fieldMatches(type, `${ftsString(word)} *`)
    for (const n of exact.keys()) prefixOnly.delete(n)
    add(prefixOnly, PREFIX_WEIGHT)
    const folded = foldText(word)
    if (folded.length >= MIN_FUZZY_LENGTH) {
      const maxTypos = Math.round(folded.length * FUZZY_SHARE)
      for (const { term } of this.statement(`SELECT term FROM search_${type}_words WHERE length(term) BETWEEN ? AND ?`).all(folded.length - maxTypos, folded.length + maxTypos) as { term: string }[]) {
        if (term.startsWith(folded)) continue
        const typos = editDistance(folded, term, maxTypos)
        if (typos > maxTypos) continue
        const fuzzy = this.fieldMatches(type, ftsString(term))
        for (const n of scores.keys()) fuzzy.delete(n)
        add(fuzzy, (FUZZY_WEIGHT * folded.length) / (folded.length + 0.3 * typos))
      }
    }

    const addTerms = (hits: Map<number, boolean>, weight: number) => {
      const exactHits = new Map<number, number>()
      const prefixHits = new Map<number, number>()
      for (const [n, isExact] of hits) (isExact ? exactHits : prefixHits).set(n, weight)
      add(exactHits, 1)
      add(prefixHits, PREFIX_WEIGHT)
    }
    addTerms(this.lookupTerms(type, 'identity', word), IDENTITY_WEIGHT)
    addTerms(this.lookupTerms(type, 'domain', word), DOMAIN_WEIGHT)
    return scores
  }

  /**
   * Returns each record the FTS5 query matches in a ranked field, with the weight of the
   * fields it matches in: name fields weigh `NAME_WEIGHT`, others 1, and both add up.
   */
  private fieldMatches(type: EntityType, match: string): Map<number, number> {
    const names = NAME_FIELDS[type]
    const others = SEARCH_FIELDS[type].filter((field) => !names.includes(field))
    const found = new Map<number, number>()
    for (const [fields, weight] of [[names, NAME_WEIGHT], [others, 1]] as const) {
      if (fields.length === 0) continue
      const columns = fields.join(' ')
      const rows = this.statement(`SELECT rowid AS n FROM search_${type} WHERE search_${type} MATCH ?`).all(`{${columns}} : ${match}`) as { n: number }[]
      for (const { n } of rows) found.set(n, (found.get(n) ?? 0) + weight)
    }
    return found
  }

  /** Returns the display title of a record, such as "Ada Lovelace" or "Acme Corporation". */
  static titleOf(doc: RecordDoc): string {
    if (!isEntityType(doc.type)) return doc._id
    const parts = ENTITY_SCHEMAS[doc.type].titleFields.map((field) => doc[field]).filter(Boolean)
    return parts.length > 0 ? parts.join(' ') : doc._id
  }
}

const UNREADABLE_FILE_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB'])

function openIndexFile(location: string): SQLite.Database {
  const sql = new SQLite(location)
  // The file contains personal data; SQLite gives its journal files the same mode.
  if (location !== ':memory:') fs.chmodSync(location, 0o600)
  try {
    if (location !== ':memory:') sql.pragma('journal_mode = WAL')
    sql.prepare('SELECT COUNT(*) FROM sqlite_master').get()
    return sql
  } catch (error) {
    sql.close()
    if (!UNREADABLE_FILE_CODES.has((error as { code?: string }).code ?? '')) throw error
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(location + suffix, { force: true })
    const fresh = new SQLite(location)
    fs.chmodSync(location, 0o600)
    fresh.pragma('journal_mode = WAL')
    return fresh
  }
}

/** Returns the records database's instance id, which an index file built from it records. */
async function recordsInstance(db: Database): Promise<string> {
  try {
    return ((await db.get(INSTANCE_DOC)) as unknown as { instance: string }).instance
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error
    const instance = randomUUID()
    await db.put({ _id: INSTANCE_DOC, instance } as never)
    return instance
  }
}

/** Returns where the index of a records database lives: a file beside its LevelDB folder. */
export function indexLocation(db: Database): string {
  return (db as { adapter?: string }).adapter === 'leveldb' ? `${db.name}.index.sqlite` : ':memory:'
}
