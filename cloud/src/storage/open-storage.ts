import path from 'node:path'
import { ConfigError } from '@enclave/shared/config'
import type { CloudConfig } from '../config'
import { createCouchStorage } from './couchdb'
import { createEmbeddedStorage } from './embedded'
import type { Storage } from './types'

/** The CouchDB URL as logs and messages may show it: without its credentials. */
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
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)
    throw new ConfigError('COUCHDB_URL', `points to ${withoutCredentials(config.couchdbUrl)}, which failed to answer (${reason}); check the URL, the credentials and that CouchDB 3 is running`)
  }
  return storage
}
