import { ApiError } from '@enclave/shared'

/** Fields of a PATCH body and the revision the caller last read, if it named one. */
export interface PatchRevision {
  patch: unknown
  rev?: string
}

function invalidRevision(message: string): ApiError {
  return new ApiError(400, 'invalid_revision', message)
}

/**
 * Reads the revision in an `If-Match` header: an ETag with or without its quotes. `*` matches
 * any current revision (RFC 7232, If-Match), so it returns none. A weak ETag (`W/"..."`) is
 * kept as it is and never matches, because If-Match compares ETags strongly.
 */
export function readIfMatch(header: string | undefined): string | undefined {
  const rev = header?.trim().replace(/^"|"$/g, '')
  if (!rev || rev === '*') return undefined
  return rev
}

/**
 * Separates the revision of a PATCH from the fields it changes. The caller may send the
 * revision it last read as `If-Match` or as `_rev` in the body, the way CouchDB documents
 * carry it. `_rev` is removed from the fields, so it is never checked or written as a field.
 * When both name a revision, they must name the same one.
 *
 * @example readPatchRevision({ _rev: '2-ab', stage: 'Won' }, undefined) // { patch: { stage: 'Won' }, rev: '2-ab' }
 */
export function readPatchRevision(body: unknown, ifMatch: string | undefined): PatchRevision {
  const headerRev = readIfMatch(ifMatch)
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('_rev' in body)) {
    return { patch: body, rev: headerRev }
  }

  const { _rev: bodyRev, ...patch } = body as Record<string, unknown>
  if (typeof bodyRev !== 'string' || bodyRev === '') {
    const value = String(JSON.stringify(bodyRev))
    throw invalidRevision(`_rev ${value} is invalid; send the revision string from the last read of the record, or leave _rev out`).withParams({ reason: 'body', value })
  }
  if (headerRev !== undefined && headerRev !== bodyRev) {
    throw invalidRevision(`If-Match names revision ${headerRev} but _rev names ${bodyRev}; send one revision, the one from the last read of the record`).withParams({
      reason: 'mismatch',
      header: headerRev,
      body: bodyRev,
    })
  }
  return { patch, rev: bodyRev }
}
