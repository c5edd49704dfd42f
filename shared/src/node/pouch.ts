import PouchDB from 'pouchdb-core'
import LevelAdapter from 'pouchdb-adapter-leveldb'
import HttpAdapter from 'pouchdb-adapter-http'
import Replication from 'pouchdb-replication'
import Find from 'pouchdb-find'
import MapReduce from 'pouchdb-mapreduce'
import fs from 'node:fs'
import path from 'node:path'

PouchDB.plugin(LevelAdapter).plugin(HttpAdapter).plugin(Replication).plugin(Find).plugin(MapReduce)

export { PouchDB }
export type Database<T extends object = Record<string, unknown>> = PouchDB.Database<T>

/** Opens (creating if needed) a LevelDB-backed database named `name` inside `dataDir`. */
export function openDatabase<T extends object = Record<string, unknown>>(
  dataDir: string,
  name: string,
): PouchDB.Database<T> {
  fs.mkdirSync(dataDir, { recursive: true })
  return new PouchDB<T>(path.join(dataDir, name), { adapter: 'leveldb' })
}
