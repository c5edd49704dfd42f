import type { AllowedFieldSet, CloudErasureReport } from '@enclave/shared'
import { ApiError } from '@enclave/shared'
import type { CloudContext } from '../context'
import { META_DATABASE, siteDatabaseName, type StoredDocument } from '../storage/types'
import { auditResidency, type ResidencyAuditReport } from './residency-audit'
import { eraseDocuments } from './residency-erase'
import { purgeDisallowedValues, type ResidencyPurgeReport } from './residency-purge'

/**
 * Default wait, in ms, between a stricter policy reaching the cloud and the cloud purging on its
 * own. The edge normally requests the purge itself once its reprojected documents are pushed.
 * Purging earlier would rewrite documents that the edge is about to replace, leaving conflicts.
 */
export const DEFAULT_PURGE_GRACE_MS = 120_000

function auditDocumentId(siteId: string): string {
  return `residency-audit:${siteId}`
}

/**
 * Tells whether `next` forbids something `previous` allowed: a type or field it drops, or a
 * field whose mode changes to anything but `sync`. A mask style change is not visible in an
 * allowed field set, so the edge requests the purge for that itself.
 */
export function isStricterAllowedSet(previous: AllowedFieldSet | undefined, next: AllowedFieldSet): boolean {
  if (!previous) return false
  for (const [type, rules] of Object.entries(previous.entities)) {
    const nextRules = next.entities[type as keyof AllowedFieldSet['entities']]
    if (!nextRules) return true
    for (const [field, mode] of Object.entries(rules.fields)) {
      const nextMode = nextRules.fields[field]
      if (!nextMode || (nextMode !== mode && nextMode !== 'sync')) return true
    }
  }
  return false
}

function readGraceMs(env: NodeJS.ProcessEnv): number {
  const text = env.RESIDENCY_PURGE_GRACE_MS
  const value = text === undefined || text === '' ? DEFAULT_PURGE_GRACE_MS : Number(text)
  return Number.isInteger(value) && value >= 0 ? value : DEFAULT_PURGE_GRACE_MS
}

/**
 * Runs residency purges and audits for every site of one cloud, one at a time per site, and
 * stores each site's latest audit in the metadata database.
 */
export class ResidencyJobs {
  private readonly queues = new Map<string, Promise<unknown>>()
  private readonly graceMs: number

  constructor(
    private readonly context: CloudContext,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.graceMs = readGraceMs(env)
  }

  /** Removes what the newest published policy forbids from every revision, then audits. */
  purge(siteId: string, canaries: string[] = []): Promise<{ purge: ResidencyPurgeReport; audit: ResidencyAuditReport }> {
    return this.oneAtATime(siteId, async () => {
      const allowed = await this.requirePolicy(siteId)
      const db = await this.context.storage.database(siteDatabaseName(siteId))
      const purge = await purgeDisallowedValues(db, siteId, allowed)
      this.context.logger.info(
        { siteId, policyVersion: purge.policyVersion, rewritten: purge.documentsRewritten, removed: purge.documentsRemoved, conflicts: purge.conflictsPurged, tombstones: purge.tombstonesCleared },
        'residency purge finished',
      )
      return { purge, audit: await this.auditNow(siteId, canaries) }
    })
  }

  /** Deletes every revision of the documents an edge erased for a person, then compacts. */
  erase(siteId: string, ids: string[]): Promise<CloudErasureReport> {
    return this.oneAtATime(siteId, async () => {
      await this.context.sites.requireSite(siteId)
      const db = await this.context.storage.database(siteDatabaseName(siteId))
      const report = await eraseDocuments(db, siteId, ids)
      this.context.logger.info(
        { siteId, documents: ids.length, found: report.documentsFound, revisionsDeleted: report.revisionsDeleted, tombstonesCleared: report.tombstonesCleared },
        'erasure finished',
      )
      return report
    })
  }

  audit(siteId: string, canaries: string[] = []): Promise<ResidencyAuditReport> {
    return this.oneAtATime(siteId, () => this.auditNow(siteId, canaries))
  }

  async latestAudit(siteId: string): Promise<ResidencyAuditReport | undefined> {
    const meta = await this.context.storage.database(META_DATABASE)
    const stored = await meta.get(auditDocumentId(siteId))
    if (!stored) return undefined
    const { _id, _rev, ...report } = stored
    return report as unknown as ResidencyAuditReport
  }

  /**
   * Schedules a purge when a newly published policy is stricter than the one before, in case
   * the edge never requests it (an edge that is buggy, compromised or offline for good). The
   * purge is skipped when an audit of that version or a newer one exists by then.
   */
  onPolicyPublished(siteId: string, previous: AllowedFieldSet | undefined, next: AllowedFieldSet): void {
    if (!isStricterAllowedSet(previous, next)) return
    this.context.logger.info({ siteId, policyVersion: next.version, graceMs: this.graceMs }, 'stricter policy published; cloud purge scheduled')

    const cancel = () => clearTimeout(timer)
    const timer = setTimeout(() => {
      this.context.shutdown.removeEventListener('abort', cancel)
      this.purgeUnlessDone(siteId, next.version).catch((error: unknown) => {
        this.context.logger.error({ siteId, policyVersion: next.version, err: error }, 'scheduled residency purge failed')
      })
    }, this.graceMs)
    timer.unref()
    this.context.shutdown.addEventListener('abort', cancel, { once: true })
  }

  private async purgeUnlessDone(siteId: string, version: number): Promise<void> {
    if (this.context.shutdown.aborted) return
    const latest = await this.latestAudit(siteId)
    if (latest && latest.policyVersion >= version) return
    await this.purge(siteId)
  }

  private oneAtATime<T>(siteId: string, task: () => Promise<T>): Promise<T> {
    const next = (this.queues.get(siteId) ?? Promise.resolve()).then(task)
    this.queues.set(siteId, next.catch(() => undefined))
    return next
  }

  private async requirePolicy(siteId: string): Promise<AllowedFieldSet> {
    const allowed = await this.context.sites.findPolicy(siteId)
    if (!allowed) throw new ApiError(409, 'policy_not_published', `site '${siteId}' has not published a policy yet; the edge publishes it on enrolment`).withParams({ reason: 'residency', siteId })
    return allowed
  }

  private async auditNow(siteId: string, canaries: string[]): Promise<ResidencyAuditReport> {
    const allowed = await this.requirePolicy(siteId)
    const db = await this.context.storage.database(siteDatabaseName(siteId))
    const report = await auditResidency(db, siteId, allowed, canaries)

    const meta = await this.context.storage.database(META_DATABASE)
    const id = auditDocumentId(siteId)
    const existing = await meta.get(id)
    await meta.put({ ...report, _id: id, _rev: existing?._rev } as StoredDocument)

    this.context.logger.info(
      { siteId, policyVersion: report.policyVersion, documents: report.documentsScanned, revisions: report.revisionsScanned, violations: report.violationCount, canaryHits: report.canaryHitCount },
      'residency audit finished',
    )
    return report
  }
}

const jobsByContext = new WeakMap<CloudContext, ResidencyJobs>()

/** Returns the residency jobs of a running cloud, created on first use. */
export function residencyJobsOf(context: CloudContext): ResidencyJobs {
  let jobs = jobsByContext.get(context)
  if (!jobs) {
    jobs = new ResidencyJobs(context)
    jobsByContext.set(context, jobs)
  }
  return jobs
}
