import PouchDB from 'pouchdb-core'
import LevelAdapter from 'pouchdb-adapter-leveldb'
import HttpAdapter from 'pouchdb-adapter-http'
import Replication from 'pouchdb-replication'
import Find from 'pouchdb-find'
import MapReduce from 'pouchdb-mapreduce'
import leveldown from 'leveldown'
import fs from 'node:fs'
import path from 'node:path'

PouchDB.plugin(LevelAdapter).plugin(HttpAdapter).plugin(Replication).plugin(Find).plugin(MapReduce)

export { PouchDB }
export type Database<T extends object = Record<string, unknown>> = PouchDB.Database<T>

/** The LevelDB store under each open database, by the database's name (its folder). */
const levelStores = new Map<string, ReturnType<typeof leveldown>>()

/**
 * Creates the LevelDB store of a database, as the `db` option of the PouchDB LevelDB adapter
 * lets a caller do, and keeps it so that `compactDatabase` can reach LevelDB's own compaction,
 * which PouchDB does not expose.
 */
function trackedLeveldown(location: string): ReturnType<typeof leveldown> {
  const store = leveldown(location)
  levelStores.set(location, store)
  return store
}
// The adapter deletes a destroyed database's folder through the factory's `destroy`.
trackedLeveldown.destroy = (location: string, callback: (error?: Error) => void) => {
  levelStores.delete(location)
  leveldown.destroy(location, callback)
}

/** Opens (creating if needed) a LevelDB-backed database named `name` inside `dataDir`. */
export function openDatabase<T extends object = Record<string, unknown>>(
  dataDir: string,
  name: string,
): PouchDB.Database<T> {
  fs.mkdirSync(dataDir, { recursive: true })
  return new PouchDB<T>(path.join(dataDir, name), { adapter: 'leveldb', db: trackedLeveldown } as PouchDB.Configuration.DatabaseConfiguration)
}

/** A key before every key PouchDB writes, whose stores prefix keys with `ÿ` (0xC3 0xBF in UTF-8). */
const FIRST_KEY = Buffer.from([0x00])
/** A key after every key PouchDB writes. */
const LAST_KEY = Buffer.alloc(8, 0xff)

type LevelStore = ReturnType<typeof leveldown>

function callStore(run: (callback: (error?: Error) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => run((error) => (error ? reject(error) : resolve())))
}

/**
 * Writes and deletes a key at each end of the key space, then compacts every key. LevelDB
 * (1.23, as leveldown 6 bundles it) rewrites a level only when it compacts the level above into
 * it. Its first compaction may move the memory table straight to level 2 without dropping
 * anything, and a later one then finds nothing above level 2 to merge. The two short-lived keys
 * make a new table that spans every key, so the compaction merges it with every table below.
 */
async function compactEveryKey(store: LevelStore): Promise<void> {
  const operations = [FIRST_KEY, LAST_KEY].flatMap((key) => [
    { type: 'put' as const, key, value: Buffer.alloc(0) },
    { type: 'del' as const, key },
  ])
  await callStore((callback) => store.batch(operations, callback))
  await callStore((callback) => store.compactRange(FIRST_KEY, LAST_KEY, callback))
}

/**
 * Removes the bytes of deleted documents and old revisions from a database's files. PouchDB's
 * `compact()` drops the bodies of non-leaf revisions from what it can read, but LevelDB keeps
 * overwritten and deleted values in its log and table files until it compacts them. This then
 * has LevelDB compact every key twice: the first writes the memory table and the old log to a
 * table file, the second merges all tables without the dropped values. LevelDB deletes the
 * files it no longer needs.
 *
 * NOTE: the second compaction merges each level into the next in key ranges of about 2 MB. A
 * table of the deepest level whose keys fall wholly between two such ranges is not rewritten,
 * so in a large database some dropped values can stay on disk until LevelDB compacts that
 * table on its own. The erasure test checks a small database only.
 */
export async function compactDatabase(db: Database): Promise<void> {
  await db.compact()
  const store = levelStores.get(db.name)
  if (!store) return
  await compactEveryKey(store)
  await compactEveryKey(store)
}
