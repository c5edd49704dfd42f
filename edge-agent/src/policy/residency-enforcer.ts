import { ApiError, diffPolicies, type PendingPurge, type ResidencyPolicy } from '@enclave/shared'
import type { EdgeContext } from '../context'
import type { EdgeWorker } from '../index'
import { AttestationStore, type Attestation } from './attestation-store'
import { requestCloudAudit, requestCloudPurge } from './cloud-residency'
import { residencySyncOf } from './residency-sync'

/** The part of an enrolled site's sync engine that the residency enforcer uses. */
export interface ResidencySync {
  cloudUrl: string
  /** Publishes the current policy's allowed field set unless the cloud already stores it. */
  ensurePolicyPublished(): Promise<void>
  /**
   * Resolves once every record is projected under the current policy and pushed to the cloud;
   * rejects when `signal` aborts.
   */
  whenPushed(signal: AbortSignal): Promise<void>
}

export interface ResidencyEnforcerOptions {
  /** First wait before retrying a failed purge, in ms; it doubles up to `maxRetryMs`. */
  retryMs?: number
  maxRetryMs?: number
}

/**
 * Makes a stricter policy reach every revision in the cloud. When a saved version is stricter
 * than the one before, a pending purge is stored in `meta`, so a restart resumes it. Once the
 * site is enrolled, the enforcer publishes the policy, waits until the reprojected documents
 * are pushed, requests the cloud purge and stores the cloud's audit as the attestation.
 */
export class ResidencyEnforcer implements EdgeWorker {
  readonly name = 'residency'
  private timer: NodeJS.Timeout | undefined
  private running: Promise<Attestation | undefined> | undefined
  private retryDelay = 0
  private stopPolicyListener: (() => void) | undefined
  /** Aborted by `stop()`, so a wait for the push or a cloud request ends at once. */
  private readonly stopping = new AbortController()
  private readonly retryMs: number
  private readonly maxRetryMs: number

  constructor(
    private readonly context: EdgeContext,
    readonly attestations: AttestationStore,
    private readonly getSync: () => ResidencySync | undefined,
    options: ResidencyEnforcerOptions = {},
  ) {
    this.retryMs = options.retryMs ?? 2000
    this.maxRetryMs = options.maxRetryMs ?? 5 * 60_000
  }

  /** Follows policy changes and resumes a purge left pending by an earlier run. */
  async start(): Promise<void> {
    this.stopPolicyListener = this.context.policies.onChange((policy, previous) => {
      this.onPolicyChange(policy, previous).catch((error: unknown) => {
        this.context.logger.error({ err: error, policyVersion: policy.version }, 'recording a pending residency purge failed')
      })
    })
    if (await this.attestations.pendingPurge()) this.schedule(0)
  }

  async stop(): Promise<void> {
    this.stopping.abort()
    this.stopPolicyListener?.()
    clearTimeout(this.timer)
    await this.running?.catch(() => undefined)
  }

  /** Runs the pending purge now, if there is one; resolves with the new attestation. */
  runPendingPurge(): Promise<Attestation | undefined> {
    clearTimeout(this.timer)
    this.running ??= this.purgeNow().finally(() => {
      this.running = undefined
    })
    return this.running
  }

  /** Runs a residency audit in the cloud now and stores it as the attestation. */
  async audit(canaries: string[] = []): Promise<Attestation> {
    const sync = this.requireSync()
    const audit = await requestCloudAudit(this.context, sync.cloudUrl, canaries, this.stopping.signal)
    const attestation: Attestation = { receivedAt: new Date().toISOString(), audit }
    await this.attestations.save(attestation)
    this.context.logger.info({ policyVersion: audit.policyVersion, violations: audit.violationCount, canaryHits: audit.canaryHitCount }, 'residency attestation stored')
    return attestation
  }

  private requireSync(): ResidencySync {
    const sync = this.getSync()
    if (!sync) throw new ApiError(409, 'not_enrolled', 'the site is not enrolled with a cloud, so there is no cloud copy to audit; enrol it first')
    return sync
  }

  private async onPolicyChange(policy: ResidencyPolicy, previous: ResidencyPolicy): Promise<void> {
    const stricter = diffPolicies(previous, policy).filter((change) => change.stricter)
    if (stricter.length === 0) return

    await this.attestations.setPendingPurge({ policyVersion: policy.version, requestedAt: new Date().toISOString(), attempts: 0 })
    this.context.logger.info({ policyVersion: policy.version, stricterFields: stricter.length }, 'stricter policy saved; cloud purge pending')
    this.retryDelay = 0
    this.schedule(0)
  }

  private schedule(delayMs: number): void {
    if (this.stopping.signal.aborted) return
    clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.runPendingPurge().catch(() => undefined)
    }, delayMs)
    this.timer.unref()
  }

  private async purgeNow(): Promise<Attestation | undefined> {
    const pending = await this.attestations.pendingPurge()
    if (!pending) return undefined
    const sync = this.getSync()
    // Not enrolled: nothing is in the cloud yet, and enrolment publishes the newest policy.
    if (!sync) return undefined

    try {
      await sync.ensurePolicyPublished()
      await sync.whenPushed(this.stopping.signal)
      const { purge, audit } = await requestCloudPurge(this.context, sync.cloudUrl, this.stopping.signal)
      const attestation: Attestation = { receivedAt: new Date().toISOString(), audit, purge }
      await this.attestations.save(attestation)
      if (audit.violationCount > 0) {
        const message = `the cloud still stores ${audit.violationCount} value(s) the policy does not allow after the purge`
        throw new ApiError(502, 'purge_incomplete', message).withParams({ count: audit.violationCount })
      }

      const latest = await this.attestations.pendingPurge()
      if (latest && latest.policyVersion <= audit.policyVersion) await this.attestations.clearPendingPurge()
      this.retryDelay = 0
      this.context.logger.info(
        { policyVersion: audit.policyVersion, rewritten: purge.documentsRewritten, conflicts: purge.conflictsPurged, violations: audit.violationCount },
        'cloud purge finished',
      )
      return attestation
    } catch (error) {
      if (this.stopping.signal.aborted) return undefined
      const message = (error as Error).message
      // The code of an earlier attempt is dropped, because a plain error has none and the page then shows its message.
      const { lastErrorCode: _code, lastErrorParams: _params, ...earlier } = pending
      const next: PendingPurge = { ...earlier, attempts: pending.attempts + 1, lastError: message }
      if (error instanceof ApiError) next.lastErrorCode = error.code
      if (error instanceof ApiError && error.params) next.lastErrorParams = error.params
      await this.attestations.setPendingPurge(next)
      this.retryDelay = this.retryDelay === 0 ? this.retryMs : Math.min(this.retryDelay * 2, this.maxRetryMs)
      this.context.logger.warn({ policyVersion: pending.policyVersion, error: message, retryInMs: this.retryDelay }, 'cloud purge failed; retrying')
      this.schedule(this.retryDelay)
      throw error
    }
  }
}

/** Starts the residency enforcer and makes it reachable to the routes through the context. */
export async function startResidencyEnforcer(context: EdgeContext, options?: ResidencyEnforcerOptions): Promise<ResidencyEnforcer> {
  const enforcer = new ResidencyEnforcer(context, new AttestationStore(context.databases.meta), () => residencySyncOf(context), options)
  context.residency = enforcer
  await enforcer.start()
  return enforcer
}
