import { ApiError } from '../errors'
import { checkDate } from '../entities/values'
import type { ReportFilters } from './report-types'

function readDate(params: URLSearchParams, name: 'from' | 'to'): string | undefined {
  const raw = params.get(name)?.trim()
  if (!raw) return undefined
  const check = checkDate(raw)
  if (!check.ok) throw new ApiError(400, 'invalid_query', `${name} is '${raw}'; use a date as YYYY-MM-DD, for example 2024-03-31`).withParams({ reason: 'date', name, value: raw })
  return String(check.value)
}

function readText(params: URLSearchParams, name: 'owner' | 'pipeline'): string | undefined {
  const raw = params.get(name)?.trim()
  if (!raw) return undefined
  if (raw.length > 200) throw new ApiError(400, 'invalid_query', `${name} is ${raw.length} characters long; use at most 200`).withParams({ reason: 'too_long', name, length: raw.length, max: 200 })
  return raw
}

/**
 * Reads report filters from query parameters `from`, `to`, `owner` and `pipeline`. `now` is
 * the time of the request unless a test passes one.
 *
 * @example parseReportFilters(new URLSearchParams('from=2024-01-01&owner=Ana'))
 */
export function parseReportFilters(params: URLSearchParams, now = new Date()): ReportFilters {
  const from = readDate(params, 'from')
  const to = readDate(params, 'to')
  if (from && to && from > to) {
    throw new ApiError(400, 'invalid_query', `from (${from}) is after to (${to}); swap them or widen the range`).withParams({ reason: 'date_range', from, to })
  }
  return { from, to, owner: readText(params, 'owner'), pipeline: readText(params, 'pipeline'), now: now.toISOString() }
}
