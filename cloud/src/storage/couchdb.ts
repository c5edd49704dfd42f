import type { Storage } from './types'

/** TODO: the CouchDB backend is not written yet; COUCHDB_URL stops the cloud at start. */
export function createCouchStorage(url: string): Storage {
  throw new Error(`COUCHDB_URL is set to a CouchDB server, but this build has no CouchDB backend yet; unset COUCHDB_URL (${new URL(url).host})`)
}
