import { ApiError } from '@enclave/shared'
import { ConfigError } from '@enclave/shared/config'
import type { EdgeContext } from '../context'
import type { EdgeWorker } from '../index'
import { Projector } from '../projection/projector'
import { openDatabase, type Database } from '../storage/pouch'
import { enrolSite, readEnrolment } from './enrolment'
import { Merger } from './merger'
import { RecordHistory } from './record-history'
import { Replicator, type ReplicatorOptions, type SyncStatus } from './replicator'
import { SerialLock } from './serial-lock'

/**
 * The edge's sync. The projector and the merger always run, so the outbox is ready whenever a
 * cloud is reached. The replicator runs once the site is enrolled and a cloud URL is known.
 */
export class SyncService implements EdgeWorker {
  readonly name = 'sync'
  readonly history: RecordHistory
  readonly projector: Projector
  readonly merger: Merger
  private replicator: Replicator | undefined
  private readonly lock: SerialLock
  private readonly historyDb: Database

  constructor(
    private readonly context: EdgeContext,
    private readonly options: ReplicatorOptions = {},
  ) {
    const lock = new SerialLock()
    this.lock = lock
    this.historyDb = openDatabase(context.config.dataDir, 'history')
    this.history = new RecordHistory(this.historyDb)
    this.merger = new Merger(context, lock, this.history)
    this.projector = new Projector(context, lock, (id) => this.merger.reconcileLocked(id), () => this.merger.notifyOutboxWritten())
  }

  /** Starts projection and merging, and replication when the site is enrolled. */
  async start(): Promise<void> {
    await this.merger.start()
    await this.projector.start()
    const enrolment = await readEnrolment(this.context)
    const cloudUrl = this.context.config.cloudUrl ?? enrolment?.cloudUrl
    if (enrolment && cloudUrl) this.startReplicator(cloudUrl)
  }

  /** The running replicator; undefined until the site is enrolled. */
  get activeReplicator(): Replicator | undefined {
    return this.replicator
  }

  private startReplicator(cloudUrl: string): void {
    this.replicator = new Replicator(this.context, cloudUrl.replace(/\/+$/, ''), {
      ...this.options,
      onPulled: () => this.merger.notifyOutboxWritten(),
      upload: { lock: this.lock, isProjecting: () => this.projector.busy },
    })
    this.replicator.start()
  }

  /** Enrols the site with the cloud and (re)starts replication to it. */
  async enrol(enrolmentCode: string, cloudUrl = this.context.config.cloudUrl): Promise<SyncStatus> {
    if (!cloudUrl) {
      throw new ApiError(400, 'cloud_url_missing', 'no cloud URL is configured; send cloudUrl in the body or set CLOUD_URL')
    }
    const enrolment = await enrolSite(this.context, cloudUrl, enrolmentCode)
    await this.replicator?.stop()
    this.startReplicator(enrolment.cloudUrl)
    await this.replicator?.ensurePolicyPublished().catch(() => undefined)
    return this.status()
  }

  async status(): Promise<SyncStatus> {
    if (this.replicator) return this.replicator.status()
    const enrolment = await readEnrolment(this.context)
    return {
      state: 'not_enrolled',
      cloudUrl: enrolment?.cloudUrl ?? this.context.config.cloudUrl ?? null,
      lastSuccessAt: null,
      pendingPush: (await this.context.databases.outbox.info()).doc_count,
      pendingPull: 0,
      lastError: null,
    }
  }

  /** Resolves once every record change is projected and every outbox change merged. */
  async drain(): Promise<void> {
    await this.projector.drain()
    await this.merger.drain()
    await this.projector.drain()
  }

  async stop(): Promise<void> {
    await this.replicator?.stop()
    await this.projector.stop()
    await this.merger.stop()
    await this.historyDb.close()
  }
}

/**
 * Reads the replicator's retry timing from `SYNC_RETRY_INITIAL_MS` and `SYNC_RETRY_MAX_MS`
 * (milliseconds; defaults 1000 and 60000). Tests shorten them so reconnects happen quickly.
 */
export function readReplicatorOptions(env: NodeJS.ProcessEnv = process.env): ReplicatorOptions {
  const options: ReplicatorOptions = {}
  for (const [name, key] of [['SYNC_RETRY_INITIAL_MS', 'initialBackoffMs'], ['SYNC_RETRY_MAX_MS', 'maxBackoffMs']] as const) {
    const text = env[name]
    if (text === undefined || text === '') continue
    const value = Number(text)
    if (!Number.isInteger(value) || value < 10 || value > 3_600_000) {
      throw new ConfigError(name, `is '${text}'; use a whole number of milliseconds from 10 to 3600000`)
    }
    options[key] = value
  }
  return options
}

/** Starts the edge's sync worker and makes it reachable to the routes through the context. */
export async function startSync(context: EdgeContext, options = readReplicatorOptions()): Promise<SyncService> {
  const service = new SyncService(context, options)
  context.sync = service
  await service.start()
  return service
}
