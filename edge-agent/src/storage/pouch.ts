import { compactDatabase, openDatabase, PouchDB, type Database } from '@enclave/shared/node/pouch'

export { compactDatabase, openDatabase, PouchDB, type Database }

/** The edge's databases. */
export interface EdgeDatabases {
  /** System of record: every customer record, personal data included. */
  records: PouchDB.Database
  /** Projected documents, replicated with the cloud. */
  outbox: PouchDB.Database
  /** Users, policy versions, import batches, settings, checkpoints. */
  meta: PouchDB.Database
  /** Append-only, hash-chained audit log. */
  audit: PouchDB.Database
}

export function openEdgeDatabases(dataDir: string): EdgeDatabases {
  return {
    records: openDatabase(dataDir, 'records'),
    outbox: openDatabase(dataDir, 'outbox'),
    meta: openDatabase(dataDir, 'meta'),
    audit: openDatabase(dataDir, 'audit'),
  }
}

export async function closeEdgeDatabases(databases: EdgeDatabases): Promise<void> {
  await Promise.all(Object.values(databases).map((db) => db.close()))
}

/** Writes a `_local` document (a checkpoint, say) over whatever revision it has, creating it when missing. */
export async function putLocalDocument(db: Database, id: string, fields: Record<string, unknown>): Promise<void> {
  let rev: string | undefined
  try {
    rev = ((await db.get(id)) as { _rev: string })._rev
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error
  }
  await db.put({ ...fields, _id: id, _rev: rev } as never)
}
