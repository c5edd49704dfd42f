import { ApiError } from '@enclave/shared'
import type { ChangesOptions, UpdateSequence } from '../storage/types'

/** Maximum time in ms a long poll waits for a change before it returns an empty result. */
export const MAX_LONGPOLL_MS = 60_000

function readInteger(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0) {
    throw new ApiError(400, 'invalid_query', `${name} is '${raw}'; use a whole number of 0 or more`)
  }
  return value
}

/** Numeric sequences are numbers to PouchDB; CouchDB 3 sequences are opaque strings. */
function readSince(raw: string | undefined): UpdateSequence {
  if (raw === undefined || raw === '') return 0
  if (/^\d+$/.test(raw)) return Number(raw)
  return raw
}

function readDocIds(raw: unknown): string[] {
  if (!Array.isArray(raw) || !raw.every((id) => typeof id === 'string')) {
    throw new ApiError(400, 'invalid_doc_ids', 'doc_ids must be a list of document ids')
  }
  return raw
}

function parseJsonParam(name: string, raw: string | undefined): unknown {
  if (raw === undefined) return undefined
  try {
    return JSON.parse(raw)
  } catch {
    throw new ApiError(400, 'invalid_query', `${name} is not valid JSON; send a JSON list`)
  }
}

/**
 * Reads the parameters of `GET|POST /_changes` as CouchDB 3 documents them: `since`, `limit`,
 * `style`, `include_docs`, `conflicts`, `feed` (`normal` or `longpoll`), `timeout`,
 * `heartbeat`, and `filter=_doc_ids` with `doc_ids` in the query or the body. A long poll
 * waits for `timeout` ms, or `heartbeat` ms when only that is given, up to 60 s.
 */
export function parseChangesParams(query: Record<string, string>, body: Record<string, unknown> | undefined): ChangesOptions {
  const feed = query.feed ?? 'normal'
  if (feed !== 'normal' && feed !== 'longpoll') {
    throw new ApiError(400, 'unsupported_feed', `feed '${feed}' is not supported; use normal or longpoll`)
  }
  const style = query.style ?? 'main_only'
  if (style !== 'main_only' && style !== 'all_docs') {
    throw new ApiError(400, 'invalid_query', `style is '${style}'; use main_only or all_docs`)
  }

  let docIds: string[] | undefined
  if (query.filter !== undefined && query.filter !== '') {
    if (query.filter !== '_doc_ids') {
      throw new ApiError(400, 'unsupported_filter', `filter '${query.filter}' is not supported; only _doc_ids is`)
    }
    docIds = readDocIds(body?.doc_ids ?? parseJsonParam('doc_ids', query.doc_ids))
  }

  const timeout = readInteger('timeout', query.timeout)
  const heartbeat = readInteger('heartbeat', query.heartbeat)
  return {
    since: readSince(query.since),
    limit: readInteger('limit', query.limit),
    style,
    includeDocs: query.include_docs === 'true',
    conflicts: query.conflicts === 'true',
    docIds,
    feed,
    timeoutMs: Math.min(timeout ?? heartbeat ?? MAX_LONGPOLL_MS, MAX_LONGPOLL_MS),
  }
}

/** Reads `open_revs`: `all`, or a JSON list of revisions. */
export function parseOpenRevs(raw: string): string[] | 'all' {
  if (raw === 'all') return 'all'
  try {
    const revs: unknown = JSON.parse(raw)
    if (Array.isArray(revs) && revs.every((rev) => typeof rev === 'string')) return revs
  } catch {
    // reported below
  }
  throw new ApiError(400, 'invalid_query', `open_revs is '${raw}'; use all or a JSON list of revisions`)
}
