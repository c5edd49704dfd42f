import path from 'node:path'
import { ConfigError } from '@enclave/shared/config'
import type { CloudConfig } from '../config'
import { createCouchStorage } from './couchdb'
import { createEmbeddedStorage } from './embedded'
import type { Storage } from './types'

/** Removes the credentials from a CouchDB URL so that logs and messages can show it. */
function withoutCredentials(url: string): string {
  const parsed = new URL(url)
  parsed.username = ''
  parsed.password = ''
  return parsed.origin + parsed.pathname.replace(/\/$/, '')
}

/**
 * Opens CouchDB when `COUCHDB_URL` is set, else the embedded store in `<dataDir>/db`. A CouchDB
 * that cannot be reached or rejects the credentials stops the start with a ConfigError.
 */
export async function openStorage(config: CloudConfig): Promise<Storage> {
  if (!config.couchdbUrl) return createEmbeddedStorage(path.join(config.dataDir, 'db'))

  const storage = createCouchStorage(config.couchdbUrl)
  try {
    await storage.listDatabases()
  } catch (error) {
    let reason = String(error)
    if (error instanceof Error) reason = error.cause instanceof Error ? error.cause.message : error.message
    throw new ConfigError('COUCHDB_URL', `points to ${withoutCredentials(config.couchdbUrl)}, and the request to list its databases failed (${reason}); check the URL, the credentials and that CouchDB 3 is running`)
  }
  return storage
}
