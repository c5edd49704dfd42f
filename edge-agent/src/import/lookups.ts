import type { EntityType, RecordDoc } from '@enclave/shared'
import { dedupeKeyOf, nameMatchKey } from '@enclave/shared/import/index'
import type { KeyMap } from '../records/record-index'
import type { RecordStore } from '../records/record-store'

/**
 * The maps an import consults for every row: dedupe keys to record ids, company names to
 * company ids, and agent names to their first spelling. Built from the record index at the
 * start of a run and extended with every record the run creates. The dedupe keys, one or more
 * per record, move from memory to the index file past 200,000 keys (`RecordIndex.keyMap`), so
 * memory stays flat for a run against a million records. Call `close` when the run ends.
 */
export class ImportLookups {
  readonly companies = new Map<string, string>()
  private readonly agents = new Map<string, string>()

  constructor(
    private readonly type: EntityType,
    private readonly dedupeKeys: readonly (readonly string[])[],
    private readonly byKey: KeyMap,
  ) {}

  /**
   * Builds the maps from the record index. With `ownerId`, only records and companies of that
   * owner are candidates, so a row never matches or links to a record its importer may not see.
   * A rejected row then also does not tell the importer whether another owner's company exists.
   */
  static build(store: RecordStore, type: EntityType, dedupeKeys: readonly (readonly string[])[], ownerId?: string): ImportLookups {
    const lookups = new ImportLookups(type, dedupeKeys, store.index.keyMap())
    for (const doc of store.index.all(type)) {
      if (ownerId === undefined || doc.ownerId === ownerId) lookups.addRecord(doc)
    }
    for (const company of store.index.all('company')) {
      if (ownerId === undefined || company.ownerId === ownerId) lookups.addCompany(String(company.name ?? ''), company._id)
    }
    if (type === 'deal') {
      for (const deal of store.index.all('deal')) {
        if (typeof deal.agent === 'string') lookups.canonicalAgent(deal.agent)
      }
    }
    return lookups
  }

  /** Registers a record under each of its dedupe keys; an earlier record keeps a key. */
  addRecord(doc: Readonly<Record<string, unknown>> & { _id: string }): void {
    this.dedupeKeys.forEach((key, position) => {
      const value = dedupeKeyOf(doc, key)
      if (value === undefined) return
      this.byKey.add(`${position}\u0002${value}`, doc._id)
    })
    if (this.type === 'company' && typeof doc.name === 'string') this.addCompany(doc.name, doc._id)
  }

  /** Finds the record that shares a dedupe key with `values`, trying keys in order. */
  findDuplicate(values: Readonly<Record<string, unknown>>): string | undefined {
    for (let position = 0; position < this.dedupeKeys.length; position++) {
      const value = dedupeKeyOf(values, this.dedupeKeys[position]!)
      if (value === undefined) continue
      const id = this.byKey.get(`${position}\u0002${value}`)
      if (id) return id
    }
    return undefined
  }

  /** Drops the dedupe keys' table. */
  close(): void {
    this.byKey.drop()
  }

  addCompany(name: string, id: string): void {
    const key = nameMatchKey(name)
    if (key && !this.companies.has(key)) this.companies.set(key, id)
  }

  findCompany(name: string): string | undefined {
    return this.companies.get(nameMatchKey(name))
  }

  /** Returns the spelling of an agent's name seen first, so `moses  FRASE` files under `Moses Frase`. */
  canonicalAgent(name: string): string {
    const key = nameMatchKey(name)
    const known = this.agents.get(key)
    if (known) return known
    this.agents.set(key, name)
    return name
  }
}

/** Values of a record that differ from `values`, for `update` (overwrite) or `merge` (fill empty fields only). */
export function changedFields(current: RecordDoc, values: Readonly<Record<string, unknown>>, mode: 'update' | 'merge'): Record<string, unknown> {
  const patch: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(values)) {
    const existing = current[name]
    const empty = existing === undefined || existing === null || existing === ''
    if (mode === 'merge' && !empty) continue
    if (JSON.stringify(existing) !== JSON.stringify(value)) patch[name] = value
  }
  return patch
}
