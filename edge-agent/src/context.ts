import type { HybridClock } from '@enclave/shared'
import type { EdgeConfig } from './config'
import type { Logger } from './log'
import type { PolicyStore } from './policy/policy-store'
import type { RecordStore } from './records/record-store'
import type { EdgeSecrets } from './secrets'
import type { EdgeDatabases } from './storage/pouch'

/** Everything the edge's routes and background workers share; built once at start. */
export interface EdgeContext {
  config: EdgeConfig
  version: string
  databases: EdgeDatabases
  secrets: EdgeSecrets
  clock: HybridClock
  logger: Logger
  store: RecordStore
  policies: PolicyStore
}
