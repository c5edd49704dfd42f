import type { ErrorParams } from '../api'
import type { FieldViolation } from './allowed-fields'

/** A field a stored cloud revision carries against the published policy. */
export interface RevisionViolation extends FieldViolation {
  rev: string
}

/** A revision that contains one of the canary values; the value itself is not repeated. */
export interface CanaryHit {
  docId: string
  rev: string
  /** Position of the canary in the request's list. */
  canary: number
}

/**
 * Findings of a residency audit of one site's cloud database, as
 * `POST /api/sites/:siteId/residency/audit` returns them.
 */
export interface ResidencyAuditReport {
  siteId: string
  /** Version of the allowed field set the revisions were checked against. */
  policyVersion: number
  startedAt: string
  finishedAt: string
  documentsScanned: number
  /** Readable revisions: every leaf and every older revision not yet compacted. */
  revisionsScanned: number
  violationCount: number
  /** The first violations found; `violationCount` counts all of them. */
  violations: RevisionViolation[]
  canariesSearched: number
  canaryHitCount: number
  /** The first canary hits found; `canaryHitCount` counts all of them. */
  canaryHits: CanaryHit[]
}

/** Counts of the changes a purge made in one site's cloud database. */
export interface ResidencyPurgeReport {
  siteId: string
  policyVersion: number
  startedAt: string
  finishedAt: string
  documentsScanned: number
  /** Winning revisions rewritten without the fields the policy no longer allows. */
  documentsRewritten: number
  /** Documents whose type may no longer be stored at all. */
  documentsRemoved: number
  /** Conflicting leaf revisions with disallowed fields, removed from the revision tree. */
  conflictsPurged: number
  /** Deleted leaves that still carried disallowed fields, closed with a bare tombstone. */
  tombstonesCleared: number
  /** Writes the database rejected because the document changed during the purge. */
  writesRejected: number
}

/** Counts of what the cloud removed from one site's database for a person's erasure. */
export interface CloudErasureReport {
  siteId: string
  startedAt: string
  finishedAt: string
  /** Ids the request named that the database holds, deleted or not. */
  documentsFound: number
  /** Live revisions deleted: the winner, when the edge's deletion had not arrived, and conflicts. */
  revisionsDeleted: number
  /** Deleted leaves that still carried fields, closed with a bare tombstone. */
  tombstonesCleared: number
}

/** The latest residency audit the cloud returned, as the edge stores and shows it. */
export interface Attestation {
  receivedAt: string
  audit: ResidencyAuditReport
  /** The purge that ran before the audit, when the audit followed a stricter policy. */
  purge?: ResidencyPurgeReport
}

/** A purge the cloud still has to run for a stricter policy version. */
export interface PendingPurge {
  policyVersion: number
  requestedAt: string
  attempts: number
  /** English message of the last failed attempt. */
  lastError?: string
  /** Code and params of the last failed attempt when it was an API error, so a client can translate it. */
  lastErrorCode?: string
  lastErrorParams?: ErrorParams
}

/** Body of `GET /api/policy/attestation` at the edge. */
export interface AttestationView {
  attestation: Attestation | null
  pendingPurge: PendingPurge | null
}
