import { REPORT_DEFINITIONS, type AllowedFieldSet, type ReportId } from '@enclave/shared'

/** Whether the cloud can compute a report from a site's projected data, and if not, why. */
export interface ReportAvailability {
  available: boolean
  /** Fields the report needs that the site's policy does not sync in clear, as `type.field (mode)`. */
  missing: string[]
}

/**
 * Checks a report's required fields against a site's published allowed field set. A field is
 * usable only in `sync` mode: masked, pseudonymised or coarsened values cannot be summed or
 * grouped into the same figures the edge shows.
 */
export function reportAvailability(id: ReportId, allowed: AllowedFieldSet | undefined): ReportAvailability {
  const missing: string[] = []
  for (const requirement of REPORT_DEFINITIONS[id].requires) {
    const fields = allowed?.entities[requirement.type]?.fields ?? {}
    for (const field of requirement.fields) {
      const mode = fields[field]
      if (mode !== 'sync') missing.push(`${requirement.type}.${field} (${mode ?? 'local'})`)
    }
  }
  return { available: missing.length === 0, missing }
}
