import type { SessionUser } from './auth-service'

/**
 * Adds `filter.ownerId=<user id>` to list parameters when the user's record scope is `own`.
 * The record list routes and the export routes of both tiers call it, so a list and an export
 * of the same parameters contain the same records. A list matches every filter it is given, so no
 * other parameter can widen the scope.
 */
export function scopeListParameters(params: URLSearchParams, user: SessionUser | undefined): void {
  if (user?.recordScope === 'own') params.append('filter.ownerId', user.id)
}
