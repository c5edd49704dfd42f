import type { Database } from '../storage/pouch'
import type { Attestation, PendingPurge } from '@enclave/shared'

export type { Attestation, PendingPurge }

const ATTESTATION_ID = 'residency:attestation'
const PENDING_PURGE_ID = 'residency:pending-purge'

async function readDoc<T>(meta: Database, id: string): Promise<(T & { _rev: string }) | undefined> {
  try {
    return (await meta.get(id)) as unknown as T & { _rev: string }
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined
    throw error
  }
}

async function writeDoc(meta: Database, id: string, value: object): Promise<void> {
  const existing = await readDoc<object>(meta, id)
  await meta.put({ ...value, _id: id, _rev: existing?._rev } as never)
}

/** Stores the latest attestation and the pending purge in the edge's `meta` database. */
export class AttestationStore {
  constructor(private readonly meta: Database) {}

  async latest(): Promise<Attestation | undefined> {
    const stored = await readDoc<Attestation>(this.meta, ATTESTATION_ID)
    if (!stored) return undefined
    const { receivedAt, audit, purge } = stored
    return purge ? { receivedAt, audit, purge } : { receivedAt, audit }
  }

  async save(attestation: Attestation): Promise<void> {
    await writeDoc(this.meta, ATTESTATION_ID, attestation)
  }

  async pendingPurge(): Promise<PendingPurge | undefined> {
    const stored = await readDoc<PendingPurge>(this.meta, PENDING_PURGE_ID)
    if (!stored) return undefined
    const { _rev, _id, ...pending } = stored as PendingPurge & { _rev: string; _id?: string }
    return pending
  }

  async setPendingPurge(pending: PendingPurge): Promise<void> {
    await writeDoc(this.meta, PENDING_PURGE_ID, pending)
  }

  async clearPendingPurge(): Promise<void> {
    const existing = await readDoc<object>(this.meta, PENDING_PURGE_ID)
    if (existing) await this.meta.remove(PENDING_PURGE_ID, existing._rev)
  }
}
