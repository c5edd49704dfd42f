import path from 'node:path'
import { ConfigError, parseHttpUrl, parsePort } from '@enclave/shared/config'
import { parseTrustedProxies } from '@enclave/shared/node/auth/client-address'
import { parseHeapGrowthPercent } from './heap'

export { ConfigError }

export interface EdgeConfig {
  port: number
  host: string
  dataDir: string
  /** Base URL of the cloud; without it the edge runs alone and nothing leaves the site. */
  cloudUrl?: string
  siteId: string
  /** Folder of the built web UI; not served when missing. */
  webDir?: string
  /** Heap growth after each full garbage collection, in percent of the live heap; 0 is V8's default. */
  heapGrowthPercent: number
  /** Addresses and CIDR ranges of reverse proxies whose X-Forwarded-For names the client; none when empty or unset. */
  trustedProxies?: string[]
}

const SITE_ID = /^[a-z][a-z0-9-]{1,62}$/

/** Reads the edge configuration from environment variables. */
export function readEdgeConfig(env: NodeJS.ProcessEnv = process.env): EdgeConfig {
  const siteId = env.SITE_ID ?? 'site-1'
  if (!SITE_ID.test(siteId)) {
    throw new ConfigError(
      'SITE_ID',
      `is '${siteId}'; use 2 to 63 lower-case letters, digits and dashes, starting with a letter`,
    )
  }

  return {
    port: parsePort('EDGE_PORT', env.EDGE_PORT, 4100),
    host: env.EDGE_HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.EDGE_DATA_DIR ?? '.data/edge'),
    cloudUrl: parseHttpUrl('CLOUD_URL', env.CLOUD_URL),
    siteId,
    webDir: env.WEB_DIR,
    heapGrowthPercent: parseHeapGrowthPercent(env.EDGE_HEAP_GROWTH_PERCENT),
    trustedProxies: parseTrustedProxies('TRUSTED_PROXIES', env.TRUSTED_PROXIES),
  }
}
