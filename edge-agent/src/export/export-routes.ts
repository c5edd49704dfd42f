import { Hono } from 'hono'
import { ApiError, ENTITY_SCHEMAS, findSchemaByPlural, type RecordDoc } from '@enclave/shared'
import { can } from '@enclave/shared/auth/index'
import { exportColumns } from '@enclave/shared/export/export-columns'
import { chooseExportColumns, listParametersOf, readExportFormat, unknownExportType } from '@enclave/shared/export/export-request'
import { clientAddress, type SessionUser } from '@enclave/shared/node/auth/index'
import { sendExport } from '@enclave/shared/node/export/write-export'
import { scopeListParameters } from '@enclave/shared/node/auth/record-scope'
import type { EdgeContext } from '../context'
import type { EdgeEnv } from '../http/env'
import { parseListQuery } from '../records/query'

/**
 * Export API: `GET /api/exports/<plural>?format=csv|xlsx` with the list parameters of
 * `/api/<plural>` (q, sort, filter.<field>[.<op>]) writes every matching record within the
 * user's record scope, as the list does. Columns are every field in schema order, then custom
 * fields, and company references are written as the company's name. Personal fields need the
 * `read_personal` permission. Each export is written to the audit log with its type, format
 * and count, and one that includes personal fields also with the record ids and field names.
 */
export function exportRoutes(context: EdgeContext): Hono<EdgeEnv> {
  const routes = new Hono<EdgeEnv>()

  routes.get('/:plural', async (c) => {
    const schema = findSchemaByPlural(c.req.param('plural'))
    if (!schema) throw unknownExportType(c.req.param('plural'))
    const type = schema.type
    const format = readExportFormat(c.req.query('format'))

    const user = c.get('user') as SessionUser | undefined
    const fields = [...ENTITY_SCHEMAS[type].fields, ...context.store.getCustomFields(type)]
    const companyName = (id: string) => {
      const name = context.store.index.get('company', id)?.name
      return name === undefined || name === null ? undefined : String(name)
    }
    const columns = chooseExportColumns({
      columns: exportColumns(fields, { companyName }),
      fields: c.req.query('fields'),
      readsPersonal: user ? can(user.role, 'read_personal') : false,
      unknownFields: (unknown) =>
        new ApiError(400, 'unknown_field', `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a field' : 'are not fields'} of ${type}; leave them out of fields`).withParams({
          reason: 'export',
          fields: unknown,
          type,
        }),
    })

    const params = listParametersOf(c.req.url)
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

    return sendExport(c, { plural: schema.plural, format, columns, docs })
  })
  return routes
}
