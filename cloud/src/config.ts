import path from 'node:path'
import { ConfigError, parseHttpUrl, parsePort } from '@enclave/shared/config'
import { parseTrustedProxies } from '@enclave/shared/node/auth/client-address'

export interface CloudConfig {
  port: number
  host: string
  dataDir: string
  /** CouchDB base URL, credentials allowed; without it the cloud stores data embedded. */
  couchdbUrl?: string
  /** Folder of the built web UI; not served when missing. */
  webDir?: string
  /** Addresses and CIDR ranges of reverse proxies whose X-Forwarded-For names the client; none when empty or unset. */
  trustedProxies?: string[]
}

/** Reads the cloud configuration from environment variables. */
export function readCloudConfig(env: NodeJS.ProcessEnv = process.env): CloudConfig {
  return {
    port: parsePort('CLOUD_PORT', env.CLOUD_PORT, 4200),
    host: env.CLOUD_HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.CLOUD_DATA_DIR ?? '.data/cloud'),
    couchdbUrl: parseHttpUrl('COUCHDB_URL', env.COUCHDB_URL),
    webDir: env.WEB_DIR,
    trustedProxies: parseTrustedProxies('TRUSTED_PROXIES', env.TRUSTED_PROXIES),
  }
}

export { ConfigError }
