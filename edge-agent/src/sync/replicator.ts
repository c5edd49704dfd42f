import crypto from 'node:crypto'
import { toAllowedFieldSet, type ResidencyPolicy } from '@enclave/shared'
import type { EdgeContext } from '../context'
import { PouchDB } from '../storage/pouch'
import { uploadInitialOutbox } from './initial-upload'
import type { SerialLock } from './serial-lock'
import { splitBulkDocs } from './split-bulk-docs'
import { signSiteToken } from './site-token'

/** Documents per replication batch; the gateway and CouchDB handle 500 well. */
export const REPLICATION_BATCH_SIZE = 500

export type SyncState = 'not_enrolled' | 'connecting' | 'connected' | 'offline' | 'error'

/** Body of `GET /api/sync/status`. */
export interface SyncStatus {
  state: SyncState
  cloudUrl: string | null
  lastSuccessAt: string | null
  /** Outbox changes not yet sent to the cloud (an upper bound while offline). */
  pendingPush: number
  /** Cloud changes not yet received, as the cloud last reported. */
  pendingPull: number
  lastError: string | null
}

export interface ReplicatorOptions {
  /** First wait before retrying a failed replication, in ms. */
  initialBackoffMs?: number
  /** Maximum wait between retries, in ms. */
  maxBackoffMs?: number
  /** Called after the pull has written documents from the cloud into the outbox. */
  onPulled?: () => void
  /**
   * The projector's lock and state, for the upload of a new site's outbox to its empty cloud
   * database before replication starts. Without them, replication sends everything.
   */
  upload?: { lock: SerialLock; isProjecting(): boolean }
}

interface ChangeInfo {
  direction: 'push' | 'pull'
  change: { last_seq?: number | string; pending?: number; docs_written?: number }
}

function describeError(error: unknown): { message: string; status?: number } {
  const failure = error as { status?: number; message?: string; reason?: string; name?: string; cause?: { code?: string } }
  const text = failure?.reason ?? failure?.message ?? failure?.name ?? String(error)
  const message = failure?.cause?.code ? `${text} (${failure.cause.code})` : text
  return { message, status: typeof failure?.status === 'number' ? failure.status : undefined }
}

function numericSeq(seq: number | string | undefined): number {
  return typeof seq === 'number' ? seq : Number.parseInt(String(seq ?? 0), 10) || 0
}

/** Waits before the next retry: doubles from the first wait up to the maximum, with jitter. */
export function nextBackoff(previousMs: number, initialMs: number, maxMs: number): number {
  const base = previousMs <= 0 ? initialMs : Math.min(previousMs * 2, maxMs)
  return Math.round(base * (0.8 + Math.random() * 0.4))
}

/**
 * Live two-way replication of `outbox` with the site's database at the cloud's sync gateway.
 * Each request carries a new site token. The allowed field set of the current policy is
 * published before any `_bulk_docs` is sent, so the gateway never judges a document by an
 * older policy than the one it was projected with. A `_bulk_docs` the gateway rejects as too
 * large (413) is split in halves and sent again.
 */
export class Replicator {
  private sync: PouchDB.Replication.Sync<object> | undefined
  private state: SyncState = 'connecting'
  private lastSuccessAt: string | null = null
  private lastError: string | null = null
  private pushedSeq = 0
  private pendingPull = 0
  private publishedHash: string | undefined
  private publishing: Promise<void> | undefined
  private readonly onPulled: (() => void) | undefined
  private stopPolicyListener: (() => void) | undefined
  private readonly initialBackoffMs: number
  private readonly maxBackoffMs: number
  private readonly upload: ReplicatorOptions['upload']
  private starting: Promise<void> | undefined
  private stopped = false

  constructor(
    private readonly context: EdgeContext,
    readonly cloudUrl: string,
    options: ReplicatorOptions = {},
  ) {
    this.initialBackoffMs = options.initialBackoffMs ?? 1000
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000
    this.onPulled = options.onPulled
    this.upload = options.upload
  }

  /** URL of the site's database at the gateway. */
  get remoteUrl(): string {
    return `${this.cloudUrl}/sync/${encodeURIComponent(this.context.config.siteId)}`
  }

  start(): void {
    const remote = new PouchDB(this.remoteUrl, {
      skip_setup: true,
      fetch: (url: string | Request, init?: RequestInit) => this.cloudFetch(String(url), init ?? {}),
    } as PouchDB.Configuration.RemoteDatabaseConfiguration)

    this.stopPolicyListener = this.context.policies.onChange(() => {
      this.publishedHash = undefined
      this.ensurePolicyPublished().catch((error: unknown) => this.recordError(error))
    })
    this.ensurePolicyPublished().catch((error: unknown) => this.recordError(error))

    this.starting = this.uploadFirst()
      .catch((error: unknown) => {
        this.recordError(error)
        return 0
      })
      .then((since) => {
        if (!this.stopped) this.startSync(remote, since)
      })
  }

  /** Uploads a new site's outbox to its empty cloud database and returns the sequence reached. */
  private async uploadFirst(): Promise<number> {
    if (!this.upload) return 0
    const { lock, isProjecting } = this.upload
    const began = Date.now()
    const since = await uploadInitialOutbox({
      outbox: this.context.databases.outbox,
      lock,
      isProjecting,
      isStopped: () => this.stopped,
      remoteInfo: async () => {
        const response = await this.signedFetch(this.remoteUrl, { method: 'GET' })
        return response.ok ? ((await response.json()) as { doc_count?: number; doc_del_count?: number }) : undefined
      },
      sendBulkDocs: (body) => this.cloudFetch(`${this.remoteUrl}/_bulk_docs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
      onProgress: (seq) => {
        this.pushedSeq = Math.max(this.pushedSeq, seq)
        this.markSuccess()
      },
    })
    if (since > 0) this.context.logger.info({ cloudUrl: this.cloudUrl, seq: since, ms: Date.now() - began }, 'outbox uploaded to the empty cloud database')
    return since
  }

  private startSync(remote: PouchDB.Database, pushSince: number): void {
    const { logger } = this.context
    const sync = PouchDB.sync(this.context.databases.outbox, remote, {
      live: true,
      retry: true,
      batch_size: REPLICATION_BATCH_SIZE,
      batches_limit: 4,
      back_off_function: (delay: number) => nextBackoff(delay, this.initialBackoffMs, this.maxBackoffMs),
      // Replication checkpoints the uploaded range and starts after it.
      ...(pushSince > 0 ? { push: { since: pushSince } } : {}),
    })
    sync.on('change', (info) => this.onChange(info as unknown as ChangeInfo))
    // The combined sync drops the error of a paused direction, so each direction is watched too.
    const directions = sync as unknown as { push: PouchDB.Replication.Replication<object>; pull: PouchDB.Replication.Replication<object> }
    for (const direction of [directions.push, directions.pull]) {
      direction.on('paused', (error: unknown) => {
        if (error) this.recordError(error)
      })
    }
    sync.on('paused', (error) => this.onPaused(error))
    sync.on('active', () => {
      if (this.state !== 'connected') logger.info({ cloudUrl: this.cloudUrl }, 'replication resumed')
    })
    sync.on('denied', (error) => this.recordError(error))
    sync.on('error', (error) => this.recordError(error))
    this.sync = sync
    logger.info({ cloudUrl: this.cloudUrl, batchSize: REPLICATION_BATCH_SIZE }, 'replication started')
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.stopPolicyListener?.()
    await this.starting
    const sync = this.sync
    this.sync = undefined
    if (!sync) return
    const ended = new Promise<void>((resolve) => sync.on('complete', () => resolve()))
    sync.cancel()
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 2000).unref())])
    await this.publishing?.catch(() => undefined)
    this.context.logger.info({ cloudUrl: this.cloudUrl }, 'replication stopped')
  }

  async status(): Promise<SyncStatus> {
    const info = await this.context.databases.outbox.info()
    const pendingPush = Math.max(0, numericSeq(info.update_seq) - this.pushedSeq)
    return {
      state: this.state,
      cloudUrl: this.cloudUrl,
      lastSuccessAt: this.lastSuccessAt,
      pendingPush,
      pendingPull: this.pendingPull,
      lastError: this.lastError,
    }
  }

  private onChange(info: ChangeInfo): void {
    this.markSuccess()
    if (info.direction === 'push') this.pushedSeq = Math.max(this.pushedSeq, numericSeq(info.change.last_seq))
    else {
      this.pendingPull = info.change.pending ?? this.pendingPull
      if ((info.change.docs_written ?? 0) > 0) this.onPulled?.()
    }
  }

  private onPaused(error: unknown): void {
    if (error) {
      this.recordError(error)
      return
    }
    // Paused without an error means both directions caught up.
    this.context.databases.outbox
      .info()
      .then((info) => {
        this.pushedSeq = Math.max(this.pushedSeq, numericSeq(info.update_seq))
      })
      .catch(() => undefined)
    this.pendingPull = 0
    this.markSuccess()
  }

  private markSuccess(): void {
    if (this.state !== 'connected') this.context.logger.info({ cloudUrl: this.cloudUrl }, 'replication connected')
    this.state = 'connected'
    this.lastSuccessAt = new Date().toISOString()
    this.lastError = null
  }

  private recordError(error: unknown): void {
    const { message, status } = describeError(error)
    const lastError = status ? `${status}: ${message}` : message
    const state: SyncState = status && status >= 400 && status < 500 ? 'error' : 'offline'
    // Every failed request of a retry loop lands here; log only when the failure changes.
    const repeated = this.state === state && this.lastError === lastError
    this.lastError = lastError
    this.state = state
    if (!repeated) this.context.logger.warn({ cloudUrl: this.cloudUrl, status, error: message }, 'replication failed; retrying with back-off')
  }

  /** Publishes the current policy's allowed field set unless the cloud already has it. */
  ensurePolicyPublished(): Promise<void> {
    const policy = this.context.policies.get()
    const hash = crypto.createHash('sha256').update(JSON.stringify(toAllowedFieldSet(policy))).digest('hex')
    if (this.publishedHash === hash) return Promise.resolve()
    this.publishing ??= this.publishPolicy(policy, hash).finally(() => {
      this.publishing = undefined
    })
    return this.publishing
  }

  private async publishPolicy(policy: ResidencyPolicy, hash: string): Promise<void> {
    const url = `${this.cloudUrl}/api/sites/${encodeURIComponent(this.context.config.siteId)}/policy`
    const response = await this.signedFetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(toAllowedFieldSet(policy)),
    })
    if (response.status === 409) {
      const current = await this.signedFetch(url, { method: 'GET' })
      const published = current.ok ? ((await current.json()) as { version?: number }) : {}
      if (published.version !== policy.version) {
        throw Object.assign(new Error(`the cloud rejected policy version ${policy.version} because it has version ${published.version}; publish a policy with a higher version at the site`), { status: 409 })
      }
    } else if (!response.ok) {
      const body = await response.text()
      throw Object.assign(new Error(`publishing policy version ${policy.version} failed: ${body.slice(0, 300)}`), { status: response.status })
    }
    this.publishedHash = hash
    this.context.logger.info({ policyVersion: policy.version }, 'allowed field set published')
  }

  private async signedFetch(url: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers)
    headers.set('authorization', `Bearer ${await signSiteToken(this.context.config.siteId, this.context.secrets)}`)
    try {
      return await fetch(url, { ...init, headers })
    } catch (error) {
      if (this.sync) this.recordError(error)
      throw error
    }
  }

  /**
   * Reads the database info and returns a 503 response on a network failure instead of throwing.
   *
   * NOTE: pouchdb-replication 9.0.0 reads the source's info after each batch only for its
   * progress figures and does not catch a failure there, so a connection cut at that moment
   * would be an unhandled rejection. Replication itself notices the failure on its next request.
   */
  private async fetchDatabaseInfo(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.signedFetch(url, init)
    } catch (error) {
      const reason = describeError(error).message
      return new Response(JSON.stringify({ error: 'unavailable', reason }), { status: 503, headers: { 'content-type': 'application/json' } })
    }
  }

  private async cloudFetch(url: string, init: RequestInit): Promise<Response> {
    const method = (init.method ?? 'GET').toUpperCase()
    const pathname = new URL(url).pathname.replace(/\/+$/, '')
    if (method === 'GET' && pathname === new URL(this.remoteUrl).pathname) return this.fetchDatabaseInfo(url, init)
    const isBulkDocs = method === 'POST' && pathname.endsWith('/_bulk_docs')
    if (!isBulkDocs) return this.signedFetch(url, init)

    await this.ensurePolicyPublished()
    return splitBulkDocs(url, init, (partInit) => this.signedFetch(url, partInit), (parts) => {
      this.context.logger.warn({ parts }, 'the cloud rejected a batch as too large; sending it in smaller parts')
    })
  }
}
