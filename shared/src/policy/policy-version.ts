import type { PolicyChange } from './diff-policy'
import type { ResidencyPolicy } from './types'

/** One saved policy version as the history lists it (`GET /api/policy/versions`). */
export interface PolicyVersionSummary {
  version: number
  createdAt: string
  author: string
  note?: string
  /** The version this one copies, when it was made by a restore. */
  restoredFrom?: number
  /** Differences from the version before it. */
  changes: PolicyChange[]
}

/** One saved policy version with the policy itself (`GET /api/policy/versions/:version`). */
export interface PolicyVersion extends PolicyVersionSummary {
  policy: ResidencyPolicy
}
