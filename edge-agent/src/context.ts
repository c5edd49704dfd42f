import type { HybridClock } from '@enclave/shared'
import type { AuthService } from '@enclave/shared/node/auth/index'
import type { AuditLog } from './audit/audit-log'
import type { CampaignService } from './campaigns/campaign-service'
import type { EdgeConfig } from './config'
import type { Logger } from './log'
import type { PolicyStore } from './policy/policy-store'
import type { PolicyVersions } from './policy/policy-versions'
import type { ResidencyEnforcer } from './policy/residency-enforcer'
import type { RecordStore } from './records/record-store'
import type { EdgeSecrets } from './secrets'
import type { CloudErasure } from './subject/cloud-erasure'
import type { SyncService } from './sync/sync-service'
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
  /** Saved residency policy versions with author, time and diff. */
  policyVersions: PolicyVersions
  /** Accounts, sessions, login limits and first-admin setup. */
  auth: AuthService
  /** Append-only, hash-chained audit log; `audit.append(...)` records an event. */
  audit: AuditLog
  /** Projector, merger and replicator; set once the sync worker has started. */
  sync?: SyncService
  /** Cloud purge after stricter policies and residency attestations; set once started. */
  residency?: ResidencyEnforcer
  /** Campaign launches, members and progress; set once started. */
  campaigns?: CampaignService
  /** Removal of erased documents from the cloud; set once started. */
  cloudErasure?: CloudErasure
}
