import { Hono } from 'hono'
import { ApiError, findSchemaByPlural, type RecordDoc } from '@enclave/shared'
import { can } from '@enclave/shared/auth/index'
import { clientAddress, type SessionUser } from '@enclave/shared/node/auth/index'
import { scopeListParameters } from '../auth/record-scope'
import type { EdgeContext } from '../context'
import type { EdgeEnv } from '../http/env'
import { parseListQuery } from '../records/query'
import { exportColumns } from './export-columns'
import { csvStream, EXPORT_FORMATS, xlsxStream, type ExportFormat } from './write-export'

// Parameters of the export itself; every other parameter is a list parameter (q, sort, filter.*).
const EXPORT_PARAMETERS = new Set(['format', 'fields', 'limit', 'offset'])

/**
 * Export API: `GET /api/exports/<plural>?format=csv|xlsx` with the list parameters of
 * `/api/<plural>` (q, sort, filter.<field>[.<op>]) writes every matching record within the
 * user's record scope, as the list does. Personal fields need the `read_personal` permission.
 * Each export is written to the audit log with its type, format and count, and one that
 * includes personal fields also with the record ids and field names.
 */
export function exportRoutes(context: EdgeContext): Hono<EdgeEnv> {
  const routes = new Hono<EdgeEnv>()

  routes.get('/:plural', async (c) => {
    const schema = findSchemaByPlural(c.req.param('plural'))
    if (!schema) {
      const plural = c.req.param('plural')
      throw new ApiError(404, 'not_found', `'${plural}' cannot be exported; use contacts, companies, deals, activities or tickets`).withParams({ reason: 'export_type', value: plural })
    }
    const type = schema.type
    const format = (c.req.query('format') ?? 'csv') as ExportFormat
    if (!EXPORT_FORMATS.includes(format)) throw new ApiError(400, 'invalid_format', `format '${format}' is not supported; use csv or xlsx`).withParams({ format })

    const user = c.get('user') as SessionUser | undefined
    const readsPersonal = user ? can(user.role, 'read_personal') : false
    const requested = c.req.query('fields')?.split(',').map((name) => name.trim()).filter(Boolean)
    let columns = exportColumns(context.store, type, requested ? new Set(requested) : undefined)
    if (requested) {
      const known = new Set(columns.map((column) => column.field.name))
      const unknown = requested.filter((name) => !known.has(name))
      if (unknown.length > 0) {
        throw new ApiError(400, 'unknown_field', `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a field' : 'are not fields'} of ${type}; leave them out of fields`).withParams({
          reason: 'export',
          fields: unknown,
          type,
        })
      }
    }
    const personal = columns.filter((column) => column.field.pii).map((column) => column.field.name)
    if (!readsPersonal && personal.length > 0) {
      if (requested) throw new ApiError(403, 'forbidden', `${personal.join(', ')} ${personal.length === 1 ? 'is a personal field' : 'are personal fields'}, which your role may not export; leave them out of fields`).withParams({
        reason: 'personal_export',
        fields: personal,
      })
      columns = columns.filter((column) => !column.field.pii)
    }

    const params = new URLSearchParams(new URL(c.req.url).search)
    for (const name of EXPORT_PARAMETERS) params.delete(name)
    scopeListParameters(params, user)
    const query = parseListQuery(type, params, context.store.getCustomFields(type))
    const page = context.store.list(type, { ...query, limit: Number.MAX_SAFE_INTEGER, offset: 0 })
    const docs = page.items as RecordDoc[]

    // Every export is recorded, since deal values and pipelines are confidential too. The
    // record ids are listed when personal fields left, which can make a large entry.
    const exported = columns.filter((column) => column.field.pii).map((column) => column.field.name)
    await context.audit.append({
      action: 'record.export',
      user: user?.id ?? 'unknown',
      recordIds: exported.length > 0 ? docs.map((doc) => doc._id) : [],
      fields: exported,
      address: clientAddress(c),
      detail: { type, format, count: docs.length, search: Boolean(query.q), filters: query.filters.length },
    })
    context.logger.info({ type, format, count: docs.length, personalFields: exported.length }, 'records exported')

    const stamp = new Date().toISOString().slice(0, 10)
    c.header('content-disposition', `attachment; filename="${schema.plural}-${stamp}.${format}"`)
    if (format === 'xlsx') {
      c.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      return c.body(xlsxStream(schema.plural, columns, docs))
    }
    c.header('content-type', 'text/csv; charset=utf-8')
    return c.body(csvStream(columns, docs))
  })
  return routes
}
