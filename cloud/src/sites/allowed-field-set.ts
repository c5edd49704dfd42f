import { ApiError, ENTITY_TYPES, isEntityType, type AllowedFieldSet } from '@enclave/shared'

const CLOUD_MODES = ['sync', 'mask', 'pseudonym', 'generalize']

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function invalid(message: string): ApiError {
  return new ApiError(400, 'invalid_policy', message).withParams({ reason: 'allowed_fields', detail: message })
}

/**
 * Checks that a body is an AllowedFieldSet (as `toAllowedFieldSet` builds it) and returns it
 * with only the known keys. Throws ApiError 400 naming the first value at fault.
 */
export function parseAllowedFieldSet(body: unknown): AllowedFieldSet {
  if (!isPlainObject(body)) throw invalid('the policy must be a JSON object { version, entities }')

  const version = body.version
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw invalid(`version is ${JSON.stringify(version)}; use a whole number of 1 or more`)
  }
  if (!isPlainObject(body.entities)) throw invalid('entities must be an object keyed by entity type')

  const entities: AllowedFieldSet['entities'] = {}
  for (const [type, rules] of Object.entries(body.entities)) {
    if (!isEntityType(type)) {
      throw invalid(`entities has unknown type '${type}'; use one of ${ENTITY_TYPES.join(', ')}`)
    }
    if (!isPlainObject(rules) || !isPlainObject(rules.fields)) {
      throw invalid(`entities.${type} must be { fields, cloudWritable, cloudCreatable }`)
    }

    const fields: Record<string, 'sync' | 'mask' | 'pseudonym' | 'generalize'> = {}
    for (const [field, mode] of Object.entries(rules.fields)) {
      if (typeof mode !== 'string' || !CLOUD_MODES.includes(mode)) {
        throw invalid(`entities.${type}.fields.${field} is ${JSON.stringify(mode)}; use one of ${CLOUD_MODES.join(', ')}`)
      }
      fields[field] = mode as (typeof fields)[string]
    }

    const cloudWritable = rules.cloudWritable ?? []
    if (!Array.isArray(cloudWritable) || !cloudWritable.every((name) => typeof name === 'string')) {
      throw invalid(`entities.${type}.cloudWritable must be a list of field names`)
    }
    const notSynced = cloudWritable.filter((name) => fields[name] !== 'sync')
    if (notSynced.length > 0) {
      throw invalid(`entities.${type}.cloudWritable names ${notSynced.join(', ')}, which are not synced fields; only fields with mode sync can be cloud-writable`)
    }

    const cloudCreatable = rules.cloudCreatable ?? false
    if (typeof cloudCreatable !== 'boolean') throw invalid(`entities.${type}.cloudCreatable must be true or false`)

    // Sites that published their policy before deletion had its own flag let the cloud delete what it may create.
    const cloudDeletable = rules.cloudDeletable ?? cloudCreatable
    if (typeof cloudDeletable !== 'boolean') throw invalid(`entities.${type}.cloudDeletable must be true or false`)

    entities[type] = { fields, cloudWritable: cloudWritable as string[], cloudCreatable, cloudDeletable }
  }

  return { version, entities }
}
