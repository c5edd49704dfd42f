import path from 'node:path'
import type { CloudConfig } from '../config'
import { createCouchStorage } from './couchdb'
import { createEmbeddedStorage } from './embedded'
import type { Storage } from './types'

/** Opens CouchDB when `COUCHDB_URL` is set, else the embedded store in `<dataDir>/db`. */
export function openStorage(config: CloudConfig): Storage {
  if (config.couchdbUrl) return createCouchStorage(config.couchdbUrl)
  return createEmbeddedStorage(path.join(config.dataDir, 'db'))
}
