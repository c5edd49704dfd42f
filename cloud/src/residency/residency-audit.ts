import type { AllowedFieldSet, ResidencyAuditReport } from '@enclave/shared'
import type { DocumentDatabase, StoredDocument } from '../storage/types'
import { walkRevisions } from './revision-walk'
import { findRevisionViolations } from './revision-violations'

export type { ResidencyAuditReport }

/** Violations and canary hits listed in a report; the counts always cover all of them. */
export const MAX_LISTED_FINDINGS = 100

function findCanaries(revision: StoredDocument, canaries: readonly string[]): number[] {
  const { _revisions, _revs_info, ...body } = revision
  const text = JSON.stringify(body).toLowerCase()
  const hits: number[] = []
  canaries.forEach((canary, position) => {
    if (text.includes(canary)) hits.push(position)
  })
  return hits
}

/**
 * Scans every document and every readable revision of a site's database against the allowed
 * field set, and searches each revision for the canary values (ignoring case, as JSON text, so
 * a canary matches inside any field name or value).
 */
export async function auditResidency(
  db: DocumentDatabase,
  siteId: string,
  allowed: AllowedFieldSet,
  canaries: readonly string[] = [],
): Promise<ResidencyAuditReport> {
  const report: ResidencyAuditReport = {
    siteId,
    policyVersion: allowed.version,
    startedAt: new Date().toISOString(),
    finishedAt: '',
    documentsScanned: 0,
    revisionsScanned: 0,
    violationCount: 0,
    violations: [],
    canariesSearched: canaries.length,
    canaryHitCount: 0,
    canaryHits: [],
  }
  const needles = canaries.map((canary) => JSON.stringify(canary).slice(1, -1).toLowerCase())

  await walkRevisions(db, ({ id, leaves, ancestors }) => {
    report.documentsScanned++
    for (const revision of [...leaves, ...ancestors]) {
      report.revisionsScanned++

      const violations = findRevisionViolations(revision, allowed)
      report.violationCount += violations.length
      report.violations.push(...violations.slice(0, MAX_LISTED_FINDINGS - report.violations.length))

      for (const canary of findCanaries(revision, needles)) {
        report.canaryHitCount++
        if (report.canaryHits.length < MAX_LISTED_FINDINGS) {
          report.canaryHits.push({ docId: id, rev: String(revision._rev), canary })
        }
      }
    }
  })

  report.finishedAt = new Date().toISOString()
  return report
}
