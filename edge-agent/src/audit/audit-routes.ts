import { Hono } from 'hono'
import { ApiError } from '@enclave/shared'
import { clientAddress } from '@enclave/shared/node/auth/index'
import type { EdgeContext } from '../context'
import type { EdgeEnv } from '../http/env'
import type { AuditEntry } from './audit-hash'
import { auditEntriesToCsv, auditEntriesToJson } from './audit-export'
import type { AuditQuery } from './audit-log'

const MAX_PAGE = 500

function readTime(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined
  const time = new Date(value)
  if (Number.isNaN(time.getTime())) {
    throw new ApiError(400, 'invalid_query', `${name} is '${value}'; use an ISO 8601 time such as 2026-01-31T00:00:00Z`).withParams({ reason: 'time', name, value })
  }
  return time.toISOString()
}

function readCount(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback
  const count = Number(value)
  if (!Number.isInteger(count) || count < 0 || count > max) {
    throw new ApiError(400, 'invalid_query', `${name} is '${value}'; use a whole number from 0 to ${max}`).withParams({ reason: 'whole_number', name, value, max })
  }
  return count
}

function readQuery(params: URLSearchParams, maxLimit: number): AuditQuery {
  return {
    user: params.get('user') || undefined,
    action: params.get('action') || undefined,
    recordId: params.get('recordId') || undefined,
    from: readTime('from', params.get('from') ?? undefined),
    to: readTime('to', params.get('to') ?? undefined),
    limit: readCount('limit', params.get('limit') ?? undefined, Math.min(50, maxLimit), maxLimit) || Math.min(50, maxLimit),
    offset: readCount('offset', params.get('offset') ?? undefined, 0, Number.MAX_SAFE_INTEGER),
  }
}

/**
 * Adds `recordCount`, the number of record ids, so a client can show "200 records" without
 * counting. The count is not part of the stored entry or its hash.
 */
function withRecordCount(entry: AuditEntry): AuditEntry & { recordCount: number } {
  return { ...entry, recordCount: entry.recordIds.length }
}

/**
 * `/api/audit`: list with filters (`user`, `action`, `recordId`, `from`, `to`, `limit`,
 * `offset`), `/verify` for the chain check, and `/export?format=csv|json` for a regulator.
 */
export function auditRoutes(context: EdgeContext): Hono<EdgeEnv> {
  const routes = new Hono<EdgeEnv>()

  routes.get('/', async (c) => {
    const query = readQuery(new URL(c.req.url).searchParams, MAX_PAGE)
    const page = await context.audit.list(query)
    return c.json({ ...page, items: page.items.map(withRecordCount) })
  })

  routes.get('/verify', async (c) => c.json(await context.audit.verify()))

  routes.get('/export', async (c) => {
    const params = new URL(c.req.url).searchParams
    const format = params.get('format') ?? 'json'
    if (format !== 'csv' && format !== 'json') {
      throw new ApiError(400, 'invalid_query', `format is '${format}'; use csv or json`).withParams({ reason: 'audit_format', value: String(format) })
    }
    const query = { ...readQuery(params, Number.MAX_SAFE_INTEGER), limit: Number.MAX_SAFE_INTEGER }
    const { items } = await context.audit.list(query)
    const entries: AuditEntry[] = items.reverse()
    const verification = await context.audit.verify()

    await context.audit.append({
      action: 'audit.export',
      user: c.get('actor') ?? 'unknown',
      address: clientAddress(c),
      detail: { format, entries: entries.length },
    })
    const filename = `audit-${context.config.siteId}-${new Date().toISOString().slice(0, 10)}.${format}`
    c.header('Content-Disposition', `attachment; filename="${filename}"`)
    if (format === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8')
      return c.body(auditEntriesToCsv(entries))
    }
    return c.json({ siteId: context.config.siteId, exportedAt: new Date().toISOString(), verification, entries: auditEntriesToJson(entries) })
  })

  return routes
}
