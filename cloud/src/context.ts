import type { HybridClock } from '@enclave/shared'
import type { AuthService } from '@enclave/shared/node/auth/index'
import type { Logger } from '@enclave/shared/node/log'
import type { CloudConfig } from './config'
import type { SiteRegistry } from './sites/site-registry'
import type { Storage } from './storage/types'

/** A request the sync gateway received, as passed to the test hook. */
export interface SyncRequestRecord {
  siteId: string
  method: string
  /** Path and query string. */
  url: string
  /** Raw body text; empty for requests without a body. */
  body: string
}

/** Options that tests use to observe the running cloud. */
export interface CloudHooks {
  /** Called with every request the sync gateway receives, before authentication. */
  onSyncRequestBody?: (request: SyncRequestRecord) => void
}

/** Everything the cloud's routes share; built once at start. */
export interface CloudContext {
  config: CloudConfig
  version: string
  logger: Logger
  storage: Storage
  sites: SiteRegistry
  /** Stamps edits made in the cloud; node id `cloud`. */
  clock: HybridClock
  hooks: CloudHooks
  /** Aborted when the cloud stops, so long polls return at once. */
  shutdown: AbortSignal
  /** Cloud accounts, sessions, login limits and first-admin setup. */
  auth: AuthService
}
