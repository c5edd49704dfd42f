import { ApiError } from '../errors'

/** Maximum canary values in one residency audit. */
export const MAX_CANARIES = 100
/** Minimum canary length, in characters: shorter values match too much to mean anything. */
export const MIN_CANARY_LENGTH = 4
/** Maximum canary length, in characters. */
export const MAX_CANARY_LENGTH = 200

/**
 * Checks the `canaries` of a residency audit request: absent, or an array of at most
 * MAX_CANARIES strings of MIN_CANARY_LENGTH to MAX_CANARY_LENGTH characters. Throws a 400
 * `invalid_canaries` naming the first bad entry.
 */
export function checkCanaries(canaries: unknown): string[] {
  if (canaries === undefined) return []
  if (!Array.isArray(canaries) || canaries.length > MAX_CANARIES) {
    throw new ApiError(400, 'invalid_canaries', `canaries must be an array of at most ${MAX_CANARIES} strings`).withParams({ reason: 'list', max: MAX_CANARIES })
  }
  canaries.forEach((canary, position) => {
    if (typeof canary !== 'string' || canary.length < MIN_CANARY_LENGTH || canary.length > MAX_CANARY_LENGTH) {
      throw new ApiError(400, 'invalid_canaries', `canaries[${position}] must be text of ${MIN_CANARY_LENGTH} to ${MAX_CANARY_LENGTH} characters`).withParams({
        reason: 'entry',
        position,
        min: MIN_CANARY_LENGTH,
        max: MAX_CANARY_LENGTH,
      })
    }
  })
  return canaries as string[]
}
