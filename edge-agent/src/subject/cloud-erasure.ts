import type { EdgeContext } from '../context'
import type { EdgeWorker } from '../index'
import { requestCloudErasure } from '../policy/cloud-residency'
import type { ResidencyEnforcerOptions, ResidencySync } from '../policy/residency-enforcer'
import { residencySyncOf } from '../policy/residency-sync'
import { putLocalDocument } from '../storage/pouch'
import { readEnrolment } from '../sync/enrolment'

/** `meta` document listing the erased ids the cloud has not yet confirmed; ids are not personal data. */
const PENDING_ID = '_local/pending-cloud-erasure'

/** Erased documents whose cloud copies still have to be removed. */
export interface PendingErasure {
  ids: string[]
  requestedAt: string
  attempts: number
  lastError?: string
}

/**
 * State of the cloud copy after an erasure: removed, still to do (retried in the background),
 * or never made because the site is not enrolled.
 */
export type CloudErasureState = 'erased' | 'pending' | 'not_enrolled'

/** Retry timing, as the residency enforcer takes it. */
export type CloudErasureOptions = ResidencyEnforcerOptions

/**
 * Removes erased documents from the cloud. The edge's deletions reach the cloud as tombstones,
 * but the cloud keeps the old revision bodies until it compacts, so once the tombstones are
 * pushed this requests that the cloud delete every leaf of those documents and compact. The ids wait
 * in `meta` until the cloud confirms, so a restart or an unreachable cloud only delays it.
 */
export class CloudErasure implements EdgeWorker {
  readonly name = 'cloud-erasure'
  private timer: NodeJS.Timeout | undefined
  private running: Promise<CloudErasureState> | undefined
  private retryDelay = 0
  private readonly stopping = new AbortController()
  private readonly retryMs: number
  private readonly maxRetryMs: number

  constructor(
    private readonly context: EdgeContext,
    private readonly getSync: () => ResidencySync | undefined = () => residencySyncOf(context),
    options: CloudErasureOptions = {},
  ) {
    this.retryMs = options.retryMs ?? 2000
    this.maxRetryMs = options.maxRetryMs ?? 5 * 60_000
  }

  /** Resumes an erasure that an earlier run left pending. */
  async start(): Promise<void> {
    if (await this.pending()) this.schedule(0)
  }

  async stop(): Promise<void> {
    this.stopping.abort()
    clearTimeout(this.timer)
    await this.running?.catch(() => undefined)
  }

  async pending(): Promise<PendingErasure | undefined> {
    try {
      const { _id, _rev, ...pending } = (await this.context.databases.meta.get(PENDING_ID)) as unknown as PendingErasure & { _id: string; _rev: string }
      return pending.ids.length > 0 ? pending : undefined
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined
      throw error
    }
  }

  /** Adds ids to the pending erasure; call `run` to carry it out. */
  async request(ids: readonly string[]): Promise<void> {
    const pending = await this.pending()
    const merged = [...new Set([...(pending?.ids ?? []), ...ids])]
    await this.save({ ids: merged, requestedAt: pending?.requestedAt ?? new Date().toISOString(), attempts: pending?.attempts ?? 0 })
  }

  /** Runs the pending erasure now, or joins the run in progress. */
  run(): Promise<CloudErasureState> {
    clearTimeout(this.timer)
    this.running ??= this.runNow().finally(() => {
      this.running = undefined
    })
    return this.running
  }

  private save(pending: PendingErasure): Promise<void> {
    return putLocalDocument(this.context.databases.meta, PENDING_ID, pending as unknown as Record<string, unknown>)
  }

  private schedule(delayMs: number): void {
    if (this.stopping.signal.aborted) return
    clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.run().catch((error: unknown) => this.context.logger.error({ err: error }, 'cloud erasure failed'))
    }, delayMs)
    this.timer.unref()
  }

  private async runNow(): Promise<CloudErasureState> {
    const pending = await this.pending()
    if (!pending) return 'erased'
    const sync = this.getSync()
    if (!sync && !(await readEnrolment(this.context))) {
      // Not enrolled: the cloud has no copy, and a later enrolment uploads only the tombstones.
      await this.save({ ...pending, ids: [] })
      return 'not_enrolled'
    }

    try {
      if (!sync) throw new Error('the site is enrolled but replication has not started yet')
      await sync.whenPushed(this.stopping.signal)
      const report = await requestCloudErasure(this.context, sync.cloudUrl, pending.ids, this.stopping.signal)
      // Ids added while the request ran stay pending for the next run.
      const latest = await this.pending()
      const rest = (latest?.ids ?? []).filter((id) => !pending.ids.includes(id))
      await this.save({ ids: rest, requestedAt: latest?.requestedAt ?? pending.requestedAt, attempts: 0 })
      this.retryDelay = 0
      this.context.logger.info({ documents: pending.ids.length, revisionsDeleted: report.revisionsDeleted, tombstonesCleared: report.tombstonesCleared }, 'cloud erasure finished')
      if (rest.length > 0) this.schedule(0)
      return 'erased'
    } catch (error) {
      if (this.stopping.signal.aborted) return 'pending'
      const message = (error as Error).message
      await this.save({ ...pending, ids: (await this.pending())?.ids ?? pending.ids, attempts: pending.attempts + 1, lastError: message })
      this.retryDelay = this.retryDelay === 0 ? this.retryMs : Math.min(this.retryDelay * 2, this.maxRetryMs)
      this.context.logger.warn({ documents: pending.ids.length, error: message, retryInMs: this.retryDelay }, 'cloud erasure failed; retrying')
      this.schedule(this.retryDelay)
      return 'pending'
    }
  }
}

/** Starts the cloud erasure worker and makes it reachable to the routes through the context. */
export async function startCloudErasure(context: EdgeContext, options?: CloudErasureOptions): Promise<CloudErasure> {
  const worker = new CloudErasure(context, undefined, options)
  context.cloudErasure = worker
  await worker.start()
  return worker
}
