import type { UserDoc } from '@enclave/shared/node/auth/index'
import type { BatchView } from './import-service'

/** Prefix of user account ids. Other `createdBy` values are actors such as `cli` or `system`. */
const USER_ID_PREFIX = 'user:'

/** Fields that name the user in a batch's `createdBy`, for roles that may not list users. */
export interface BatchStarter {
  /** Display name of the account, or its user name when the display name is empty. */
  createdByName?: string
  /** Present when `createdBy` is a user id whose account no longer exists. */
  createdByDeleted?: true
}

/**
 * Adds the name of the user who started `batch`. A batch started from the command line or by
 * the edge itself gets neither field, so clients show its actor as it is.
 */
export function nameStarter<T extends Pick<BatchView, 'createdBy'>>(batch: T, findUser: (id: string) => UserDoc | undefined): T & BatchStarter {
  const user = findUser(batch.createdBy)
  if (user) return { ...batch, createdByName: user.displayName?.trim() || user.username }
  if (batch.createdBy.startsWith(USER_ID_PREFIX)) return { ...batch, createdByDeleted: true }
  return batch
}
