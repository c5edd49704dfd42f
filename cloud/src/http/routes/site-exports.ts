import { Hono } from 'hono'
import { ApiError, ENTITY_SCHEMAS, findField, findSchemaByPlural, type EntityType, type FieldDef } from '@enclave/shared'
import { can } from '@enclave/shared/auth/index'
import { exportColumns } from '@enclave/shared/export/export-columns'
import { chooseExportColumns, listParametersOf, readExportFormat, unknownExportType } from '@enclave/shared/export/export-request'
import { clientAddress } from '@enclave/shared/node/auth/index'
import { scopeListParameters } from '@enclave/shared/node/auth/record-scope'
import { sendExport } from '@enclave/shared/node/export/write-export'
import type { CloudContext } from '../../context'
import type { CloudRecords } from '../../records/cloud-records'
import type { CloudEnv } from '../env'

/**
 * Lists the fields the cloud can export for a type: the schema's fields that the site's policy
 * lets through, in schema order, then the other allowed names (custom fields), headed by name
 * because the cloud has no custom field labels.
 */
function cloudExportFields(type: EntityType, allowed: readonly string[]): FieldDef[] {
  const names = new Set(allowed)
  const known = ENTITY_SCHEMAS[type].fields.filter((field) => names.has(field.name))
  const custom = allowed.filter((name) => findField(type, name) === undefined).map((name): FieldDef => ({ name, kind: 'text', label: name }))
  return [...known, ...custom]
}

/**
 * Builds the cloud export API: `GET /api/sites/:siteId/exports/:plural?format=csv|xlsx` with
 * the list parameters of `/api/sites/:siteId/:plural` (q, sort, filter.<field>[.<op>]) writes
 * every matching document within the user's record scope. It writes only the fields the
 * site's published policy lets the cloud store, with masked and pseudonymised values as
 * stored. The route table requires `export`, and site grants are checked before the handler.
 */
export function createSiteExportRoutes(context: CloudContext, records: CloudRecords): Hono<CloudEnv> {
  const routes = new Hono<CloudEnv>()

  routes.get('/:siteId/exports/:plural', async (c) => {
    const siteId = c.req.param('siteId')
    const schema = findSchemaByPlural(c.req.param('plural'))
    if (!schema) throw unknownExportType(c.req.param('plural'))
    const type = schema.type
    const format = readExportFormat(c.req.query('format'))

    const user = c.get('user')
    const params = listParametersOf(c.req.url)
    scopeListParameters(params, user)
    const selection = await records.exportSelection(siteId, type, params)
    const columns = chooseExportColumns({
      columns: exportColumns(cloudExportFields(type, selection.fields), { companyName: selection.companyName }),
      fields: c.req.query('fields'),
      readsPersonal: user ? can(user.role, 'read_personal') : false,
      unknownFields: (unknown) =>
        new ApiError(400, 'unknown_field', `cannot export ${unknown.join(', ')} because the cloud does not store ${unknown.length === 1 ? 'it' : 'them'} for site '${siteId}'; leave ${unknown.length === 1 ? 'it' : 'them'} out of fields`).withParams({
          reason: 'cloud_export',
          fields: unknown,
          siteId,
        }),
    })

    // The cloud has no audit log, so each export is recorded as a structured log line with
    // the facts of the edge's `record.export` entry. Record ids are left out, because one line
    // would then grow with the export, and the filters and scope identify the records.
    context.logger.info(
      {
        action: 'record.export',
        user: user?.id ?? 'unknown',
        siteId,
        type,
        format,
        count: selection.docs.length,
        fields: columns.map((column) => column.field.name),
        search: params.has('q'),
        filters: [...params.keys()].filter((key) => key.startsWith('filter.')).length,
        address: clientAddress(c),
        requestId: c.get('requestId'),
      },
      'cloud records exported',
    )

    return sendExport(c, { plural: schema.plural, format, columns, docs: selection.docs })
  })

  return routes
}
