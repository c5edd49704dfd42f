import { ApiError } from '@enclave/shared'
import type { SessionUser } from '@enclave/shared/node/auth/index'
import type { BatchDoc } from './batch-doc'

/** The signed-in user an import step acts for. */
export type ImportUser = Pick<SessionUser, 'id' | 'recordScope'>

/**
 * Origin of an import step: the actor for the audit log, the client address, and the signed-in
 * user whose record scope applies. The command line has no user and reaches every batch.
 */
export interface ImportOrigin {
  actor: string
  address?: string
  user?: ImportUser
}

/** Tells whether `user` may see and act on `batch`: own-scope users reach only their own batches. */
export function canReachBatch(batch: BatchDoc, user: ImportUser | undefined): boolean {
  return user?.recordScope !== 'own' || batch.createdBy === user.id
}

/** Creates the 404 for a batch that does not exist or that the user may not reach. */
export function batchNotFound(batchId: string): ApiError {
  return new ApiError(404, 'not_found', `no import batch has the id '${batchId}'`).withParams({ resource: 'import_batch', id: batchId })
}
